from odoo.tests import tagged

from .common import ConcurrentTransactionsCase


@tagged("post_install", "-at_install")
class TestLedgerConcurrency(ConcurrentTransactionsCase):
    """Ledger writes for one partner from concurrent transactions: all recorded, scores exact,
    and the conflicts Odoo retries leave no error in the log."""

    writers = 6

    def test_concurrent_events_of_one_partner(self):
        def setup(env):
            channel = env["social.channel"].create({"name": "Test race", "code": "test_race_channel"})
            env["social.engagement.type"].create(
                {"name": "Test race", "code": "test_race", "channel_id": channel.id, "half_life_days": 0.0}
            )
            company = env["res.partner"].create({"name": "Test race company", "is_company": True})
            partner = env["res.partner"].create({"name": "Test race member", "parent_id": company.id})
            return channel.id, company.id, partner.id

        channel_id, company_id, partner_id = self.run_committed(setup)
        try:
            with self.logged("odoo.sql_db", "odoo.service.model") as errors:
                results = self.race(
                    [
                        (
                            lambda env, n=n: env["social.engagement"].record_events(
                                [{"partner_id": partner_id, "type_code": "test_race", "points": n + 1}]
                            ),
                            1,
                        )
                        for n in range(self.writers)
                    ]
                )
            self.assertEqual(results, ["ok"] * self.writers)
            self.assertFalse(errors, "retried conflicts are not errors")
            expected = sum(range(1, self.writers + 1))

            def check(env):
                partner, company = env["res.partner"].browse([partner_id, company_id])
                return partner.ambassador_score, company.ambassador_score

            self.assertEqual(self.run_committed(check), (expected, expected))
        finally:

            def cleanup(env):
                env.cr.execute("DELETE FROM social_engagement WHERE partner_id = %s", (partner_id,))
                env.cr.execute("DELETE FROM res_partner WHERE id IN %s", ((partner_id, company_id),))
                env.cr.execute("DELETE FROM social_engagement_type WHERE code = 'test_race'")
                env.cr.execute("DELETE FROM social_channel WHERE id = %s", (channel_id,))

            self.run_committed(cleanup)
