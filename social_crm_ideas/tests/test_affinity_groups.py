from odoo.tests import HttpCase, tagged

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestIdeasAffinityGroups(IdeasCommon, HttpCase):
    """Ideas under a group's idea tags, and their votes, are the group's content."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workshop_tag = cls.env["social.idea.tag"].create({"name": "Test Workshop"})
        cls.group = cls.env["social.affinity.group"].create(
            {
                "name": "Test Woodworkers",
                "passion": "Woodworking",
                "is_published": True,
                "idea_tag_ids": [(6, 0, cls.workshop_tag.ids)],
            }
        )
        Membership = cls.env["social.affinity.membership"].sudo()
        for partner in (cls.partner_alice, cls.partner_bob):
            Membership.create({"group_id": cls.group.id, "partner_id": partner.id})

    def standing(self, partner):
        # the group's figures are refreshed hourly in production: refresh them now; the rows
        # are an SQL view: drop what an earlier read of the same row left in the cache
        self.group._refresh_standing()
        self.env["social.affinity.group.standing"].invalidate_model()
        self.group.invalidate_recordset()
        return self.env["social.affinity.group.standing"].search(
            [("group_id", "=", self.group.id), ("partner_id", "=", partner.id)]
        )

    def test_standing_from_ideas_and_votes_in_the_group_tags(self):
        idea = self.create_idea(
            "Cut list from the bill of materials", self.partner_alice, tag_ids=[(6, 0, self.workshop_tag.ids)]
        )
        self.vote(idea, self.partner_bob)
        self.vote(idea, self.partner_carol)  # Carol is no member: her vote still earns Alice points
        self.vote(self.idea, self.partner_bob)  # an idea outside the group's tags
        alice = self.standing(self.partner_alice)
        # idea_submitted 3 + two idea_vote_received 1
        self.assertAlmostEqual(alice.raw_points, 5.0)
        self.assertEqual(alice.event_count, 3)
        self.assertFalse(self.standing(self.partner_bob))  # voters give, they do not earn
        self.assertFalse(self.standing(self.partner_carol))
        self.assertAlmostEqual(self.group.standing, 5.0, places=1)
        self.assertEqual(self.group.champion_ids.partner_id, self.partner_alice)
        # unpublishing takes the points back, from the group's standing too
        idea.action_unpublish()
        self.assertAlmostEqual(self.standing(self.partner_alice).raw_points, 0.0)

    def test_group_page_lists_recent_ideas(self):
        idea = self.create_idea(
            "Offcuts as stock of their own", self.partner_alice, tag_ids=[(6, 0, self.workshop_tag.ids)]
        )
        hidden = self.create_idea(
            "Unpublished workshop idea", self.partner_alice, tag_ids=[(6, 0, self.workshop_tag.ids)]
        )
        hidden.action_unpublish()
        page = self.url_open(self.group.website_url).text
        self.assertIn(idea.name, page)
        self.assertIn(idea.website_url, page)
        self.assertNotIn(hidden.name, page)
        self.assertNotIn(self.idea.name, page)
        self.assertEqual(self.group.idea_count, 1)
