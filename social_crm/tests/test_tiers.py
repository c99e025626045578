from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestTiers(SocialCrmCommon):
    def test_highest_reached_tier_is_assigned(self):
        self.assertFalse(self.partner_carol.ambassador_tier_id)
        champions_before = self.tier_champion.partner_count
        self.record(self.partner_carol, points=10)
        self.assertEqual(self.partner_carol.ambassador_tier_id, self.tier_member)
        self.record(self.partner_carol, points=40)
        self.assertEqual(self.partner_carol.ambassador_tier_id, self.tier_advocate)
        self.record(self.partner_carol, points=500)
        self.assertEqual(self.partner_carol.ambassador_tier_id, self.tier_champion)
        self.tier_champion.invalidate_recordset(["partner_count"])
        self.assertEqual(self.tier_champion.partner_count, champions_before + 1)

    def test_tier_change_is_tracked_in_chatter(self):
        self.record(self.partner_carol, points=60)
        self.flush_tracking()
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", self.partner_carol.id),
                ("field_id.name", "=", "ambassador_tier_id"),
            ]
        )
        self.assertTrue(tracking)
        self.assertEqual(tracking[0].new_value_char, self.tier_advocate.name)

    def test_changing_thresholds_reassigns_tiers(self):
        self.record(self.partner_carol, points=60)
        self.assertEqual(self.partner_carol.ambassador_tier_id, self.tier_advocate)
        self.tier_advocate.min_score = 100
        self.assertEqual(self.partner_carol.ambassador_tier_id, self.tier_member)
        self.tier_member.active = False
        self.assertFalse(self.partner_carol.ambassador_tier_id)

    def test_deleting_a_tier_falls_back_to_the_next(self):
        self.record(self.partner_carol, points=60)
        self.tier_advocate.unlink()
        self.assertEqual(self.partner_carol.ambassador_tier_id, self.tier_member)

    def test_overlapping_thresholds_are_refused(self):
        with self.assertRaises(ValidationError):
            self.env["social.ambassador.tier"].create({"name": "Twin", "min_score": 50})
        with self.assertRaises(ValidationError):
            self.tier_champion.min_score = 1
        with self.assertRaises(ValidationError):
            self.env["social.ambassador.tier"].create({"name": "Negative", "min_score": -1})

    def test_own_company_is_never_tiered(self):
        own_company_partner = self.env.company.partner_id
        self.record(own_company_partner, points=500)
        self.assertGreaterEqual(own_company_partner.ambassador_score, 500.0)
        self.assertFalse(own_company_partner.ambassador_tier_id)

    def test_zero_score_gets_no_tier(self):
        self.tier_member.min_score = 0
        self.assertFalse(self.partner_carol.ambassador_tier_id)
