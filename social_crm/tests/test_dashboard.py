from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import SocialCrmCommon


class DashboardCase(SocialCrmCommon):
    def dashboard(self, user=None, period_days=30):
        """Cards of the dashboard by (section key, card key)."""
        data = (
            self.env["social.crm.dashboard"]
            .with_user(user or self.user_sales)
            .get_dashboard_data(period_days=period_days)
        )
        return {(section["key"], card["key"]): card for section in data for card in section["cards"]}

    def delta(self, before, after, key, field="value"):
        return after[key][field] - before[key][field]


@tagged("post_install", "-at_install")
class TestDashboard(DashboardCase):
    """Figures of the core section on crafted data, counted as differences so that
    the ledger and partners of other installed addons (or demo data) do not matter."""

    def _tier_counts(self, cards):
        return {item["key"]: item["value"] for item in cards["community", "tiers"]["items"]}

    def test_community_figures(self):
        before = self.dashboard()
        before_week = self.dashboard(period_days=7)
        Partner = self.env["res.partner"]
        dora = Partner.create({"name": "Dora Newcomer", "community_member": True})
        ed = Partner.create(
            {
                "name": "Ed Staff",
                "community_member": True,
                "community_role": "employee",
                "community_contact_consent": True,
            }
        )
        self.record(self.partner_carol, points=5000, days_ago=5)
        self.record(self.partner_bob, points=60, days_ago=10)
        self.record(self.partner_alice, points=20, days_ago=3)
        self.record(self.partner_alice, points=7, days_ago=40)
        self.record(ed, points=9999, days_ago=1)
        self.record(self.partner_carol, points=15, res_id=dora.id)
        self.env["social.engagement"].sudo().compensate_events(
            [
                {
                    "partner_id": self.partner_carol.id,
                    "type_code": self.engagement_type.code,
                    "res_model": "res.partner",
                    "res_id": dora.id,
                }
            ]
        )
        after = self.dashboard()

        self.assertEqual(self.delta(before, after, ("community", "members")), 2)
        self.assertEqual(self.delta(before, after, ("community", "no_consent")), 1)
        tiers_before, tiers_after = self._tier_counts(before), self._tier_counts(after)
        self.assertEqual(tiers_after[self.tier_champion.id] - tiers_before[self.tier_champion.id], 1)
        self.assertEqual(tiers_after[self.tier_advocate.id] - tiers_before[self.tier_advocate.id], 1)
        self.assertEqual(tiers_after[self.tier_member.id] - tiers_before[self.tier_member.id], 1)
        colours = {item["key"]: item["color"] for item in after["community", "tiers"]["items"]}
        self.assertEqual(colours[self.tier_champion.id], self.tier_champion.color)

        # the compensation nets out of the points but is not an event
        self.assertAlmostEqual(self.delta(before, after, ("community", "points")), 5000 + 60 + 20 + 9999)
        self.assertEqual(self.delta(before, after, ("community", "events")), 5)
        self.assertAlmostEqual(self.delta(before, after, ("community", "points"), "previous"), 7)
        self.assertEqual(self.delta(before, after, ("community", "events"), "previous"), 1)

        # the period selector: Bob's points fall in the previous week
        after_week = self.dashboard(period_days=7)
        self.assertAlmostEqual(self.delta(before_week, after_week, ("community", "points")), 5000 + 20 + 9999)
        self.assertAlmostEqual(self.delta(before_week, after_week, ("community", "points"), "previous"), 60)

        # rising members: employees excluded, the first one opens the partner form
        rising = after["community", "rising"]["items"]
        self.assertLessEqual(len(rising), 5)
        self.assertEqual(rising[0]["key"], self.partner_carol.id)
        self.assertAlmostEqual(rising[0]["value"], 5000)
        self.assertEqual(rising[0]["action"]["res_model"], "res.partner")
        self.assertEqual(rising[0]["action"]["res_id"], self.partner_carol.id)
        self.assertNotIn(ed.id, [item["key"] for item in rising])
        values = [item["value"] for item in rising]
        self.assertEqual(values, sorted(values, reverse=True))

    def test_card_actions_open_the_counted_records(self):
        self.record(self.partner_bob, points=12, days_ago=2)
        cards = self.dashboard()
        Engagement = self.env["social.engagement"].with_user(self.user_sales)
        events = cards["community", "events"]
        self.assertEqual(events["action"]["res_model"], "social.engagement")
        self.assertEqual(Engagement.search_count(events["action"]["domain"]), events["value"])
        Partner = self.env["res.partner"].with_user(self.user_sales)
        no_consent = cards["community", "no_consent"]
        found = Partner.search(no_consent["action"]["domain"])
        self.assertEqual(len(found), no_consent["value"])
        self.assertIn(self.partner_bob, found)
        self.assertNotIn(self.partner_alice, found)

    def test_figures_equal_the_lists_they_open(self):
        """Every figure that counts records opens exactly those records (all installed addons'
        cards, the sales user's rules applied)."""
        self.record(self.partner_bob, points=12, days_ago=2)
        self.record(self.partner_carol, points=300, days_ago=1)
        data = self.env["social.crm.dashboard"].with_user(self.user_sales).get_dashboard_data(period_days=30)
        checked = []
        for section in data:
            for card in section["cards"]:
                for figure in [card, *(card.get("items") or [])]:
                    if not figure.get("counts"):
                        continue
                    action = figure["action"]
                    Model = self.env[action["res_model"]].with_user(self.user_sales)
                    self.assertEqual(
                        Model.search_count(action["domain"]),
                        figure["value"],
                        f"{section['key']}/{card['key']}/{figure.get('label', '')}",
                    )
                    checked.append(card["key"])
        self.assertTrue({"members", "tiers", "events", "no_consent", "champions_without_deal"} <= set(checked))
        # the partner lists show the community columns
        members = next(card for section in data for card in section["cards"] if card["key"] == "members")
        list_view = {view_type: view_id for view_id, view_type in members["action"]["views"]}["list"]
        self.assertEqual(list_view, self.env.ref("social_crm.res_partner_view_list_ambassadors").id)

    def test_companies_are_not_members(self):
        """A company's roll-up is not a member's score: no company in member counts, tiers or
        rankings."""
        before = self.dashboard()
        self.customer_company.community_member = True
        self.record(self.partner_alice, points=5000, days_ago=1)
        self.env.invalidate_all()
        self.assertEqual(self.customer_company.ambassador_tier_id, self.tier_champion, "rolled up")
        after = self.dashboard()
        self.assertEqual(self.delta(before, after, ("community", "members")), 0)
        tiers_before, tiers_after = self._tier_counts(before), self._tier_counts(after)
        self.assertEqual(tiers_after[self.tier_champion.id] - tiers_before[self.tier_champion.id], 1, "Alice only")
        rising = [item["key"] for item in after["community", "rising"]["items"]]
        self.assertIn(self.partner_alice.id, rising)
        self.assertNotIn(self.customer_company.id, rising)
        champions = self.env["res.partner"].search(after["next", "champions_without_deal"]["action"]["domain"])
        self.assertIn(self.partner_alice, champions)
        self.assertNotIn(self.customer_company, champions)
        # an open opportunity for her company takes her off the card
        self.env["crm.lead"].create(
            {"name": "Test deal", "type": "opportunity", "partner_id": self.customer_company.id}
        )
        champions = self.env["res.partner"].search(
            self.dashboard()["next", "champions_without_deal"]["action"]["domain"]
        )
        self.assertNotIn(self.partner_alice, champions)

    def test_access(self):
        with self.assertRaises(AccessError):
            self.dashboard(user=self.user_portal)
        employee = self.env["res.users"].create(
            {
                "name": "Plain Employee",
                "login": "social_crm_plain_employee",
                "groups_id": [Command.set(self.env.ref("base.group_user").ids)],
            }
        )
        with self.assertRaises(AccessError):
            self.dashboard(user=employee)
        with self.assertRaises(UserError):
            self.dashboard(period_days=12)
        self.assertIn(("community", "members"), self.dashboard(user=self.user_manager))


@tagged("post_install", "-at_install")
class TestDashboardTour(SocialCrmCommon, HttpCase):
    def test_sales_user_opens_the_dashboard(self):
        self.record(self.partner_carol, points=5000, days_ago=2)
        self.start_tour("/odoo", "social_crm_dashboard", login="social_crm_sales")
