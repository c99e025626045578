from datetime import datetime, timedelta

from odoo.tests import tagged

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestForumMetrics(SocialCrmForumCommon):
    """Peer-support figures on a crafted forum whose answers are known."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.t0 = datetime(2026, 3, 2, 9, 0, 0)

    def _at(self, records, hours):
        self.set_create_date(records, self.t0 + timedelta(hours=hours))

    def _craft(self):
        q1 = self.ask(self.asker, "Q1 solved by the community")
        q2 = self.ask(self.voter, "Q2 employee answered first")
        q3 = self.ask(self.asker, "Q3 answered, not accepted")
        q4 = self.ask(self.voter, "Q4 unanswered")
        spam = self.ask(self.asker, "Q5 refused")
        self._at(q1 | q2 | q3 | q4 | spam, 0)
        a1 = self.answer(self.answerer, q1)
        self._at(a1, 2)
        a1.with_user(self.asker).is_correct = True
        a2_employee = self.answer(self.employee, q2)
        self._at(a2_employee, 4)
        a2_customer = self.answer(self.answerer, q2)
        self._at(a2_customer, 6)
        a2_customer.with_user(self.voter).is_correct = True
        a3 = self.answer(self.answerer, q3)
        self._at(a3, 10)
        spam.with_user(self.moderator)._mark_as_offensive(self.env.ref("website_forum.reason_8").id)
        return q1, q2, q3, q4

    def test_peer_support_figures(self):
        self._craft()
        Metrics = self.env["social.crm.forum.metrics"].with_user(self.salesman)
        figures = Metrics.get_peer_support_metrics(forum_ids=self.forum.ids)[self.forum.id]
        self.assertEqual(figures["questions"], 4)
        self.assertAlmostEqual(figures["answered_rate"], 75.0)
        self.assertAlmostEqual(figures["community_first_rate"], 50.0)
        self.assertAlmostEqual(figures["median_hours_to_first_answer"], 4.0)
        self.assertAlmostEqual(figures["accepted_rate"], 50.0)
        self.assertEqual(figures["deflected"], 1)
        self.assertAlmostEqual(figures["deflection_rate"], 25.0)

        # the period filter: nothing was asked the month after
        later = Metrics.get_peer_support_metrics(forum_ids=self.forum.ids, date_from="2026-04-01", date_to="2026-05-01")
        self.assertNotIn(self.forum.id, later)

    def test_report_groups_by_forum(self):
        q1, _q2, _q3, q4 = self._craft()
        Metrics = self.env["social.crm.forum.metrics"].with_user(self.salesman)
        [(questions, answered, hours, deflected)] = Metrics._read_group(
            [("forum_id", "=", self.forum.id)],
            [],
            ["question_count:sum", "answered_rate:avg", "hours_to_first_answer:avg", "deflected_count:sum"],
        )
        self.assertEqual(questions, 4)
        self.assertAlmostEqual(answered, 75.0)
        self.assertAlmostEqual(hours, (2 + 4 + 10) / 3)
        self.assertEqual(deflected, 1)
        row = Metrics.search([("question_id", "=", q4.id)])
        self.assertEqual(row.answered_count, 0)
        self.assertFalse(row.hours_to_first_answer)
        self.assertEqual(Metrics.search([("question_id", "=", q1.id)]).deflected_count, 1)
