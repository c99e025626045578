from odoo.tests import HttpCase, tagged

from .common_listening import ListeningCommon


@tagged("post_install", "-at_install")
class TestListeningTour(ListeningCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.edna = cls.env["res.partner"].create({"name": "Edna Example", "email": "edna@example.org"})
        cls.ingest(cls.event("tour-1", author_handle="edna_h", author_name="Edna Example", text="Export fails"))

    def test_sales_user_matches_a_mention_from_the_inbox(self):
        self.start_tour(
            "/odoo/action-social_crm.social_mention_action_inbox",
            "social_crm_match_mention_from_inbox",
            login="social_crm_sales",
        )
        mention = self.mention("tour-1")
        self.assertEqual((mention.partner_id, mention.status), (self.edna, "matched"))
        self.assertEqual(self.edna.community_handle_ids.handle, "edna_h")
