import threading
import time

from odoo.tests import tagged

from odoo.addons.social_crm.tests.common import ConcurrentTransactionsCase

# promotions need tier tracking, which run_committed disables by default
TRACKED = {"tracking_disable": False}


@tagged("post_install", "-at_install")
class TestTierCouponConcurrency(ConcurrentTransactionsCase):
    """A coupon granted by another transaction while a promotion grants it: one coupon, the
    promotion's transaction commits, and no error reaches the log."""

    def test_concurrent_grant_of_the_same_coupon(self):
        def setup(env):
            channel = env["social.channel"].create({"name": "Test coupon race", "code": "test_coupon_race"})
            env["social.engagement.type"].create(
                {"name": "Test coupon race", "code": "test_coupon_race", "channel_id": channel.id}
            )
            program = env["loyalty.program"].create(
                {"name": "Test coupon race", "program_type": "coupons", "trigger": "with_code"}
            )
            # above any other tier of the database: the promotion reaches this one
            tier = env["social.ambassador.tier"].create(
                {"name": "Test coupon race", "min_score": 10**6, "loyalty_program_id": program.id}
            )
            partner = env["res.partner"].create({"name": "Test coupon race member", "community_member": True})
            return channel.id, program.id, tier.id, partner.id

        channel_id, program_id, tier_id, partner_id = self.run_committed(setup)
        inserted = threading.Event()

        def grant_elsewhere(env):
            env["loyalty.card"].create(
                {"program_id": program_id, "partner_id": partner_id, "social_crm_tier_id": tier_id}
            ).flush_recordset()
            inserted.set()
            # committed only once the promotion below waits on the same coupon
            time.sleep(1.0)

        def promote(env):
            self.assertTrue(inserted.wait(30))
            env["social.engagement"].sudo().record_events(
                [{"partner_id": partner_id, "type_code": "test_coupon_race", "points": 10**6}]
            )

        try:
            with self.logged("odoo.sql_db", "odoo.service.model") as errors:
                results = self.race([(grant_elsewhere, 1), (promote, 1)], context=TRACKED)
            self.assertEqual(results, ["ok", "ok"])
            self.assertFalse(errors, "a coupon granted concurrently is not an error")

            def check(env):
                partner = env["res.partner"].browse(partner_id)
                cards = env["loyalty.card"].search([("partner_id", "=", partner_id)])
                return partner.ambassador_tier_id.id, len(cards)

            self.assertEqual(self.run_committed(check), (tier_id, 1))
        finally:

            def cleanup(env):
                env.cr.execute("DELETE FROM loyalty_card WHERE partner_id = %s", (partner_id,))
                env.cr.execute("DELETE FROM social_engagement WHERE partner_id = %s", (partner_id,))
                env.cr.execute("DELETE FROM mail_message WHERE model = 'res.partner' AND res_id = %s", (partner_id,))
                env.cr.execute("DELETE FROM res_partner WHERE id = %s", (partner_id,))
                env.cr.execute("DELETE FROM social_ambassador_tier WHERE id = %s", (tier_id,))
                env.cr.execute("DELETE FROM loyalty_program WHERE id = %s", (program_id,))
                env.cr.execute("DELETE FROM social_engagement_type WHERE code = 'test_coupon_race'")
                env.cr.execute("DELETE FROM social_channel WHERE id = %s", (channel_id,))

            self.run_committed(cleanup)
