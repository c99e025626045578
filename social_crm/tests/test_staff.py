from odoo.tests import tagged

from .common_listening import ListeningCommon


@tagged("post_install", "-at_install")
class TestStaffMentions(ListeningCommon):
    """Staff on the front line in listening: staff replies answer, carry a badge, are timed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = cls.env["res.partner"].create(
            {"name": "Stella Staff", "email": "stella@example.com", "community_role": "employee"}
        )
        cls.env["social.partner.handle"].create(
            {"partner_id": cls.staff.id, "channel_id": cls.channel.id, "handle": "@stella_staff"}
        )

    def test_staff_reply_answers_the_thread_and_is_badged(self):
        self.ingest(
            self.event("s-1", days_ago=2, author_handle="alice_c", thread="t/9"),
            self.event("s-2", days_ago=1, author_handle="stella_staff", thread="t/9"),
        )
        question, reply = self.mention("s-1"), self.mention("s-2")
        self.assertEqual(reply.partner_id, self.staff)
        self.assertTrue(reply.is_staff_reply)
        self.assertEqual(reply.staff_badge, "Staff")
        self.assertFalse(question.is_staff_reply)
        self.assertFalse(question.staff_badge)
        self.assertEqual(question.answered_at, reply.posted_at, "a staff partner's reply answers the thread")

        self.env["social.mention"].sudo().search([("id", "not in", (question | reply).ids)]).write(
            {"status": "ignored"}
        )
        sections = self.env["social.crm.dashboard"].with_user(self.user_sales).get_dashboard_data(period_days=7)
        staff = next(section for section in sections if section["key"] == "staff")
        card = next(card for card in staff["cards"] if card["key"] == "staff_mentions")
        self.assertEqual(card["value"], 24.0, "posted two days ago, answered one day ago")
        answered_card = {c["key"]: c for c in staff["cards"]}["staff_mentions_answered"]
        self.assertEqual(answered_card["value"], 1)
        self.assertEqual(answered_card["display"], "1 of 1", "the staff reply itself waits for no answer")

    def test_staff_are_scored_never_tiered_nor_rising(self):
        self.record(self.staff, points=500)
        self.assertEqual(self.staff.ambassador_score, 500.0)
        self.assertFalse(self.staff.ambassador_tier_id)
        self.staff.community_member = True
        rising = self.env["social.engagement.scoring"]._rising_members([], limit=100)
        self.assertNotIn(self.staff, [partner for partner, _points in rising])
        # a customer promoted to staff loses the tier, back to customer gets it again
        self.record(self.partner_carol, points=60)
        self.assertEqual(self.partner_carol.ambassador_tier_id, self.tier_advocate)
        self.partner_carol.community_role = "employee"
        self.assertFalse(self.partner_carol.ambassador_tier_id)
        self.partner_carol.community_role = "customer"
        self.assertEqual(self.partner_carol.ambassador_tier_id, self.tier_advocate)
