from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_listening import ListeningCommon


@tagged("post_install", "-at_install")
class TestListeningSecurity(ListeningCommon):
    """Who sees mentions, connectors and their secrets, and intake keys."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ingest(cls.event("sec-1", author_handle="alice_c"))
        cls.mention_alice = cls.mention("sec-1")
        cls.connector = cls.env["social.mention.connector"].create(
            {"name": "Secret holder", "kind": "github", "channel_id": cls.channel.id, "secret": "s3cret"}
        )

    def test_portal_public_and_integration_users_see_no_mention(self):
        public = self.env.ref("base.public_user")
        for user in (self.user_portal, public, self.user_integration):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["social.mention"].with_user(user).search([])
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["social.mention.connector"].with_user(user).search([])

    def test_sales_users_work_the_inbox_managers_delete(self):
        mention = self.mention_alice.with_user(self.user_sales)
        self.assertEqual(mention.partner_id, self.partner_alice)
        mention.action_ignore()
        with self.assertRaises(AccessError):
            mention.unlink()
        self.mention_alice.with_user(self.user_manager).unlink()
        self.assertFalse(self.mention_alice.exists())

    def test_connector_secret_is_for_managers(self):
        connector = self.connector.with_user(self.user_sales)
        self.assertTrue(connector.has_secret)
        with self.assertRaises(AccessError):
            connector.read(["secret"])
        with self.assertRaises(AccessError):
            connector.action_generate_secret()
        self.assertEqual(self.connector.with_user(self.user_manager).read(["secret"])[0]["secret"], "s3cret")

    def test_mentions_are_isolated_per_company(self):
        other = self.env["res.company"].create({"name": "Other Listening Co"})
        self.Mention.with_company(other)._social_crm_ingest([self.event("sec-2", author_handle="nobody")])
        mention = self.mention("sec-2")
        self.assertEqual(mention.company_id, other)
        self.assertFalse(self.env["social.mention"].with_user(self.user_sales).search([("id", "=", mention.id)]))
        both = new_test_user(
            self.env,
            login="social_crm_listening_two_companies",
            groups="social_crm.group_social_crm_user",
            company_ids=[Command.set((self.env.company | other).ids)],
        )
        visible = (
            self.env["social.mention"]
            .with_user(both)
            .with_context(allowed_company_ids=(self.env.company | other).ids)
            .search([("id", "=", mention.id)])
        )
        self.assertEqual(visible, mention)

    def test_only_administrators_generate_intake_keys(self):
        with self.assertRaises(AccessError):
            self.env["social.crm.intake.key"].with_user(self.user_manager).create({"user_id": self.user_integration.id})
        wizard = self.env["social.crm.intake.key"].create({"user_id": self.user_integration.id})
        wizard.action_generate()
        self.assertEqual(
            self.env["res.users.apikeys"]._check_credentials(scope="social_crm.intake", key=wizard.key),
            self.user_integration.id,
        )
        self.assertFalse(self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=wizard.key))
