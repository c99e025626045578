from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestIdeaMerge(IdeasCommon):
    def test_merge_moves_votes_followers_comments(self):
        duplicate = self.create_idea("Test duplicate: sync calendar", self.partner_carol)
        self.vote(self.idea, self.partner_bob)
        self.vote(duplicate, self.partner_bob)  # double vote once merged: dropped
        self.vote(duplicate, self.partner_frank)
        self.vote(duplicate, self.partner_alice)  # the kept idea's author, who voted for it: dropped
        duplicate.message_subscribe(partner_ids=self.partner_portal.ids)
        comment = duplicate.message_post(
            body="Test comment on the duplicate", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        wizard = (
            self.env["social.idea.merge"]
            .with_user(self.user_manager)
            .with_context(active_model="social.idea", active_ids=(self.idea | duplicate).ids)
            .create({})
        )
        wizard.target_id = self.idea
        wizard.action_merge()
        self.assertEqual(duplicate.merged_into_id, self.idea)
        # the duplicate's author (Carol) voted for it: her vote moves to the kept idea
        self.assertEqual(self.idea.vote_count, 4)
        self.assertEqual(duplicate.vote_count, 0)
        self.assertEqual(
            self.idea.vote_ids.partner_id,
            self.partner_alice | self.partner_bob | self.partner_frank | self.partner_carol,
        )
        self.assertIn(self.partner_portal, self.idea.message_partner_ids)
        self.assertIn(self.partner_carol, self.idea.message_partner_ids)
        self.assertEqual(comment.res_id, self.idea.id)
        # The vote points follow the kept idea's author.
        frank_vote = self.idea.vote_ids.filtered(lambda v: v.partner_id == self.partner_frank)
        self.assertEqual(
            self.net_points(self.partner_carol, "idea_vote_received", "social.idea.vote", frank_vote.id), 0.0
        )
        self.assertEqual(
            self.net_points(self.partner_alice, "idea_vote_received", "social.idea.vote", frank_vote.id), 1.0
        )

    def test_merge_into_itself_or_cycle_refused(self):
        other = self.create_idea("Test other idea", self.partner_carol)
        with self.assertRaisesRegex(UserError, "itself"):
            self.idea._merge_into(self.idea)
        other._merge_into(self.idea)
        with self.assertRaisesRegex(UserError, "already merged"):
            self.idea._merge_into(other)
        with self.assertRaises(ValidationError):
            self.idea.sudo().write({"merged_into_id": other.id})
        self.assertFalse(self.idea.merged_into_id)

    def test_merge_requires_manager(self):
        other = self.create_idea("Test other idea", self.partner_carol)
        with self.assertRaises(AccessError):
            self.env["social.idea.merge"].with_user(self.user_sales).create(
                {"idea_ids": [Command.set((self.idea | other).ids)], "target_id": self.idea.id}
            )
        self.assertFalse(other.merged_into_id)
