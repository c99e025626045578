from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_listening import ListeningCommon


@tagged("post_install", "-at_install")
class TestMentionMatching(ListeningCommon):
    """The inbox: suggestions, linking with retro-attribution, new contacts, leads."""

    def link(self, mentions, partner):
        wizard = Form(
            self.env["social.mention.link"]
            .with_user(self.user_sales)
            .with_context(default_mention_ids=[Command.set(mentions.ids)])
        )
        wizard.partner_id = partner
        return wizard.save().action_link()

    def test_linking_attributes_past_and_future_mentions_with_decay(self):
        self.type_post.half_life_days = 30.0
        self.ingest(
            self.event("old-1", days_ago=30, author_handle="carol.s"),
            self.event("old-2", days_ago=60, author_handle="@Carol.S"),
            self.event("other", days_ago=1, author_handle="somebody-else"),
        )
        first, second = self.mention("old-1"), self.mention("old-2")
        self.assertEqual((first | second).mapped("status"), ["unmatched", "unmatched"])
        self.assertEqual(self.partner_carol.ambassador_score, 0.0)

        action = self.link(first, self.partner_carol)
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual((first | second).partner_id, self.partner_carol)
        self.assertEqual((first | second).mapped("status"), ["matched", "matched"])
        self.assertEqual(self.mention("other").status, "unmatched")
        # the events carry the dates the mentions were posted: 4 halved once, 4 halved twice
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 2.0 + 1.0, places=2)
        self.assertEqual(self.ledger(first).date.date(), first.posted_at.date())
        # the handle stays on the contact: the next mention is attributed on arrival
        self.assertIn("carol.s", self.partner_carol.community_handle_ids.mapped("handle"))
        self.ingest(self.event("new-1", author_handle="CAROL.S"))
        self.assertEqual(self.mention("new-1").partner_id, self.partner_carol)

    def test_linking_by_email_reaches_other_channels(self):
        self.ingest(
            self.event("e-1", author_handle=None, author_email="dora@newcorp.test", author_name="Dora"),
            self.event("e-2", author_handle=None, author_email="Dora@NewCorp.test", channel="test_other"),
        )
        partner = self.env["res.partner"].create({"name": "Dora Explorer"})
        self.link(self.mention("e-1"), partner)
        self.assertEqual(self.mention("e-2", self.channel_other).partner_id, partner)
        self.assertEqual(partner.email, "dora@newcorp.test", "an empty e-mail is filled from the mention")

    def test_suggestions_never_link(self):
        company = self.env["res.partner"].create(
            {"name": "Gadget Works", "is_company": True, "website": "https://www.gadgetworks.test"}
        )
        colleague = self.env["res.partner"].create(
            {"name": "Greta Gadget", "parent_id": company.id, "email": "greta@gadgetworks.test"}
        )
        namesake = self.env["res.partner"].create({"name": "Harald Hill"})
        self.env["social.partner.handle"].create(
            {"partner_id": self.partner_bob.id, "channel_id": self.channel_other.id, "handle": "hhill"}
        )
        self.ingest(
            self.event("s-1", author_handle="hhill", author_name="Harald Hill", author_email="harald@gadgetworks.test")
        )
        mention = self.mention("s-1")
        self.assertFalse(mention.partner_id, "a handle on another channel is only a suggestion")
        wizard = Form(
            self.env["social.mention.link"]
            .with_user(self.user_sales)
            .with_context(default_mention_ids=[Command.set(mention.ids)])
        ).save()
        suggested = {line.partner_id: line.reason for line in wizard.suggestion_ids}
        self.assertIn(self.partner_bob, suggested)
        self.assertIn(namesake, suggested)
        self.assertIn(company, suggested)
        self.assertIn(colleague, suggested)
        self.assertIn("Other test channel", suggested[self.partner_bob])
        self.assertFalse(mention.partner_id)
        wizard.suggestion_ids.filtered(lambda line: line.partner_id == namesake).action_link()
        self.assertEqual(mention.partner_id, namesake)

    def test_public_mail_domains_suggest_no_company(self):
        self.env["res.partner"].create({"name": "Mail Giant", "is_company": True, "website": "https://gmail.com"})
        self.ingest(self.event("s-2", author_handle=None, author_email="zed@gmail.com"))
        self.assertFalse(self.mention("s-2")._social_crm_suggestions())

    def test_create_a_contact_from_the_author(self):
        self.ingest(self.event("c-1", author_handle="newbie", author_name="Nina New", author_email="nina@new.test"))
        wizard = Form(
            self.env["social.mention.link"]
            .with_user(self.user_sales)
            .with_context(default_mention_ids=[Command.set(self.mention("c-1").ids)])
        ).save()
        action = wizard.action_create_partner()
        partner = self.env["res.partner"].browse(action["res_id"])
        self.assertEqual((partner.name, partner.email, partner.community_member), ("Nina New", "nina@new.test", True))
        self.assertEqual(self.mention("c-1").partner_id, partner)
        self.assertEqual(partner.community_handle_ids.handle, "newbie")

    def test_lead_carries_the_conversation_until_it_gets_a_contact(self):
        self.ingest(
            self.event("l-1", days_ago=5, author_handle="prospect", author_name="Pat Prospect", text="Quote please"),
            self.event("l-2", days_ago=4, author_handle="prospect"),
        )
        action = self.mention("l-1").with_user(self.user_sales).action_create_lead()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(lead.contact_name, "Pat Prospect")
        self.assertIn("Quote please", lead.description)
        self.assertEqual((self.mention("l-1") | self.mention("l-2")).lead_id, lead)
        inbox = self.Mention.search([("status", "=", "unmatched"), ("lead_id", "=", False)])
        self.assertNotIn(self.mention("l-1"), inbox, "a mention that fed a lead leaves the inbox")
        # a later mention of the same author joins the lead
        self.ingest(self.event("l-3", author_handle="prospect"))
        self.assertEqual(self.mention("l-3").lead_id, lead)
        # the lead is converted with a contact: the conversation is attributed, with its dates
        partner = self.env["res.partner"].create({"name": "Pat Prospect"})
        lead.partner_id = partner
        carried = self.mention("l-1") | self.mention("l-2") | self.mention("l-3")
        self.assertEqual(carried.partner_id, partner)
        self.assertEqual(len(self.ledger(carried)), 3)
        with self.assertRaises(UserError):
            self.mention("l-1").action_create_lead()

    def test_no_lead_from_a_person_without_consent(self):
        self.ingest(self.event("l-4", author_handle="bob-b", author_email="bob@example.com"))
        mention = self.mention("l-4")
        self.assertEqual(mention.partner_id, self.partner_bob)
        with self.assertRaises(UserError):
            mention.with_user(self.user_sales).action_create_lead()

    def test_ignore_compensates_and_restore_records_again(self):
        self.ingest(self.event("i-1", author_handle="alice_c"))
        mention = self.mention("i-1")
        self.assertEqual(self.partner_alice.ambassador_score, 4.0)
        mention.with_user(self.user_sales).action_ignore()
        self.assertEqual(mention.status, "ignored")
        self.assertEqual(self.partner_alice.ambassador_score, 0.0)
        self.assertEqual(self.ledger(mention).mapped("points"), [4.0, -4.0])
        mention.with_user(self.user_sales).action_restore()
        self.assertEqual(mention.status, "matched")
        self.assertEqual(self.partner_alice.ambassador_score, 4.0)

    def test_relinking_moves_the_points(self):
        self.ingest(self.event("r-1", author_handle="alice_c"))
        mention = self.mention("r-1")
        mention._social_crm_link_partner(self.partner_carol)
        self.assertEqual(self.partner_alice.ambassador_score, 0.0)
        self.assertEqual(self.partner_carol.ambassador_score, 4.0)

    def test_our_reply_answers_the_conversation(self):
        employee = self.user_sales.partner_id
        self.env["social.partner.handle"].create(
            {"partner_id": employee.id, "channel_id": self.channel.id, "handle": "sam-at-work"}
        )
        self.ingest(
            self.event("a-1", days_ago=2, author_handle="alice_c", thread="t/1", needs_response=True),
            self.event("a-2", days_ago=2, author_handle="stranger", thread="t/1"),
            self.event("a-3", days_ago=2, author_handle="alice_c", thread="t/2"),
        )
        posted = fields.Datetime.now().replace(microsecond=0) - timedelta(days=1)
        self.ingest(self.event("a-4", author_handle="sam-at-work", thread="t/1", posted_at=posted.isoformat()))
        question = self.mention("a-1")
        self.assertEqual(
            (question.status, question.answered_by_id, question.answered_at), ("answered", self.user_sales, posted)
        )
        self.assertEqual(self.mention("a-2").status, "unmatched", "unattributed, but answered")
        self.assertEqual(self.mention("a-2").answered_at, posted)
        self.assertFalse(self.mention("a-3").answered_at, "another conversation")
        self.assertFalse(self.mention("a-4").answered_at)
        # a source flag says the author is ours even without a known handle
        self.ingest(self.event("a-5", author_handle="mod-x", thread="t/2", from_staff=True))
        self.assertEqual(self.mention("a-3").status, "answered")
        self.assertFalse(self.mention("a-3").answered_by_id)

    def test_mark_answered_by_hand(self):
        self.ingest(self.event("a-6", author_handle="alice_c", needs_response=True))
        mention = self.mention("a-6")
        mention.with_user(self.user_sales).action_mark_answered()
        self.assertEqual((mention.status, mention.answered_by_id), ("answered", self.user_sales))
