from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common_listening import ListeningCommon


@tagged("post_install", "-at_install")
class TestMentionBuyingSignal(ListeningCommon):
    """Buying-signal keywords open or update an opportunity of the customer's company."""

    def opportunities(self, partner):
        return self.env["crm.lead"].search(
            [("partner_id", "child_of", partner.commercial_partner_id.id), ("type", "=", "opportunity")]
        )

    def test_signal_opens_then_updates_one_opportunity(self):
        self.assertFalse(self.opportunities(self.partner_alice))
        self.ingest(self.event("k-1", author_handle="alice_c", title="Pricing for 20 seats?"))
        mention = self.mention("k-1")
        lead = self.opportunities(self.partner_alice)
        self.assertEqual(len(lead), 1)
        self.assertEqual(mention.lead_id, lead)
        self.assertEqual(
            (lead.partner_id, lead.team_id, lead.user_id), (self.partner_alice, self.team, self.user_sales)
        )
        self.assertIn("pricing", lead.description)
        # Bob works at the same company: his signal updates the same opportunity
        self.partner_bob.community_contact_consent = True
        self.env["social.partner.handle"].create(
            {"partner_id": self.partner_bob.id, "channel_id": self.channel.id, "handle": "bob_c"}
        )
        self.ingest(self.event("k-2", author_handle="bob_c", text="Could you send us a QUOTE?"))
        self.assertEqual(self.opportunities(self.partner_alice), lead)
        self.assertEqual(self.mention("k-2").lead_id, lead)
        notes = lead.message_ids.filtered(lambda m: "Buying signal" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("quote", notes.body)

    def test_whole_words_only_and_no_signal_without_keyword(self):
        self.ingest(
            self.event("k-3", author_handle="alice_c", text="Repricing our catalogue"),
            self.event("k-4", author_handle="alice_c", text="Love the product"),
        )
        self.assertFalse(self.opportunities(self.partner_alice))

    def test_no_outreach_without_consent(self):
        self.env["social.partner.handle"].create(
            {"partner_id": self.partner_bob.id, "channel_id": self.channel.id, "handle": "bob_c"}
        )
        self.ingest(self.event("k-5", author_handle="bob_c", text="pricing?"))
        self.assertEqual(self.mention("k-5").partner_id, self.partner_bob)
        self.assertFalse(self.opportunities(self.partner_bob))
        self.assertFalse(self.mention("k-5").lead_id)

    def test_won_opportunity_is_not_reused(self):
        won = self.env["crm.lead"].create(
            {"name": "Done deal", "type": "opportunity", "partner_id": self.customer_company.id}
        )
        won.action_set_won()
        self.ingest(self.event("k-6", author_handle="alice_c", text="pricing of the next plan"))
        self.assertNotEqual(self.mention("k-6").lead_id, won)
        self.assertTrue(self.mention("k-6").lead_id)

    def test_signal_waits_for_attribution(self):
        self.ingest(self.event("k-7", author_handle="unknown-alice", text="pricing please"))
        self.assertFalse(self.mention("k-7").lead_id)
        self.mention("k-7")._social_crm_link_partner(self.partner_alice)
        self.assertTrue(self.mention("k-7").lead_id)

    def test_our_people_send_no_signal(self):
        self.ingest(self.event("k-8", author_handle="alice_c", text="pricing", from_staff=True))
        self.assertFalse(self.mention("k-8").lead_id)


@tagged("post_install", "-at_install")
class TestMentionEscalation(ListeningCommon):
    """Mentions that need a response are escalated once past the company's delay."""

    def escalation_activities(self, mention):
        return mention.activity_ids.filtered(lambda a: a.summary == "Unanswered mention")

    def test_escalated_once_to_the_team_leader(self):
        self.ingest(
            self.event("x-1", days_ago=2, needs_response=True),
            self.event("x-2", needs_response=True),
            self.event("x-3", days_ago=2),
        )
        escalated = self.Mention._cron_escalate_unanswered_mentions()
        late = self.mention("x-1")
        self.assertIn(late, escalated)
        activity = self.escalation_activities(late)
        self.assertEqual((len(activity), activity.user_id), (1, self.user_sales))
        self.assertTrue(late.escalated)
        self.assertFalse(self.escalation_activities(self.mention("x-2")), "still within the delay")
        self.assertFalse(self.escalation_activities(self.mention("x-3")), "needs no response")
        self.Mention._cron_escalate_unanswered_mentions()
        self.assertEqual(len(self.escalation_activities(late)), 1)
        late.with_user(self.user_sales).action_mark_answered()
        self.assertFalse(self.escalation_activities(late), "answering closes the activity")

    def test_answered_or_disabled_is_not_escalated(self):
        self.ingest(self.event("x-4", days_ago=2, needs_response=True))
        answered = self.mention("x-4")
        answered.with_user(self.user_sales).action_mark_answered()
        self.assertNotIn(answered, self.Mention._cron_escalate_unanswered_mentions())
        self.company.social_crm_mention_escalation_hours = 0
        self.ingest(self.event("x-5", days_ago=2, needs_response=True))
        self.assertNotIn(self.mention("x-5"), self.Mention._cron_escalate_unanswered_mentions())

    def test_delay_is_counted_from_the_post(self):
        self.company.social_crm_mention_escalation_hours = 6
        posted = fields.Datetime.now() - timedelta(hours=7)
        self.ingest(self.event("x-6", posted_at=posted.isoformat(), needs_response=True))
        self.assertIn(self.mention("x-6"), self.Mention._cron_escalate_unanswered_mentions())
