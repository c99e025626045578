from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestIdeaStage(IdeasCommon):
    def test_stage_change_notifies_voters_and_followers(self):
        self.vote(self.idea, self.partner_bob)
        self.vote(self.idea, self.partner_frank)
        follower = self.partner_carol
        self.idea.message_subscribe(partner_ids=follower.ids)
        comments_before = self.env["mail.message"].search_count(
            [("model", "=", "social.idea"), ("res_id", "=", self.idea.id), ("message_type", "=", "comment")]
        )
        self.idea.with_user(self.user_manager).with_context(
            social_crm_ideas_status_note="Scheduled for the spring release."
        ).stage_id = self.stage_planned
        mail = self.env["mail.mail"].search(
            [("model", "=", "social.idea"), ("res_id", "=", self.idea.id)], order="id desc", limit=1
        )
        self.assertTrue(mail, "a status e-mail is sent")
        self.assertIn("Planned", mail.subject)
        self.assertIn(self.idea.website_url, mail.body_html)
        self.assertIn("Scheduled for the spring release.", mail.body_html)
        self.assertLessEqual(self.partner_bob | self.partner_frank | follower | self.partner_alice, mail.recipient_ids)
        # no public comment carries the e-mail: the status history shows the change
        comments_after = self.env["mail.message"].search_count(
            [("model", "=", "social.idea"), ("res_id", "=", self.idea.id), ("message_type", "=", "comment")]
        )
        self.assertEqual(comments_after, comments_before)
        change = self.idea.status_change_ids[:1]
        self.assertEqual(change.stage_id, self.stage_planned)
        self.assertEqual(change.previous_stage_id, self.stage_new)
        self.assertEqual(change.note, "Scheduled for the spring release.")
        self.assertEqual(change.user_id, self.user_manager)

    def test_declining_requires_a_reason(self):
        Idea = self.idea.with_user(self.user_manager)
        with self.assertRaisesRegex(UserError, "reason"):
            Idea.stage_id = self.stage_declined
        self.assertEqual(self.idea.stage_id, self.stage_new)
        wizard = Form(
            self.env["social.idea.status.wizard"]
            .with_user(self.user_manager)
            .with_context(active_model="social.idea", active_id=self.idea.id)
        )
        wizard.stage_id = self.stage_declined
        wizard.note = "   "
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.save().action_confirm()
        wizard.note = "Out of scope for the product."
        wizard.save().action_confirm()
        self.assertEqual(self.idea.stage_id, self.stage_declined)
        self.assertEqual(self.idea.status_change_ids[:1].note, "Out of scope for the product.")
        # the history is public with the idea: a visitor reads it
        public = self.env.ref("base.public_user")
        history = self.env["social.idea.status"].with_user(public).search([("idea_id", "=", self.idea.id)])
        self.assertEqual(history[:1].note, "Out of scope for the product.")
        self.assertEqual(history.mapped("stage_id"), self.stage_declined | self.stage_new)

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
