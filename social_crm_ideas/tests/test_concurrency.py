import random
import threading
import time

from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY, _as_validation_error
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestVoteConcurrency(TransactionCase):
    """Votes committed by truly concurrent transactions (one database connection each).

    HttpCase serializes the requests of its test server on one cursor, so this test uses
    real, separately committed transactions, retried on serialization failures like the
    HTTP layer does. The data it commits is removed at the end.
    """

    voters = 8

    def _run(self, func):
        """Run ``func(env)`` in its own transaction and commit it, retrying serialization
        failures like the HTTP layer does (odoo.service.model.retrying)."""
        for attempt in range(1, 11):
            with db_connect(self.cr.dbname).cursor() as cr:
                # Bind the registry explicitly: looking it up by name would wait for the
                # registry lock, which the test runner holds while tests run.
                cr.transaction = api.Transaction(self.registry)
                env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                try:
                    result = func(env)
                    env.flush_all()
                    # Committing is the point: other connections must see each vote.
                    cr.commit()  # pylint: disable=invalid-commit
                    return result
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                    cr.rollback()
                except IntegrityError as exc:
                    cr.rollback()
                    raise _as_validation_error(env, exc) from exc
            time.sleep(random.uniform(0, 0.1 * 2**attempt))
        raise AssertionError("too many serialization failures")

    def _cleanup(self, idea_ids, partner_ids):
        def delete(env):
            env.cr.execute(
                "DELETE FROM social_engagement WHERE (res_model = 'social.idea' AND res_id = ANY(%s))"
                " OR (res_model = 'social.idea.vote' AND res_id IN"
                " (SELECT id FROM social_idea_vote WHERE idea_id = ANY(%s)))"
                " OR partner_id = ANY(%s)",
                (idea_ids, idea_ids, partner_ids),
            )
            env.cr.execute("DELETE FROM social_idea WHERE id = ANY(%s)", (idea_ids,))
            env.cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", (partner_ids,))

        self._run(delete)

    def _race(self, calls):
        """Start every call at once, each in its own transaction; return the outcomes."""
        results = []
        barrier = threading.Barrier(len(calls))

        def run(func):
            barrier.wait(timeout=60)
            try:
                self._run(func)
                results.append("ok")
            except ValidationError as exc:
                results.append(str(exc))

        threads = [threading.Thread(target=run, args=(call,), daemon=True) for call in calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
            self.assertFalse(thread.is_alive(), "a vote never finished")
        return results

    @mute_logger("odoo.service.model", "odoo.sql_db")
    def test_concurrent_votes_respect_budget(self):
        """One customer votes for several ideas at once: the budget still holds."""
        ideas_count = 4

        def setup(env):
            env["ir.config_parameter"].set_param("social_crm_ideas.vote_budget", 2)
            partners = env["res.partner"].create([{"name": "Test budget author"}, {"name": "Test budget voter"}])
            ideas = env["social.idea"].create(
                [
                    {"name": f"Test budget race {i}", "author_id": partners[0].id, "is_published": True}
                    for i in range(ideas_count)
                ]
            )
            return ideas.ids, partners.ids

        idea_ids, partner_ids = self._run(setup)
        voter_id = partner_ids[1]
        try:
            results = self._race(
                [
                    (
                        lambda env, idea_id=idea_id: env["social.idea.vote"].create(
                            {"idea_id": idea_id, "partner_id": voter_id}
                        )
                    )
                    for idea_id in idea_ids
                ]
            )
            self.assertEqual(results.count("ok"), 2)
            self.assertTrue(all("No votes left" in r for r in results if r != "ok"))

            def check(env):
                env.cr.execute("SELECT COUNT(*) FROM social_idea_vote WHERE partner_id = %s", (voter_id,))
                votes = env.cr.fetchone()[0]
                env.cr.execute("SELECT idea_open_vote_count FROM res_partner WHERE id = %s", (voter_id,))
                return votes, env.cr.fetchone()[0]

            self.assertEqual(self._run(check), (2, 2))
        finally:
            self._run(lambda env: env["ir.config_parameter"].set_param("social_crm_ideas.vote_budget", 0))
            self._cleanup(idea_ids, partner_ids)

    @mute_logger("odoo.service.model", "odoo.sql_db")
    def test_concurrent_transactions_keep_count_exact(self):
        def setup(env):
            partners = env["res.partner"].create(
                [{"name": f"Test concurrent voter {i}"} for i in range(self.voters + 1)]
            )
            idea = env["social.idea"].create(
                {"name": "Test concurrent idea", "author_id": partners[0].id, "is_published": True}
            )
            return idea.id, partners.ids

        idea_id, partner_ids = self._run(setup)
        try:
            results = []
            barrier = threading.Barrier(self.voters + 1)

            def vote(partner_id):
                barrier.wait(timeout=60)
                try:
                    self._run(
                        lambda env: env["social.idea.vote"].create({"idea_id": idea_id, "partner_id": partner_id})
                    )
                    results.append("ok")
                except ValidationError as exc:
                    results.append(str(exc))

            # Every voter at once, and the first one twice (two tabs).
            targets = partner_ids[1:] + [partner_ids[1]]
            threads = [threading.Thread(target=vote, args=(pid,), daemon=True) for pid in targets]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=180)
                self.assertFalse(thread.is_alive(), "a vote never finished")
            self.assertEqual(results.count("ok"), self.voters)
            refused = [r for r in results if r != "ok"]
            self.assertEqual(len(refused), 1)
            self.assertIn("already voted", refused[0])

            def check(env):
                env.cr.execute(
                    "SELECT vote_count, (SELECT COUNT(*) FROM social_idea_vote WHERE idea_id = %s)"
                    " FROM social_idea WHERE id = %s",
                    (idea_id, idea_id),
                )
                return env.cr.fetchone()

            self.assertEqual(self._run(check), (self.voters, self.voters))
        finally:
            self._cleanup([idea_id], partner_ids)
