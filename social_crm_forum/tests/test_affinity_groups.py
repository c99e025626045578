from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SocialCrmForumCommon


class ForumGroupsCommon(SocialCrmForumCommon):
    """A published group owning the forum tag "gravel": Alice (asker) and Bob (answerer) are
    members, Bob leads it; Vera (voter) is not a member."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Standing = cls.env["social.affinity.group.standing"]
        cls.tag_gravel = cls.env["forum.tag"].create({"name": "gravel", "forum_id": cls.forum.id})
        cls.group = cls.env["social.affinity.group"].create(
            {
                "name": "Test Gravel Riders",
                "passion": "Gravel riding",
                "is_published": True,
                "forum_tag_ids": [(6, 0, cls.tag_gravel.ids)],
            }
        )
        cls.asker.partner_id.write({"community_contact_consent": True, "community_public_consent": True})
        cls.answerer.partner_id.write({"community_contact_consent": True, "community_public_consent": True})
        Membership = cls.env["social.affinity.membership"].sudo()
        cls.m_asker = Membership.create({"group_id": cls.group.id, "partner_id": cls.asker.partner_id.id})
        cls.m_answerer = Membership.create(
            {"group_id": cls.group.id, "partner_id": cls.answerer.partner_id.id, "role": "leader"}
        )

    def standing(self, partner):
        # the group's figures are refreshed hourly in production: refresh them now; the rows
        # are an SQL view: drop what an earlier read of the same row left in the cache
        self.group._refresh_standing()
        self.Standing.invalidate_model()
        self.group.invalidate_recordset()
        return self.Standing.search([("group_id", "=", self.group.id), ("partner_id", "=", partner.id)])


@tagged("post_install", "-at_install")
class TestForumGroupStanding(ForumGroupsCommon):
    def test_standing_is_members_engagement_in_the_group_tags(self):
        question = self.ask(self.asker, "Tubeless or tubes on gravel?", tags=self.tag_gravel)
        answer = self.answer(self.answerer, question, "Tubeless, with fresh sealant.")
        answer.with_user(self.voter).vote(upvote=True)
        # outside the group's tags, or by a non-member: not the group's standing
        elsewhere = self.ask(self.asker, "How do I export my invoices?", tags=self.tag_howto)
        self.answer(self.answerer, elsewhere)
        self.ask(self.voter, "Best gravel tyres?", tags=self.tag_gravel)

        asker, answerer = self.asker.partner_id, self.answerer.partner_id
        self.assertAlmostEqual(self.standing(asker).raw_points, 2.0)  # forum_question
        self.assertAlmostEqual(self.standing(answerer).raw_points, 7.0)  # forum_answer + upvote received
        self.assertEqual(self.standing(answerer).event_count, 2)
        self.assertFalse(self.standing(self.voter.partner_id))
        group = self.group.with_user(self.salesman)
        self.assertTrue(group.standing_date)
        self.assertAlmostEqual(group.standing, 9.0, places=1)
        self.assertEqual((group.activity_count, group.active_member_count), (3, 2))
        self.assertEqual(group.champion_ids.partner_id.ids, [answerer.id, asker.id])

        # the vote is withdrawn (a downvote on an upvote cancels it): its compensation
        # leaves the standing too
        answer.with_user(self.voter).vote(upvote=False)
        self.assertAlmostEqual(self.standing(answerer).raw_points, 5.0)
        # a member who leaves leaves the standing
        self.group.with_user(self.asker).action_leave()
        self.assertFalse(self.standing(asker))
        self.assertEqual(self.group.champion_ids.partner_id, answerer)

    def test_employees_count_in_standing_but_are_never_champions(self):
        self.env["social.affinity.membership"].sudo().create(
            {"group_id": self.group.id, "partner_id": self.employee.partner_id.id}
        )
        self.employee.partner_id.community_role = "employee"
        question = self.ask(self.asker, "Which gravel bike for bikepacking?", tags=self.tag_gravel)
        self.answer(self.employee, question)
        self.assertAlmostEqual(self.standing(self.employee.partner_id).raw_points, 5.0)
        self.assertNotIn(self.employee.partner_id, self.group.champion_ids.partner_id)

    def test_standing_decays_like_the_score(self):
        question = self.ask(self.asker, "Gravel routes in winter?", tags=self.tag_gravel)
        answer = self.answer(self.answerer, question)
        # history with its original date, recorded through the producer API as a backfill would
        self.Engagement.sudo().record_events(
            [
                {
                    "partner_id": self.answerer.partner_id.id,
                    "type_code": "forum_answer_accepted",
                    "res_model": "forum.post",
                    "res_id": answer.id,
                    "date": fields.Datetime.now() - timedelta(days=365),
                }
            ]
        )
        rows = self.ledger(partner=self.answerer.partner_id, records=answer)
        now = fields.Datetime.now()
        expected = sum(
            row.points * 0.5 ** ((now - row.date).total_seconds() / 86400 / row.type_id.half_life_days) for row in rows
        )
        standing = self.standing(self.answerer.partner_id)
        self.assertAlmostEqual(standing.raw_points, 20.0)
        self.assertAlmostEqual(standing.decayed_points, expected, places=2)
        self.assertAlmostEqual(standing.decayed_points, 5.0 + 7.5, places=1)


@tagged("post_install", "-at_install")
class TestForumGroupLeaderOffer(ForumGroupsCommon):
    """Unanswered questions in a group's tags go to its consenting leaders, then to the staff."""

    def setUp(self):
        super().setUp()
        self.forum.write(
            {
                "social_crm_escalation_hours": 48,
                "social_crm_leader_offer_hours": 24,
                "social_crm_escalation_user_id": self.employee.id,
            }
        )
        self.shy_leader = new_test_user(
            self.env, login="forum_shy_leader", name="Sam Shy", email="shy@example.com", groups="base.group_portal"
        )
        self.shy_leader.partner_id.community_contact_consent = False
        self.env["social.affinity.membership"].sudo().create(
            {"group_id": self.group.id, "partner_id": self.shy_leader.partner_id.id, "role": "leader"}
        )

    def age(self, post, hours):
        self.set_create_date(post, fields.Datetime.now() - timedelta(hours=hours))

    def offers(self, question):
        # (the staff's activity comes with a notification of its own: not an offer)
        return self.env["mail.message"].search(
            [
                ("model", "=", "forum.post"),
                ("res_id", "=", question.id),
                ("message_type", "=", "user_notification"),
                ("subject", "=like", "A question for your group%"),
            ]
        )

    def staff_activities(self, question):
        return self.env["mail.activity"].search([("res_model", "=", "forum.post"), ("res_id", "=", question.id)])

    def test_leaders_with_consent_first_then_staff(self):
        question = self.ask(self.voter, "Sealant dries out in winter", tags=self.tag_gravel)
        other = self.ask(self.voter, "A question outside the groups", tags=self.tag_howto)
        answered = self.ask(self.voter, "Already answered gravel question", tags=self.tag_gravel)
        self.answer(self.asker, answered)
        recent = self.ask(self.voter, "Asked an hour ago on gravel", tags=self.tag_gravel)
        self.age(question | other | answered, 30)
        self.age(recent, 1)

        self.Post._cron_escalate_unanswered_questions()
        # the consenting leader only; the staff not yet
        self.assertEqual(question.social_crm_offered_leader_ids, self.answerer.partner_id)
        offer = self.offers(question)
        self.assertEqual(len(offer), 1)
        self.assertEqual(offer.partner_ids, self.answerer.partner_id)
        self.assertIn(question.website_url, offer.body)
        self.assertFalse(self.staff_activities(question))
        for untouched in (other, answered, recent):
            self.assertFalse(untouched.social_crm_leader_offer_date)
            self.assertFalse(self.offers(untouched))

        # offered once
        self.Post._cron_escalate_unanswered_questions()
        self.assertEqual(len(self.offers(question)), 1)

        # still unanswered past the escalation delay: the staff gets it
        self.age(question, 50)
        self.Post._cron_escalate_unanswered_questions()
        self.assertEqual(self.staff_activities(question).user_id, self.employee)
        self.assertEqual(len(self.offers(question)), 1)

    def test_never_offered_without_contact_consent_nor_to_the_author(self):
        # Sam leads without contact consent; Bob withdraws his
        self.answerer.partner_id.community_contact_consent = False
        question = self.ask(self.voter, "Nobody may be contacted", tags=self.tag_gravel)
        own = self.ask(self.answerer, "The leader's own question", tags=self.tag_gravel)
        self.age(question | own, 30)
        self.Post._cron_escalate_unanswered_questions()
        self.assertFalse(self.offers(question) | self.offers(own))
        self.assertFalse(question.social_crm_leader_offer_date)
        # consent given: offered, but never to the author of the question
        self.answerer.partner_id.community_contact_consent = True
        self.Post._cron_escalate_unanswered_questions()
        self.assertEqual(self.offers(question).partner_ids, self.answerer.partner_id)
        self.assertFalse(self.offers(own))
        self.assertTrue(own.social_crm_leader_offer_date)

    def test_unpublished_groups_and_former_leaders_get_nothing(self):
        self.group.is_published = False
        question = self.ask(self.voter, "Gravel in an unpublished group", tags=self.tag_gravel)
        self.age(question, 30)
        self.Post._cron_escalate_unanswered_questions()
        self.assertFalse(self.offers(question))
        self.group.is_published = True
        self.group.with_user(self.answerer).action_leave()
        self.Post._cron_escalate_unanswered_questions()
        self.assertFalse(self.offers(question))

    def test_leaders_come_before_the_staff(self):
        self.assertEqual(self.forum._social_crm_leader_offer_delay(), 24)
        self.forum.social_crm_leader_offer_hours = 0
        self.assertEqual(self.forum._social_crm_leader_offer_delay(), 24)  # half of 48
        with self.assertRaises(ValidationError):
            self.forum.social_crm_leader_offer_hours = 48
            self.forum.flush_recordset()


