from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestConsent(SocialCrmCommon):
    def _tracked_fields(self, partner):
        self.flush_tracking()
        messages = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", partner.id)])
        return set(messages.tracking_value_ids.field_id.mapped("name"))

    def test_consent_change_is_dated_sourced_and_tracked(self):
        self.assertTrue(self.partner_alice.community_contact_consent_date)
        self.assertEqual(self.partner_alice.community_contact_consent_source, "backend")
        self.partner_bob.with_context(community_consent_source="portal").write({"community_public_consent": True})
        self.assertTrue(self.partner_bob.community_public_consent_date)
        self.assertEqual(self.partner_bob.community_public_consent_source, "portal")
        self.assertLessEqual(
            {
                "community_public_consent",
                "community_public_consent_date",
                "community_public_consent_source",
            },
            self._tracked_fields(self.partner_bob),
        )
        self.partner_bob.community_public_consent = False
        self.assertEqual(self.partner_bob.community_public_consent_source, "backend")

    def test_becoming_member_sets_join_date(self):
        partner = self.env["res.partner"].create({"name": "Newcomer"})
        self.assertFalse(partner.community_join_date)
        partner.community_member = True
        self.assertTrue(partner.community_join_date)

    def test_invite_skips_partners_without_consent(self):
        no_email = self.env["res.partner"].create({"name": "No Mail", "community_contact_consent": True})
        partners = self.partner_alice | self.partner_bob | self.partner_carol | no_email
        action = partners.with_user(self.user_sales).action_invite_ambassador_program()
        wizard_form = Form(self.env[action["res_model"]].with_user(self.user_sales).with_context(**action["context"]))
        wizard = wizard_form.save()
        self.assertEqual(wizard.eligible_partner_ids, self.partner_alice)
        self.assertEqual(wizard.no_consent_count, 2)
        self.assertEqual(wizard.no_email_count, 1)
        self.assertIn("2 without contact consent", wizard.skipped_summary)
        self.assertIn("1 without an email address", wizard.skipped_summary)
        result = wizard.action_send()
        self.assertIn("Invitation sent to 1 contact(s).", result["params"]["message"])
        self.assertIn("2 without contact consent", result["params"]["message"])
        mails = self.env["mail.mail"].search([("model", "=", "res.partner"), ("res_id", "in", partners.ids)])
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.partner_alice)
        self.assertIn("ambassador program", mails.subject)

    def test_invite_with_nobody_eligible_says_why(self):
        wizard = (
            self.env["social.ambassador.invite"]
            .with_user(self.user_sales)
            .create({"partner_ids": [Command.set((self.partner_bob | self.partner_carol).ids)]})
        )
        with self.assertRaisesRegex(UserError, "2 without contact consent"):
            wizard.action_send()
