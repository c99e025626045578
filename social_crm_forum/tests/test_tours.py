from odoo.tests import HttpCase, tagged

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestForumTours(SocialCrmForumCommon, HttpCase):
    def test_dashboard_question_to_opportunity(self):
        """A sales user goes from the dashboard's questions to the question's backend form and
        creates its opportunity from the header."""
        question = self.ask(self.asker, "How do we add seats?")
        self.start_tour(
            "/odoo/action-social_crm.action_social_crm_dashboard",
            "social_crm_forum_question_to_opportunity",
            login=self.salesman.login,
        )
        lead = self.env["crm.lead"].search([("forum_post_id", "=", question.id)])
        self.assertEqual(lead.partner_id, self.asker.partner_id)
        self.assertEqual(lead.type, "opportunity")
