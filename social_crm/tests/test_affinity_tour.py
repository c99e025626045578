from odoo.tests import HttpCase, tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestAffinityGroupTour(SocialCrmCommon, HttpCase):
    def test_portal_customer_joins_and_finds_the_group_on_my_community(self):
        group = self.env["social.affinity.group"].create(
            {"name": "Tour Trail Runners", "passion": "Trail running", "is_published": True}
        )
        self.start_tour("/groups", "social_crm_groups_join", login=self.user_portal.login)
        membership = self.env["social.affinity.membership"].search(
            [("group_id", "=", group.id), ("partner_id", "=", self.partner_portal.id)]
        )
        self.assertEqual((membership.state, membership.source), ("joined", "website"))
        self.assertIn(group, self.partner_portal.community_group_ids)
