from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestForumStaff(SocialCrmForumCommon, HttpCase):
    """Staff on the front line in the forum: badge, tiers, response times."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = cls.employee.partner_id
        cls.staff.community_role = "employee"
        tier = cls.env["social.ambassador.tier"]
        tier.search([]).write({"active": False})
        cls.tier = tier.create({"name": "Staff Test Tier", "min_score": 1})

    def test_staff_badge_on_answers_only(self):
        question = self.ask(self.asker, "How do I export my data?")
        staff_answer = self.answer(self.employee, question, "Staff says: use the export button.")
        customer_answer = self.answer(self.answerer, question, "Customer says: it works for me.")
        self.assertTrue(staff_answer.social_crm_staff_author)
        self.assertFalse(customer_answer.social_crm_staff_author)
        self.assertFalse(question.social_crm_staff_author)
        # the role is internal; the public page only shows the badge
        response = self.url_open(question.website_url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text.count("o_social_crm_staff_badge"), 1)
        staff_block = response.text.split(f'id="answer-{staff_answer.id}"')[1].split("o_social_crm_staff_badge")[0]
        self.assertNotIn("Customer says", staff_block, "the badge sits on the staff answer")
        # a staff member's own question gets no badge: it is an answer badge
        own = self.ask(self.employee, "A question of staff")
        self.assertNotIn("o_social_crm_staff_badge", self.url_open(own.website_url).text)

    def test_staff_activity_counts_but_never_tiers(self):
        question = self.ask(self.asker, "Staff scoring")
        self.answer(self.employee, question)
        self.answer(self.answerer, question)
        self.assertGreater(self.forum_points(self.staff), 0, "staff activity is recorded")
        self.assertGreater(self.staff.ambassador_score, 0, "and scored")
        self.assertFalse(self.staff.ambassador_tier_id, "but never tiered")
        self.assertEqual(self.answerer.partner_id.ambassador_tier_id, self.tier)

    def test_dashboard_staff_response_times(self):
        existing = self.Post.with_context(active_test=False).search([])
        self.set_create_date(existing, datetime(2020, 1, 1))
        t0 = fields.Datetime.now() - timedelta(days=2)
        q1 = self.ask(self.asker, "Q1 answered by staff in 3 hours")
        q2 = self.ask(self.voter, "Q2 answered by a customer only")
        q3 = self.ask(self.asker, "Q3 answered by staff in 5 hours, after a customer")
        own = self.ask(self.employee, "Q4 asked by staff: not waiting for staff")
        self.set_create_date(q1 | q2 | q3 | own, t0)
        self.set_create_date(self.answer(self.employee, q1), t0 + timedelta(hours=3))
        self.set_create_date(self.answer(self.answerer, q2), t0 + timedelta(hours=1))
        self.set_create_date(self.answer(self.answerer, q3), t0 + timedelta(hours=1))
        self.set_create_date(self.answer(self.employee, q3), t0 + timedelta(hours=5))
        data = self.env["social.crm.dashboard"].with_user(self.salesman).get_dashboard_data(period_days=7)
        staff = {card["key"]: card for card in next(s for s in data if s["key"] == "staff")["cards"]}
        card = staff["staff_questions"]
        self.assertAlmostEqual(card["value"], 4.0, places=1, msg="median of 3 and 5 hours")
        answered = staff["staff_questions_answered"]
        self.assertEqual(answered["value"], 2)
        self.assertEqual(answered["display"], "2 of 3")
        self.assertIn("staff_mentions", staff)
