import threading

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ConcurrentTransactionsCase


@tagged("post_install", "-at_install")
class TestJoinConcurrency(ConcurrentTransactionsCase):
    """The same person joins a group from several tabs at once: one membership, one join.

    Each join runs in its own database connection and commits (run_committed); a unique
    violation would surface as an error. The data committed is removed at the end.
    """

    tabs = 4

    def _race(self, func):
        results = []
        barrier = threading.Barrier(self.tabs)

        def run():
            barrier.wait(timeout=60)
            try:
                results.append(self.run_committed(func))
            except ValidationError as error:  # a unique violation, as run_committed reports it
                results.append(f"integrity error: {error}")

        threads = [threading.Thread(target=run, daemon=True) for _tab in range(self.tabs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
            self.assertFalse(thread.is_alive(), "a join never finished")
        return results

    def _state(self, group_id, partner_id):
        def read(env):
            env.cr.execute(
                "SELECT id, state FROM social_affinity_membership WHERE group_id = %s AND partner_id = %s",
                (group_id, partner_id),
            )
            memberships = env.cr.fetchall()
            env.cr.execute(
                "SELECT COUNT(*) FILTER (WHERE points > 0), COALESCE(SUM(points), 0) FROM social_engagement"
                " WHERE res_model = 'social.affinity.membership' AND res_id = ANY(%s)",
                ([m[0] for m in memberships] or [0],),
            )
            return memberships, env.cr.fetchone()

        return self.run_committed(read)

    def _setup(self, state=None):
        def setup(env):
            partner = env["res.partner"].create({"name": "Test concurrent joiner"})
            group = env["social.affinity.group"].create(
                {"name": "Test Concurrent Riders", "passion": "Racing", "is_published": True}
            )
            if state:
                env["social.affinity.membership"].create(
                    {"group_id": group.id, "partner_id": partner.id, "state": state}
                )
            return group.id, partner.id

        return self.run_committed(setup)

    def _cleanup(self, group_id, partner_id):
        def delete(env):
            env["social.affinity.group"].browse(group_id).unlink()
            env["social.engagement"].with_context(social_crm_privacy_erase=True).search(
                [("partner_id", "=", partner_id)]
            ).unlink()
            env["res.partner"].browse(partner_id).unlink()

        self.run_committed(delete)

    def join(self, group_id, partner_id):
        def join(env):
            group = env["social.affinity.group"].browse(group_id)
            membership = group._join_partner(env["res.partner"].browse(partner_id))
            # an empty result means another tab's join won the race (the unique constraint)
            return membership.state if membership else "joined elsewhere"

        return join

    @mute_logger("odoo.sql_db", "odoo.addons.social_crm.models.social_affinity_membership")
    def test_concurrent_joins_make_one_membership(self):
        group_id, partner_id = self._setup()
        try:
            results = self._race(self.join(group_id, partner_id))
            self.assertEqual(len(results), self.tabs)
            self.assertLessEqual(set(results), {"joined", "joined elsewhere"}, results)
            memberships, (positive_rows, net) = self._state(group_id, partner_id)
            self.assertEqual([state for _id, state in memberships], ["joined"])
            self.assertEqual((positive_rows, net), (1, 2.0))
        finally:
            self._cleanup(group_id, partner_id)

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_concurrent_rejoins_earn_once(self):
        group_id, partner_id = self._setup(state="left")
        try:
            results = self._race(self.join(group_id, partner_id))
            self.assertEqual(results, ["joined"] * self.tabs)
            memberships, (positive_rows, net) = self._state(group_id, partner_id)
            self.assertEqual([state for _id, state in memberships], ["joined"])
            self.assertEqual((positive_rows, net), (1, 2.0))
        finally:
            self._cleanup(group_id, partner_id)
