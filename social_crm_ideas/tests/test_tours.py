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
        self.assertEqual(self.idea.vote_ids.partner_id, self.partner_alice, "voted, then unvoted")

    def test_visitor_sent_to_login_and_back(self):
        self.start_tour(self.idea.website_url, "social_crm_ideas_visitor_login")

    def test_manager_declines_with_reason(self):
        self.vote(self.idea, self.partner_bob)
        self.start_tour(
            f"/odoo/action-social_crm_ideas.social_idea_action/{self.idea.id}",
            "social_crm_ideas_decline_with_reason",
            login=self.user_manager.login,
        )
        self.assertEqual(self.idea.stage_id, self.stage_declined)
        change = self.idea.status_change_ids[:1]
        self.assertEqual(change.note, "Out of scope for this year.")
        mail = self.env["mail.mail"].search([("model", "=", "social.idea"), ("res_id", "=", self.idea.id)], limit=1)
        self.assertIn(self.partner_bob, mail.recipient_ids, "the voters get the mail")
        # the customers see it on the idea's page
        page = self.url_open(self.idea.website_url).text
        self.assertIn("Out of scope for this year.", page)

    def test_portal_votes_from_the_list(self):
        self.start_tour("/ideas?sort=newest", "social_crm_ideas_vote_from_list", login=self.user_portal.login)
        self.assertEqual(self.idea.vote_ids.partner_id, self.partner_alice | self.partner_portal)

    def test_visitor_votes_from_the_list_after_login(self):
        self.start_tour("/ideas?sort=newest", "social_crm_ideas_visitor_votes_from_list")
        self.assertIn(self.partner_portal, self.idea.vote_ids.partner_id)
