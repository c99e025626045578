from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestIdeasDashboard(IdeasCommon):
    """The "Ideas" section of the dashboard, counted as differences to other data."""

    def dashboard(self, user=None, period_days=30):
        data = (
            self.env["social.crm.dashboard"]
            .with_user(user or self.user_sales)
            .get_dashboard_data(period_days=period_days)
        )
        return {section["key"]: {card["key"]: card for card in section["cards"]} for section in data}

    def test_ideas_section(self):
        before = self.dashboard()["ideas"]
        Lead = self.env["crm.lead"]
        for partner, revenue in ((self.customer_company, 50_000_000), (self.other_company, 40_000_000)):
            Lead.create(
                {
                    "name": f"Test deal {partner.name}",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "expected_revenue": revenue,
                }
            )
        big = self.create_idea("Test idea with the biggest demand", self.partner_carol)
        second = self.create_idea("Test idea with the second demand", self.partner_carol)
        closed = self.create_idea("Test idea already done", self.partner_carol)
        self.vote(big, self.partner_alice)
        self.vote(second, self.partner_frank)
        self.vote(closed, self.partner_bob)
        closed.stage_id = self.stage_done
        old_vote = self.vote(self.idea, self.partner_carol)
        old_vote.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE social_idea_vote SET date = %s WHERE id = %s",
                fields.Datetime.now() - timedelta(days=40),
                old_vote.id,
            )
        )
        old_vote.invalidate_recordset(["date"])

        dashboard = self.dashboard()
        after = dashboard["ideas"]
        self.assertEqual(after["open_ideas"]["value"] - before["open_ideas"]["value"], 2)
        # three votes, and the first vote of each idea: its author's
        self.assertEqual(after["votes"]["value"] - before["votes"]["value"], 6)
        self.assertEqual(after["votes"]["previous"] - before["votes"]["previous"], 1)

        # what to do next: the ideas with the most pipeline behind them
        top = dashboard["next"]["top_demand"]["items"]
        # Alice's own idea has her company's pipeline behind it too (her vote, as its author)
        keys = [item["key"] for item in top]
        self.assertEqual(set(keys[:3]), {big.id, self.idea.id, second.id})
        self.assertEqual(keys[2], second.id)
        big_item = top[keys.index(big.id)]
        self.assertEqual(big_item["value"], 50_000_000)
        self.assertIn(self.env.company.currency_id.symbol, big_item["display"])
        self.assertNotIn(closed.id, keys)
        self.assertEqual(big_item["action"]["res_model"], "social.idea")
        self.assertEqual(big_item["action"]["res_id"], big.id)
        open_ideas = self.Idea.with_user(self.user_sales).search(after["open_ideas"]["action"]["domain"])
        self.assertIn(big, open_ideas)
        self.assertNotIn(closed, open_ideas)

    def test_portal_user_cannot_read_the_dashboard(self):
        with self.assertRaises(AccessError):
            self.dashboard(user=self.user_portal)