@tagged("post_install", "-at_install")
class TestForumGroupDashboardAndPage(ForumGroupsCommon, HttpCase):
    def test_dashboard_counts_questions_answered_inside_the_group(self):
        inside = self.ask(self.voter, "Answered by a member", tags=self.tag_gravel)
        self.answer(self.answerer, inside)
        self.answer(self.asker, inside)
        outside_answerer = self.ask(self.asker, "Answered by a non-member", tags=self.tag_gravel)
        self.answer(self.voter, outside_answerer)
        other_tag = self.ask(self.voter, "Answered outside the group's tags", tags=self.tag_howto)
        self.answer(self.answerer, other_tag)
        data = self.env["social.crm.dashboard"].with_user(self.salesman).get_dashboard_data(period_days=7)
        section = next(s for s in data if s["key"] == "affinity_groups")
        card = next(c for c in section["cards"] if c["key"] == f"group_{self.group.id}")
        items = {item["key"]: item["value"] for item in card["items"]}
        self.assertEqual(items["answered_inside"], 1)
        self.assertEqual(items["active_members"], 2)

    def test_group_page_lists_recent_questions(self):
        question = self.ask(self.asker, "Which tyre pressure for gravel?", tags=self.tag_gravel)
        self.ask(self.asker, "Not a gravel question", tags=self.tag_howto)
        page = self.url_open(self.group.website_url).text
        self.assertIn(question.name, page)
        self.assertIn(question.website_url, page)
        self.assertNotIn("Not a gravel question", page)
        # the group's champions appear with public consent only
        self.answer(self.answerer, question)
        self.answerer.partner_id.community_public_consent = False
        page = self.url_open(self.group.website_url).text
        self.assertIn("Alice Asker", page.split("o_social_crm_group_champions")[1])
        self.assertNotIn("Bob Answerer", page)
