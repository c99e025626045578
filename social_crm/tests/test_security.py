from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestSecurity(SocialCrmCommon):
    def test_ledger_is_isolated_per_company(self):
        other_company = self.env["res.company"].create({"name": "Other Social Co"})
        self.record(self.partner_carol, points=4, company_id=other_company.id)
        self.record(self.partner_carol, points=6)
        Engagement = self.env["social.engagement"].with_user(self.user_sales)
        rows = Engagement.search([("partner_id", "=", self.partner_carol.id)])
        self.assertEqual(rows.mapped("points"), [6.0])
        breakdown = (
            self.env["social.engagement.breakdown"]
            .with_user(self.user_sales)
            .search([("partner_id", "=", self.partner_carol.id)])
        )
        self.assertEqual(breakdown.mapped("raw_points"), [6.0])
        both = new_test_user(
            self.env,
            login="social_crm_two_companies",
            groups="social_crm.group_social_crm_user",
            company_ids=[Command.set((self.env.company | other_company).ids)],
        )
        rows = (
            self.env["social.engagement"]
            .with_user(both)
            .with_context(allowed_company_ids=(self.env.company | other_company).ids)
            .search([("partner_id", "=", self.partner_carol.id)])
        )
        self.assertEqual(len(rows), 2)

    def test_only_managers_configure_scoring(self):
        with self.assertRaises(AccessError):
            self.engagement_type.with_user(self.user_sales).default_points = 100
        with self.assertRaises(AccessError):
            self.env["social.ambassador.tier"].with_user(self.user_sales).create({"name": "Sneaky", "min_score": 3})
        self.engagement_type.with_user(self.user_manager).default_points = 20
        self.assertEqual(self.engagement_type.default_points, 20)

    def test_sales_users_read_scores_and_ledger(self):
        self.record(self.partner_alice, points=15)
        partner = self.partner_alice.with_user(self.user_sales)
        self.assertAlmostEqual(partner.ambassador_score, 15.0)
        self.assertEqual(partner.community_engagement_count, 1)
        action = partner.action_view_community_engagement()
        rows = self.env["social.engagement"].with_user(self.user_sales).search(action["domain"])
        self.assertEqual(rows.partner_id, self.partner_alice)
