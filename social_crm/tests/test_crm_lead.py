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

    def test_lead_standing_stored_and_kept_current(self):
        """Tier and score are stored on leads (the pipeline groups and sorts by tier) and follow
        the customer's score, whichever path rescored it."""
        lead = self.env["crm.lead"].create(
            {"name": "Renewal", "type": "opportunity", "partner_id": self.partner_bob.id, "user_id": self.user_sales.id}
        )
        carol_lead = self.env["crm.lead"].create(
            {"name": "Carol's deal", "type": "opportunity", "partner_id": self.partner_carol.id}
        )
        self.assertEqual(lead.ambassador_tier_id, self.tier_advocate)
        # the ledger path (the ORM computes the marked partners)
        self.record(self.partner_alice, points=500)
        self.env.flush_all()
        self.assertAlmostEqual(lead.ambassador_score, 620.0)
        self.assertEqual(lead.ambassador_tier_id, self.tier_champion)
        self.env.cr.execute("SELECT ambassador_tier_id FROM crm_lead WHERE id = %s", (lead.id,))
        self.assertEqual(self.env.cr.fetchone()[0], self.tier_champion.id, "stored")
        # the bulk path (nightly decay, settings button): one UPDATE for every lead; stale
        # values planted in the tables are put right by it
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET ambassador_score = 999 WHERE id = %s", (self.partner_carol.id,))
        self.env.cr.execute("UPDATE crm_lead SET ambassador_score = 999 WHERE id = %s", (carol_lead.id,))
        self.env.invalidate_all()
        self.env["social.engagement.scoring"]._rescore()
        self.assertAlmostEqual(carol_lead.ambassador_score, 5.0)
        self.assertEqual(carol_lead.ambassador_tier_id, self.tier_member)
        # grouped and sorted by tier
        Lead = self.env["crm.lead"].with_user(self.user_sales)
        groups = dict(Lead._read_group([("id", "in", (lead | carol_lead).ids)], ["ambassador_tier_id"], ["__count"]))
        self.assertEqual(groups[self.tier_champion], 1)
        ordered = Lead.search([("id", "in", (lead | carol_lead).ids)], order="ambassador_score desc")
        self.assertEqual(ordered[0], lead)
        # another customer on the lead: its standing
        lead.partner_id = self.partner_carol
        self.assertEqual(lead.ambassador_tier_id, self.tier_member)
        self.assertAlmostEqual(lead.ambassador_score, 5.0)
