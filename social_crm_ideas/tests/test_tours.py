from odoo.tests import HttpCase, tagged

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestIdeasTours(IdeasCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.idea.name = "Tour idea: calendar sync with our ERP"

    def test_portal_submits_sees_similar_votes_unvotes(self):
        self.start_tour("/ideas/new", "social_crm_ideas_portal_submit_vote", login=self.user_portal.login)
        submitted = self.Idea.search([("name", "=", "Calendar sync for the whole team")])
        self.assertEqual(submitted.author_id, self.partner_portal)
        self.assertEqual(self.idea.vote_count, 0)

    def test_visitor_sent_to_login_and_back(self):
        self.start_tour(self.idea.website_url, "social_crm_ideas_visitor_login")
