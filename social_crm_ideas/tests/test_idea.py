from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestIdea(IdeasCommon):
    def test_title_required_and_bounded(self):
        with self.assertRaisesRegex(ValidationError, "title"):
            self.create_idea("   ", self.partner_bob)
        with self.assertRaisesRegex(ValidationError, "too long"):
            self.create_idea("x" * 121, self.partner_bob)

    def test_description_is_sanitized(self):
        idea = self.Idea.with_user(self.user_portal).create(
            {
                "name": "Test sanitized idea",
                "description": '<p>Nice</p><script>alert("x")</script><img src="x" onerror="alert(1)"/>',
            }
        )
        self.assertIn("<p>Nice</p>", idea.description)
        self.assertNotIn("<script", idea.description)
        self.assertNotIn("onerror", idea.description)

    def test_portal_submission_forced_values(self):
        idea = self.Idea.with_user(self.user_portal).create({"name": "Test portal idea"})
        self.assertEqual(idea.author_id, self.partner_portal)
        self.assertEqual(idea.stage_id, self.stage_new)
        self.assertTrue(idea.is_published)
        self.assertIn(self.partner_portal, idea.message_partner_ids)
        self.assertEqual(self.net_points(self.partner_portal, "idea_submitted", "social.idea", idea.id), 3.0)
        with self.assertRaises(AccessError):
            self.Idea.with_user(self.user_portal).create({"name": "Test sneaky idea", "stage_id": self.stage_done.id})

    def test_review_before_publish(self):
        self.env["ir.config_parameter"].sudo().set_param("social_crm_ideas.review_before_publish", True)
        idea = self.Idea.with_user(self.user_portal).create({"name": "Test reviewed idea"})
        self.assertFalse(idea.is_published)
        self.assertFalse(self.net_points(self.partner_portal, "idea_submitted", "social.idea", idea.id))

    def test_author_edits_only_in_first_stage(self):
        idea = self.Idea.with_user(self.user_portal).create({"name": "Test editable idea"})
        idea.write({"name": "Test editable idea, refined"})
        self.assertEqual(idea.name, "Test editable idea, refined")
        with self.assertRaises(AccessError):
            idea.write({"is_published": False})
        idea.with_user(self.user_manager).stage_id = self.stage_review
        with self.assertRaisesRegex(UserError, "no longer be edited"):
            idea.write({"name": "Too late"})
        other = self.Idea.with_user(self.user_portal_other).browse(idea.id)
        with self.assertRaises(AccessError):
            other.write({"name": "Not mine"})

    def test_submission_rate_limit(self):
        self.env["ir.config_parameter"].sudo().set_param("social_crm_ideas.submission_rate_limit", 2)
        Idea = self.Idea.with_user(self.user_portal)
        Idea.create({"name": "Test rate 1"})
        Idea.create({"name": "Test rate 2"})
        with self.assertRaisesRegex(UserError, "last hour"):
            Idea.create({"name": "Test rate 3"})

    def test_only_managers_publish_and_move(self):
        with self.assertRaises(AccessError):
            self.idea.with_user(self.user_sales).write({"is_published": False})
        with self.assertRaises(AccessError):
            self.idea.with_user(self.user_sales).write({"stage_id": self.stage_review.id})
        self.idea.with_user(self.user_manager).action_unpublish()
        self.assertFalse(self.idea.is_published)

    def test_unpublish_reverts_engagement(self):
        vote = self.vote(self.idea, self.partner_bob)
        self.assertEqual(self.net_points(self.partner_alice, "idea_submitted", "social.idea", self.idea.id), 3.0)
        self.idea.action_unpublish()
        self.assertEqual(self.net_points(self.partner_alice, "idea_submitted", "social.idea", self.idea.id), 0.0)
        self.assertEqual(
            self.net_points(self.partner_alice, "idea_vote_received", "social.idea.vote", vote.id),
            0.0,
        )
        self.idea.action_publish()
        self.assertEqual(self.net_points(self.partner_alice, "idea_submitted", "social.idea", self.idea.id), 3.0)
