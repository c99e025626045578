from odoo.tests import tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestScoring(SocialCrmCommon):
    def test_score_sums_points(self):
        self.record(self.partner_carol, points=7)
        self.record(self.partner_carol, points=5)
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 12.0)
        self.assertEqual(self.partner_carol.ambassador_tier_id, self.tier_member)
