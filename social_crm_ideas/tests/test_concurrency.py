from odoo import SUPERUSER_ID, Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.social_crm.tests.common import ConcurrentTransactionsCase


@tagged("post_install", "-at_install")
class TestVoteConcurrency(ConcurrentTransactionsCase):
    """Votes committed by truly concurrent transactions (one database connection each).

    HttpCase serializes the requests of its test server on one cursor, so this test uses
    real, separately committed transactions, retried on serialization failures like the
    HTTP layer does. The data it commits is removed at the end.
    """

    voters = 8

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

        self.run_committed(delete)

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

        idea_ids, partner_ids = self.run_committed(setup)
        voter_id = partner_ids[1]
        try:
            results = self.race(
                [
                    (
                        lambda env, idea_id=idea_id: env["social.idea.vote"].create(
                            {"idea_id": idea_id, "partner_id": voter_id}
                        ),
                        SUPERUSER_ID,
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

            self.assertEqual(self.run_committed(check), (2, 2))
        finally:
            self.run_committed(lambda env: env["ir.config_parameter"].set_param("social_crm_ideas.vote_budget", 0))
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

        idea_id, partner_ids = self.run_committed(setup)
        try:
            # Every voter at once, and the first one twice (two tabs).
            targets = partner_ids[1:] + [partner_ids[1]]
            results = self.race(
                [
                    (
                        lambda env, partner_id=partner_id: env["social.idea.vote"].create(
                            {"idea_id": idea_id, "partner_id": partner_id}
                        ),
                        SUPERUSER_ID,
                    )
                    for partner_id in targets
                ]
            )
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

            # the author's vote, then every voter's
            self.assertEqual(self.run_committed(check), (self.voters + 1, self.voters + 1))
        finally:
            self._cleanup([idea_id], partner_ids)

    def test_concurrent_votes_log_no_error(self):
        """Conflicts between votes are retried by Odoo: they are not errors, nothing logs one."""

        def setup(env):
            author, *voters = env["res.partner"].create(
                [{"name": f"Test quiet partner {i}"} for i in range(self.voters + 1)]
            )
            ideas = env["social.idea"].create(
                [{"name": f"Test quiet idea {i}", "author_id": author.id, "is_published": True} for i in range(2)]
            )
            return ideas.ids, [author.id] + [voter.id for voter in voters]

        idea_ids, partner_ids = self.run_committed(setup)
        try:
            with self.logged("odoo.sql_db", "odoo.service.model", "odoo.http") as errors:
                results = self.race(
                    [
                        (
                            lambda env, partner_id=partner_id, n=n: env["social.idea.vote"].create(
                                {"idea_id": idea_ids[n % 2], "partner_id": partner_id}
                            ),
                            SUPERUSER_ID,
                        )
                        for n, partner_id in enumerate(partner_ids[1:])
                    ]
                )
            self.assertEqual(results, ["ok"] * self.voters)
            self.assertFalse([record.getMessage()[:200] for record in errors])

            def check(env):
                author = env["res.partner"].browse(partner_ids[0])
                return author.ambassador_score, env["social.idea"].browse(idea_ids).mapped("vote_count")

            score, counts = self.run_committed(check)
            # each idea has its author's vote too, which earns the author nothing
            self.assertEqual(counts, [self.voters // 2 + 1, self.voters - self.voters // 2 + 1])
            self.assertEqual(score, 2 * 3.0 + self.voters * 1.0, "two ideas submitted, every vote received")
        finally:
            self._cleanup(idea_ids, partner_ids)

    def test_concurrent_submissions_respect_the_rate_limit(self):
        """20 submissions at once under a limit of 3, ideas going to review: exactly 3 pass."""
        limit, attempts = 3, 20

        def setup(env):
            env["ir.config_parameter"].set_param("social_crm_ideas.submission_rate_limit", limit)
            env["ir.config_parameter"].set_param("social_crm_ideas.review_before_publish", True)
            user = env["res.users"].create(
                {
                    "name": "Test rate limit portal",
                    "login": "test_rate_limit_portal",
                    "groups_id": [Command.set(env.ref("base.group_portal").ids)],
                }
            )
            return user.id, user.partner_id.id

        uid, partner_id = self.run_committed(setup)
        try:
            results = self.race(
                [
                    (lambda env, n=n: env["social.idea"].create({"name": f"Test rate limited idea {n}"}), uid)
                    for n in range(attempts)
                ]
            )
            self.assertEqual(results.count("ok"), limit)
            self.assertTrue(all("last hour" in result for result in results if result != "ok"))

            def check(env):
                return env["social.idea"].search_count([("author_id", "=", partner_id)])

            self.assertEqual(self.run_committed(check), limit)
        finally:

            def cleanup(env):
                env.cr.execute("SELECT id FROM social_idea WHERE author_id = %s", (partner_id,))
                idea_ids = [row[0] for row in env.cr.fetchall()]
                env.cr.execute("DELETE FROM social_idea WHERE id = ANY(%s)", (idea_ids,))
                env.cr.execute("DELETE FROM mail_followers WHERE partner_id = %s", (partner_id,))
                env["res.users"].browse(uid).unlink()
                env["res.partner"].browse(partner_id).unlink()
                env["ir.config_parameter"].set_param("social_crm_ideas.submission_rate_limit", 5)
                env["ir.config_parameter"].set_param("social_crm_ideas.review_before_publish", False)

            self.run_committed(cleanup)
