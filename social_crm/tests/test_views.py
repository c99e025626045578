from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestViews(SocialCrmCommon):
    def test_sales_user_sees_community_page_and_lead_badges(self):
        self.record(self.partner_alice, points=80)
        Partner = self.env["res.partner"].with_user(self.user_sales)
        form = Partner.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("community_breakdown_ids", form)
        self.assertIn("action_view_community_engagement", form)
        data = self.partner_alice.with_user(self.user_sales).web_read(
            {
                "ambassador_score": {},
                "ambassador_tier_id": {"fields": {"display_name": {}}},
                "community_breakdown_ids": {"fields": {"type_id": {}, "decayed_points": {}}},
                "community_recent_engagement_ids": {"fields": {"points": {}}},
            }
        )[0]
        self.assertEqual(data["ambassador_tier_id"]["display_name"], "Test Advocate")
        self.assertEqual(len(data["community_breakdown_ids"]), 1)
        Lead = self.env["crm.lead"].with_user(self.user_sales)
        for view_type in ("form", "list", "kanban", "search"):
            arch = Lead.get_views([(False, view_type)])["views"][view_type]["arch"]
            self.assertIn("ambassador_tier_id", arch, view_type)
        action = (
            self.env["ir.actions.act_window"].with_user(self.user_sales)._for_xml_id("social_crm.action_ambassadors")
        )
        domain = safe_eval(action["domain"]) + [("id", "=", self.partner_alice.id)]
        self.assertEqual(Partner.search(domain), self.partner_alice)

    def test_other_internal_users_keep_a_working_partner_form(self):
        stock_user = new_test_user(self.env, login="social_crm_plain", groups="base.group_user")
        self.assertFalse(stock_user.has_group("social_crm.group_social_crm_user"))
        Partner = self.env["res.partner"].with_user(stock_user)
        form = Partner.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("community_breakdown_ids", form)
        data = self.partner_alice.with_user(stock_user).web_read({"name": {}, "email": {}})
        self.assertEqual(data[0]["name"], "Alice Community")
