from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestForumOpportunity(SocialCrmForumCommon):
    def _leads(self, question):
        return self.env["crm.lead"].with_context(active_test=False).search([("forum_post_id", "=", question.id)])

    def test_manual_opportunity_linked_both_ways(self):
        question = self.ask(self.asker, "Do you integrate with our ERP?")
        action = question.with_user(self.salesman).action_create_opportunity()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.partner_id, self.asker.partner_id)
        self.assertEqual(lead.partner_id.commercial_partner_id, self.company_acme)
        self.assertEqual(lead.team_id, self.sales_team)
        self.assertEqual(lead.forum_post_id, question)
        self.assertEqual(question.lead_ids, lead)
        self.assertEqual(question.lead_count, 1)
        self.assertIn(question, lead.forum_question_ids)
        # a second click opens the same opportunity
        again = question.with_user(self.salesman).action_create_opportunity()
        self.assertEqual(again["res_id"], lead.id)
        self.assertEqual(self._leads(question), lead)

    def test_no_opportunity_from_an_answer(self):
        question = self.ask(self.asker, "Question")
        answer = self.answer(self.answerer, question)
        with self.assertRaises(UserError):
            answer.with_user(self.salesman).action_create_opportunity()

    def test_buying_signal_tag_creates_one_opportunity(self):
        question = self.ask(self.asker, "What does the enterprise plan cost?", tags=self.tag_pricing)
        lead = self._leads(question)
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.team_id, self.sales_team)
        self.assertEqual(lead.partner_id, self.asker.partner_id)
        self.assertFalse(lead.user_id, "not assigned to the customer who asked")
        self.assertIn("pricing", lead.description)
        # edits and re-tagging never create a second one, even after the lead is gone
        question.with_user(self.moderator).tag_ids = self.tag_pricing | self.tag_howto
        lead.unlink()
        question.with_user(self.moderator).tag_ids = self.tag_pricing
        self.assertFalse(self._leads(question))

    def test_other_tags_create_nothing(self):
        question = self.ask(self.asker, "How do I print?", tags=self.tag_howto)
        self.assertFalse(self._leads(question))

    def test_signal_on_pending_question_waits_for_validation(self):
        self.forum.karma_post = 10000
        question = self.ask(self.asker, "Quote for 50 seats?", tags=self.tag_pricing)
        self.assertEqual(question.state, "pending")
        self.assertFalse(self._leads(question))
        question.with_user(self.moderator).validate()
        self.assertEqual(len(self._leads(question)), 1)

    def test_buying_signal_tags_from_the_forum(self):
        self.assertEqual(self.forum.buying_signal_tag_ids, self.tag_pricing)
        self.forum.buying_signal_tag_ids = self.tag_howto
        self.assertTrue(self.tag_howto.is_buying_signal)
        self.assertFalse(self.tag_pricing.is_buying_signal)
