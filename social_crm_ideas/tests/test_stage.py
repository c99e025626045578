from odoo.tests import tagged

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestIdeaStage(IdeasCommon):
    def test_stage_change_notifies_voters_and_followers(self):
        self.vote(self.idea, self.partner_bob)
        self.vote(self.idea, self.partner_frank)
        follower = self.partner_carol
        self.idea.message_subscribe(partner_ids=follower.ids)
        self.idea.with_user(self.user_manager).stage_id = self.stage_planned
        message = self.env["mail.message"].search(
            [
                ("model", "=", "social.idea"),
                ("res_id", "=", self.idea.id),
                ("message_type", "=", "comment"),
            ],
            order="id desc",
            limit=1,
        )
        self.assertTrue(message, "a status e-mail is posted on the idea")
        self.assertIn("Planned", message.subject)
        self.assertIn(self.idea.website_url, message.body)
        notified = self.env["mail.notification"].search([("mail_message_id", "=", message.id)]).res_partner_id
        self.assertLessEqual(self.partner_bob | self.partner_frank | follower | self.partner_alice, notified)

    def test_stage_without_template_sends_nothing(self):
        self.vote(self.idea, self.partner_bob)
        self.stage_review.mail_template_id = False
        before = self.env["mail.message"].search_count(
            [("model", "=", "social.idea"), ("res_id", "=", self.idea.id), ("message_type", "=", "comment")]
        )
        self.idea.stage_id = self.stage_review
        after = self.env["mail.message"].search_count(
            [("model", "=", "social.idea"), ("res_id", "=", self.idea.id), ("message_type", "=", "comment")]
        )
        self.assertEqual(before, after)
        self.assertEqual(self.idea.date_stage.date(), self.idea.write_date.date())

    def test_adoption_engagement_and_reversal(self):
        self.vote(self.idea, self.partner_bob)
        self.idea.stage_id = self.stage_planned
        self.assertEqual(self.net_points(self.partner_alice, "idea_adopted", "social.idea", self.idea.id), 20.0)
        self.assertEqual(
            self.net_points(self.partner_bob, "idea_vote_adopted", "social.idea", self.idea.id),
            2.0,
        )
        # Moving between adopted stages does not pay twice.
        self.idea.stage_id = self.stage_done
        self.assertEqual(self.net_points(self.partner_alice, "idea_adopted", "social.idea", self.idea.id), 20.0)
        self.idea.stage_id = self.stage_declined
        self.assertEqual(self.net_points(self.partner_alice, "idea_adopted", "social.idea", self.idea.id), 0.0)
        self.assertEqual(
            self.net_points(self.partner_bob, "idea_vote_adopted", "social.idea", self.idea.id),
            0.0,
        )
