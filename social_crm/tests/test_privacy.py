import json

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestPrivacy(SocialCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["social.partner.handle"].create(
            {"partner_id": cls.partner_alice.id, "channel_id": cls.channel.id, "handle": "alice"}
        )
        cls.record(cls.partner_alice, points=30, res_id=1)
        cls.record(cls.partner_bob, points=12)

    def test_erase_removes_ledger_handles_and_score_only_for_that_partner(self):
        self.assertAlmostEqual(self.customer_company.ambassador_score, 42.0)
        self.partner_alice.with_user(self.user_manager).action_erase_community_data()
        self.assertFalse(self.env["social.engagement"].search([("partner_id", "=", self.partner_alice.id)]))
        self.assertFalse(self.partner_alice.community_handle_ids)
        self.assertEqual(self.partner_alice.ambassador_score, 0.0)
        self.assertFalse(self.partner_alice.ambassador_tier_id)
        self.assertFalse(self.partner_alice.community_contact_consent)
        self.assertAlmostEqual(self.partner_bob.ambassador_score, 12.0)
        self.assertAlmostEqual(self.customer_company.ambassador_score, 12.0)

    def test_only_managers_erase(self):
        with self.assertRaises(AccessError):
            self.partner_alice.with_user(self.user_sales).action_erase_community_data()
        self.assertAlmostEqual(self.partner_alice.ambassador_score, 30.0)

    def test_export_gives_profile_and_ledger_as_file(self):
        action = self.partner_alice.with_user(self.user_manager).action_export_community_data()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], f"/social_crm/community_export/{self.partner_alice.id}")
        data = json.loads(self.partner_alice.with_user(self.user_manager)._get_community_export_json())
        self.assertEqual(data["partner"]["name"], "Alice Community")
        self.assertEqual(data["partner"]["handles"][0]["handle"], "alice")
        self.assertTrue(data["partner"]["community_contact_consent"])
        self.assertEqual(len(data["ledger"]), 1)
        self.assertEqual(data["ledger"][0]["points"], 30.0)
        self.assertEqual(data["ledger"][0]["origin"], "res.partner,1")
