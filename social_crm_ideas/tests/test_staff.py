from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestIdeasStaff(IdeasCommon, HttpCase):
    """Staff on the front line on ideas: the Staff badge of comments, response times."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = cls.user_employee.partner_id
        cls.staff.community_role = "employee"

    def comment(self, idea, author, body, date=None):
        message = idea.message_post(
            body=body, author_id=author.id, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        if date:
            message.date = date
        return message

    def test_staff_comments_are_flagged_in_the_portal_chatter(self):
        staff_comment = self.comment(self.idea, self.staff, "We are looking into it.")
        customer_comment = self.comment(self.idea, self.partner_bob, "Me too!")
        self.authenticate("social_crm_portal", "social_crm_portal")
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch", {"thread_model": "social.idea", "thread_id": self.idea.id}
        )
        flags = {values["id"]: values["social_crm_staff"] for values in result["data"]["mail.message"]}
        self.assertIs(flags[staff_comment.id], True)
        self.assertIs(flags[customer_comment.id], False)
        # the role itself is not sent
        self.assertNotIn("community_role", str(result))

    def test_staff_badge_tour(self):
        self.comment(self.idea, self.staff, "We are looking into it.")
        self.comment(self.idea, self.partner_bob, "Me too!")
        self.start_tour(self.idea.website_url, "social_crm_ideas_staff_badge", login="social_crm_portal")

    def test_dashboard_staff_response_times_on_ideas(self):
        self.Idea.search([]).write({"is_published": False})  # other ideas out of the figures
        t0 = fields.Datetime.now() - timedelta(days=2)
        answered = self.create_idea("Answered idea", self.partner_bob)
        waiting = self.create_idea("Waiting idea", self.partner_carol)
        by_staff = self.create_idea("Staff's own idea", self.staff)
        (self.idea | answered | waiting | by_staff).flush_recordset()
        self.env.cr.execute(
            "UPDATE social_idea SET create_date = %s WHERE id = ANY(%s)",
            (t0, [answered.id, waiting.id, by_staff.id]),
        )
        self.Idea.invalidate_model(["create_date"])
        self.comment(answered, self.partner_carol, "A customer's comment does not count", t0 + timedelta(hours=1))
        self.comment(answered, self.staff, "Thanks, planned!", t0 + timedelta(hours=6))
        self.comment(answered, self.staff, "Later comment", t0 + timedelta(hours=30))
        self.env["mail.message"].flush_model()
        sections = self.env["social.crm.dashboard"].with_user(self.user_sales).get_dashboard_data(period_days=7)
        staff = next(section for section in sections if section["key"] == "staff")
        card = next(card for card in staff["cards"] if card["key"] == "staff_ideas")
        self.assertEqual(card["value"], 6.0)
        answered_card = {c["key"]: c for c in staff["cards"]}["staff_ideas_answered"]
        self.assertEqual(answered_card["value"], 1)
        self.assertEqual(answered_card["display"], "1 of 2")
