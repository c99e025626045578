import threading

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ConcurrentTransactionsCase


@tagged("post_install", "-at_install")
class TestMentionIntakeConcurrency(ConcurrentTransactionsCase):
    """The same event delivered by concurrent requests is stored once.

    Real transactions on separate connections (ConcurrentTransactionsCase.run_committed),
    started together; what they commit is removed at the end.
    """

    @mute_logger("odoo.sql_db")
    def test_concurrent_deliveries_store_one_mention_and_one_event(self):
        def setup(env):
            channel = env["social.channel"].create({"name": "Race channel", "code": "test_race", "allows_handle": True})
            env["social.engagement.type"].create(
                {"name": "Race", "code": "test_race_post", "channel_id": channel.id, "mention_kind": "any"}
            )
            partner = env["res.partner"].create({"name": "Race Runner"})
            env["social.partner.handle"].create(
                {"partner_id": partner.id, "channel_id": channel.id, "handle": "runner"}
            )
            return channel.id, partner.id

        channel_id, partner_id = self.run_committed(setup)
        events = [
            {"channel": "test_race", "external_id": f"race-{i}", "author_handle": "runner", "text": "Hi"}
            for i in range(5)
        ]
        clients = 4
        barrier = threading.Barrier(clients)
        answers = []

        def deliver():
            barrier.wait(timeout=60)
            answers.append(self.run_committed(lambda env: env["social.mention"]._social_crm_ingest(events)))

        try:
            threads = [threading.Thread(target=deliver, daemon=True) for _i in range(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
                self.assertFalse(thread.is_alive(), "a delivery never finished")
            self.assertEqual(len(answers), clients)
            self.assertEqual(sum(answer["accepted"] for answer in answers), len(events))
            self.assertEqual(sum(answer["duplicate"] for answer in answers), len(events) * (clients - 1))

            def check(env):
                env.cr.execute("SELECT COUNT(*) FROM social_mention WHERE channel_id = %s", [channel_id])
                mentions = env.cr.fetchone()[0]
                env.cr.execute(
                    "SELECT COUNT(*), SUM(points) FROM social_engagement WHERE partner_id = %s", [partner_id]
                )
                return mentions, env.cr.fetchone()

            mentions, (rows, points) = self.run_committed(check)
            self.assertEqual(mentions, len(events))
            self.assertEqual((rows, points), (len(events), float(len(events))))
        finally:

            def cleanup(env):
                env.cr.execute("DELETE FROM social_engagement WHERE partner_id = %s", [partner_id])
                env.cr.execute("DELETE FROM social_mention WHERE channel_id = %s", [channel_id])
                env.cr.execute("DELETE FROM social_engagement_type WHERE channel_id = %s", [channel_id])
                env.cr.execute("DELETE FROM social_partner_handle WHERE channel_id = %s", [channel_id])
                env.cr.execute("DELETE FROM social_channel WHERE id = %s", [channel_id])
                env.cr.execute("DELETE FROM res_partner WHERE id = %s", [partner_id])

            self.run_committed(cleanup)
