from odoo import Command
from odoo.tests import tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestCrmLead(SocialCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.record(cls.partner_alice, points=120)
        cls.record(cls.partner_carol, points=5)

    def test_lead_shows_commercial_partner_standing(self):
        lead = self.env["crm.lead"].create(
            {"name": "Upsell", "partner_id": self.partner_bob.id, "user_id": self.user_sales.id}
        )
        # Bob has no engagement himself: the lead shows his company's rolled-up standing.
        self.assertAlmostEqual(lead.ambassador_score, 120.0)
        self.assertEqual(lead.ambassador_tier_id, self.tier_advocate)
        Lead = self.env["crm.lead"].with_user(self.user_sales)
        from_ambassadors = Lead.search([("ambassador_tier_id", "!=", False), ("id", "=", lead.id)])
        self.assertEqual(from_ambassadors, lead)
        other = self.env["crm.lead"].create({"name": "Cold", "partner_name": "Nobody", "user_id": self.user_sales.id})
        self.assertFalse(Lead.search([("ambassador_tier_id", "!=", False), ("id", "=", other.id)]))

    def test_new_leads_from_chosen_tiers_get_priority(self):
        self.env.company.write(
            {
                "social_crm_lead_tier_ids": [Command.set(self.tier_advocate.ids)],
                "social_crm_lead_priority": "3",
            }
        )
        Lead = self.env["crm.lead"].with_user(self.user_sales)
        ambassador_lead = Lead.create({"name": "From Alice", "partner_id": self.partner_alice.id})
        member_lead = Lead.create({"name": "From Carol", "partner_id": self.partner_carol.id})
        self.assertEqual(ambassador_lead.priority, "3")
        self.assertEqual(member_lead.priority, "0")

    def test_priority_is_never_lowered_and_off_without_tiers(self):
        self.env.company.write(
            {
                "social_crm_lead_tier_ids": [Command.set(self.tier_advocate.ids)],
                "social_crm_lead_priority": "1",
            }
        )
        lead = self.env["crm.lead"].create({"name": "Hot", "partner_id": self.partner_alice.id, "priority": "3"})
        self.assertEqual(lead.priority, "3")
        self.env.company.social_crm_lead_tier_ids = False
        lead = self.env["crm.lead"].create({"name": "Plain", "partner_id": self.partner_alice.id})
        self.assertEqual(lead.priority, "0")
