from odoo.tests import HttpCase, tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestBackendTour(SocialCrmCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.record(cls.partner_alice, points=80)
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Alice wants more seats",
                "type": "opportunity",
                "partner_id": cls.partner_alice.id,
                "user_id": cls.user_sales.id,
            }
        )

    def test_sales_user_finds_ambassadors(self):
        self.start_tour(
            "/odoo/action-social_crm.action_ambassadors",
            "social_crm_sales_finds_ambassadors",
            login="social_crm_sales",
        )

    def test_sales_user_sees_the_tier_on_the_lead(self):
        self.start_tour(
            f"/odoo/action-crm.crm_lead_all_leads/{self.lead.id}",
            "social_crm_sales_sees_lead_badge",
            login="social_crm_sales",
        )

    def test_sales_user_groups_pipeline_by_tier(self):
        self.start_tour(
            "/odoo/action-crm.crm_lead_action_pipeline?view_type=list",
            "social_crm_sales_groups_pipeline_by_tier",
            login="social_crm_sales",
        )
