from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestIdeaSecurity(IdeasCommon):
    def test_portal_sees_only_own_votes_and_no_pipeline(self):
        self.vote(self.idea, self.partner_bob)
        self.Vote.with_user(self.user_portal).create({"idea_id": self.idea.id})
        visible = self.Vote.with_user(self.user_portal).search([("idea_id", "=", self.idea.id)])
        self.assertEqual(visible.partner_id, self.partner_portal)
        idea = self.idea.with_user(self.user_portal)
        self.assertEqual(idea.vote_count, 3, "the author's vote and two")
        with self.assertRaises(AccessError):
            idea.read(["demand_value"])
        with self.assertRaises(AccessError):
            idea.read(["lead_ids"])
        other_vote = self.idea.vote_ids.filtered(lambda v: v.partner_id == self.partner_bob)
        with self.assertRaises(AccessError):
            other_vote.with_user(self.user_portal).unlink()

    def test_published_visibility(self):
        draft = self.create_idea("Test hidden idea", self.partner_bob, is_published=False)
        mine = self.Idea.with_user(self.user_portal).create({"name": "Test my idea"})
        mine.sudo().is_published = False
        public = self.env.ref("base.public_user")
        self.assertFalse(self.Idea.with_user(public).search([("id", "=", draft.id)]))
        self.assertTrue(self.Idea.with_user(public).search([("id", "=", self.idea.id)]))
        portal_ideas = self.Idea.with_user(self.user_portal).search([("id", "in", (draft | mine | self.idea).ids)])
        self.assertEqual(portal_ideas, mine | self.idea)
        self.assertFalse(self.Idea.with_user(self.user_portal_other).search([("id", "=", mine.id)]))

    def test_employee_without_social_crm_cannot_manage(self):
        with self.assertRaises(AccessError):
            self.idea.with_user(self.user_employee).write({"name": "Renamed"})
        self.assertTrue(self.idea.with_user(self.user_employee).demand_value == 0)
