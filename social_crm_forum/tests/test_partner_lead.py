from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestForumPartnerLead(SocialCrmForumCommon):
    def test_partner_forum_figures_and_buttons(self):
        question = self.ask(self.asker, "Figures question")
        answer = self.answer(self.answerer, question)
        answer.with_user(self.asker).is_correct = True
        answer.with_user(self.voter).vote(upvote=True)
        question.with_user(self.voter).vote(upvote=False)

        answerer = self.answerer.partner_id.with_user(self.salesman)
        self.assertEqual(answerer.community_forum_answer_count, 1)
        self.assertEqual(answerer.community_forum_accepted_count, 1)
        self.assertEqual(answerer.community_forum_upvote_count, 1)
        asker = self.asker.partner_id.with_user(self.salesman)
        self.assertEqual(asker.community_forum_question_count, 1)
        self.assertEqual(asker.community_forum_downvote_count, 1)
        # the company rolls up its contacts
        self.assertEqual(self.company_beta.with_user(self.salesman).community_forum_answer_count, 1)

        action = answerer.action_view_community_forum_answers()
        self.assertEqual(self.env["forum.post"].search(action["domain"]), answer)
        action = self.company_acme.with_user(self.salesman).action_view_community_forum_questions()
        self.assertEqual(self.env["forum.post"].search(action["domain"]), question)

    def test_lead_shows_recent_questions_of_the_customer(self):
        recent = self.ask(self.asker, "Recent question")
        old = self.ask(self.asker, "Old question")
        self.set_create_date(old, fields.Datetime.now() - timedelta(days=200))
        other = self.ask(self.answerer, "Another customer's question")
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create(
                {
                    "name": "Acme deal",
                    "partner_id": self.company_acme.id,
                }
            )
        )
        self.assertIn(recent, lead.forum_question_ids)
        self.assertNotIn(old, lead.forum_question_ids)
        self.assertNotIn(other, lead.forum_question_ids)

    def test_backend_views_load_for_sales_and_other_employees(self):
        for user in (self.salesman, self.employee):
            self.env["res.partner"].with_user(user).get_views([(False, "form")])
            self.env["forum.post"].with_user(user).get_views([(False, "form"), (False, "list")])
        self.env["crm.lead"].with_user(self.salesman).get_views([(False, "form")])
        arch = self.env["res.partner"].with_user(self.salesman).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_view_community_forum_questions", arch)
        arch = self.env["res.partner"].with_user(self.employee).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("action_view_community_forum_questions", arch)
