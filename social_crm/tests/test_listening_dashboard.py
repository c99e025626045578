from datetime import timedelta

from odoo.tests import tagged

from .common_listening import ListeningCommon


@tagged("post_install", "-at_install")
class TestListeningDashboard(ListeningCommon):
    def test_listening_section(self):
        self.env["social.mention"].sudo().search([]).write({"status": "ignored"})  # demo data out of the figures
        self.ingest(
            self.event("d-1", days_ago=3, author_handle="alice_c", thread="t/1"),
            self.event("d-2", days_ago=2, author_handle="nobody", thread="t/2"),
            self.event("d-3", days_ago=2, author_handle="nobody", channel="test_other"),
            self.event("d-4", days_ago=40, author_handle="alice_c"),
        )
        # answered 4 hours after d-1, 10 hours after d-2: the median is 7 hours
        first, second = self.mention("d-1"), self.mention("d-2")
        first.write({"answered_at": first.posted_at + timedelta(hours=4)})
        second.write({"answered_at": second.posted_at + timedelta(hours=10)})
        sections = self.env["social.crm.dashboard"].with_user(self.user_sales).get_dashboard_data(period_days=30)
        section = next(s for s in sections if s["key"] == "listening")
        cards = {card["key"]: card for card in section["cards"]}
        self.assertEqual(cards["mentions"]["value"], 3)
        self.assertEqual(cards["mentions"]["previous"], 1)
        self.assertEqual(cards["matched_rate"]["value"], round(100 / 3, 1))
        self.assertEqual(cards["median_hours_to_response"]["value"], 7.0)
        per_channel = {item["label"]: item["value"] for item in cards["mentions_channels"]["items"]}
        self.assertEqual(
            per_channel, {"Test channel": round(2 / (30 / 7), 1), "Other test channel": round(1 / (30 / 7), 1)}
        )
        self.assertEqual(sum(item["value"] for item in cards["mentions_weeks"]["items"]), 3)
        self.assertGreaterEqual(cards["to_match"]["value"], 2)
