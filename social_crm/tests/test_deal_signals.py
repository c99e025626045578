from odoo import fields
from odoo.tests import tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestDealSignals(SocialCrmCommon):
    """Engagement of an account's people reaches its open opportunities, once a day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.question = cls.make_type("test_question", default_points=2.0, is_question=True)
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Test Community Corp: renewal",
                "type": "opportunity",
                "partner_id": cls.customer_company.id,
                "user_id": cls.user_sales.id,
            }
        )
        cls.today = fields.Date.today()

    def digests(self, lead):
        return lead.message_ids.filtered(lambda m: "Community activity of this account" in (m.body or ""))

    def followups(self, lead):
        return lead.activity_ids.filtered(lambda a: a.summary == "Follow up on community questions")

    def run_signals(self):
        return self.env["crm.lead"]._cron_social_crm_deal_signals(day=self.today)

    def test_one_digest_per_opportunity_and_day(self):
        # two events without origin (manual ones) are two events, not one key
        self.record(self.partner_alice)
        self.record(self.partner_alice)
        self.record(self.partner_alice, engagement_type=self.question, res_id=3)
        self.record(self.partner_bob, res_id=4)  # no contact consent: left out
        self.assertIn(self.lead, self.run_signals())
        digest = self.digests(self.lead)
        self.assertEqual(len(digest), 1)
        self.assertIn("Alice Community: Test answer × 2 (20.0 points)", digest.body)
        self.assertIn("Alice Community: test_question × 1", digest.body)
        self.assertNotIn("Bob", digest.body)
        followup = self.followups(self.lead)
        self.assertEqual((len(followup), followup.user_id), (1, self.user_sales))
        self.assertIn("Alice Community", followup.note)
        self.assertEqual(self.lead.social_crm_signal_date, self.today)
        # run again the same day: nothing more
        self.record(self.partner_alice, res_id=5)
        self.assertNotIn(self.lead, self.run_signals())
        self.assertEqual(len(self.digests(self.lead)), 1)
        self.assertEqual(len(self.followups(self.lead)), 1)

    def test_every_open_opportunity_of_the_account(self):
        other = self.lead.copy({"name": "Test Community Corp: extension", "partner_id": self.partner_alice.id})
        won = self.lead.copy({"name": "Test Community Corp: done"})
        won.action_set_won()
        lost = self.lead.copy({"name": "Test Community Corp: lost"})
        lost.action_set_lost()
        self.record(self.partner_alice, res_id=1)
        signalled = self.run_signals()
        self.assertEqual(signalled & (self.lead | other | won | lost), self.lead | other)
        self.assertFalse(self.digests(won) | self.digests(lost))
        self.assertFalse(self.followups(self.lead), "no question, no activity")

    def test_engagement_that_nets_to_zero_is_no_signal(self):
        Ledger = self.env["social.engagement"].sudo()
        event = {
            "partner_id": self.partner_alice.id,
            "type_code": "test_answer",
            "res_model": "res.partner",
            "res_id": 7,
        }
        Ledger.sync_events([("res.partner", 7)], [event])
        Ledger.sync_events([("res.partner", 7)], [])
        self.assertNotIn(self.lead, self.run_signals())

    def test_other_accounts_and_days(self):
        self.record(self.partner_carol, res_id=1)  # no company, no opportunity
        self.assertNotIn(self.lead, self.run_signals())
        self.assertFalse(self.digests(self.lead))
        self.record(self.partner_alice, res_id=2)
        yesterday = fields.Date.subtract(self.today, days=1)
        self.assertNotIn(self.lead, self.env["crm.lead"]._cron_social_crm_deal_signals(day=yesterday))
