from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestForumDashboard(SocialCrmForumCommon):
    """The "Peer support" section of the dashboard on a crafted forum."""

    def dashboard(self, user=None, period_days=30):
        data = (
            self.env["social.crm.dashboard"]
            .with_user(user or self.salesman)
            .get_dashboard_data(period_days=period_days)
        )
        return {section["key"]: {card["key"]: card for card in section["cards"]} for section in data}

    def test_peer_support_section(self):
        # other forums' questions (demo data) leave the periods shown
        existing = self.Post.with_context(active_test=False).search([])
        self.set_create_date(existing, datetime(2020, 1, 1))
        t0 = fields.Datetime.now() - timedelta(days=2)

        def at(records, hours):
            self.set_create_date(records, t0 + timedelta(hours=hours))

        q1 = self.ask(self.asker, "Q1 solved by the community")
        q2 = self.ask(self.voter, "Q2 employee answered first")
        q3 = self.ask(self.asker, "Q3 answered, not accepted")
        q4 = self.ask(self.voter, "Q4 unanswered")
        at(q1 | q2 | q3 | q4, 0)
        a1 = self.answer(self.answerer, q1)
        at(a1, 2)
        a1.with_user(self.asker).is_correct = True
        a2_employee = self.answer(self.employee, q2)
        at(a2_employee, 4)
        a2_customer = self.answer(self.answerer, q2)
        at(a2_customer, 6)
        a2_customer.with_user(self.voter).is_correct = True
        a3 = self.answer(self.answerer, q3)
        at(a3, 10)
        old = self.ask(self.asker, "Q0 asked last month, never answered")
        self.set_create_date(old, t0 - timedelta(days=40))

        cards = self.dashboard()["peer_support"]
        self.assertEqual(cards["questions"]["value"], 4)
        self.assertEqual(cards["questions"]["previous"], 1)
        self.assertAlmostEqual(cards["answered_rate"]["value"], 75.0)
        self.assertAlmostEqual(cards["answered_rate"]["previous"], 0.0)
        self.assertAlmostEqual(cards["community_first_rate"]["value"], 50.0)
        self.assertAlmostEqual(cards["median_hours_to_first_answer"]["value"], 4.0)
        self.assertIsNone(cards["median_hours_to_first_answer"]["previous"])
        self.assertAlmostEqual(cards["accepted_rate"]["value"], 50.0)
        self.assertAlmostEqual(cards["deflection_rate"]["value"], 25.0)
        questions = self.Post.with_user(self.salesman).search(cards["questions"]["action"]["domain"])
        self.assertEqual(questions, q1 | q2 | q3 | q4)

        # a week ago nothing was asked; the crafted questions are this week's
        week = self.dashboard(period_days=7)["peer_support"]
        self.assertEqual(week["questions"]["value"], 4)
        self.assertEqual(week["questions"]["previous"], 0)

    def test_core_section_comes_first(self):
        data = self.env["social.crm.dashboard"].with_user(self.salesman).get_dashboard_data()
        keys = [section["key"] for section in data]
        # what to do next, then the community
        self.assertEqual(keys[:2], ["next", "community"])
        self.assertIn("peer_support", keys)

    def test_next_questions_of_customers_with_open_deals(self):
        unanswered = self.ask(self.asker, "Unanswered, Acme has a deal")
        answered = self.ask(self.asker, "Answered, Acme has a deal")
        self.answer(self.answerer, answered)
        no_deal = self.ask(self.voter, "Unanswered, Beta has no deal")
        self.env["crm.lead"].create({"name": "Acme deal", "type": "opportunity", "partner_id": self.company_acme.id})
        card = self.dashboard()["next"]["questions_of_open_deals"]
        found = self.Post.with_user(self.salesman).search(card["action"]["domain"])
        self.assertIn(unanswered, found)
        self.assertNotIn(answered, found)
        self.assertNotIn(no_deal, found)
        self.assertEqual(len(found), card["value"])
        # an escalated question stays on the card even once answered
        answered.sudo().social_crm_escalated = True
        card = self.dashboard()["next"]["questions_of_open_deals"]
        self.assertIn(answered, self.Post.with_user(self.salesman).search(card["action"]["domain"]))

    def test_portal_user_cannot_read_the_dashboard(self):
        with self.assertRaises(AccessError):
            self.dashboard(user=self.asker)
