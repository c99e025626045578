from datetime import timedelta

from psycopg2.errors import ForeignKeyViolation

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestForumBackfill(SocialCrmForumCommon):
    """Installing on a database with forum history records it once, with its dates."""

    def _forget_forum_ledger(self, posts):
        # history that predates the addon: the ledger has no row for these posts yet
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """DELETE FROM social_engagement
                WHERE (res_model = 'forum.post' AND res_id = ANY(%s))
                   OR (res_model = 'forum.post.vote' AND res_id = ANY(%s))""",
                posts.ids,
                posts.vote_ids.ids,
            )
        )
        self.env.invalidate_all()

    def test_backfill_once_with_original_dates(self):
        old = fields.Datetime.now() - timedelta(days=365)
        question = self.ask(self.asker, "An old question")
        answer = self.answer(self.answerer, question)
        answer.with_user(self.asker).is_correct = True
        answer.with_user(self.voter).vote(upvote=True)
        refused = self.ask(self.asker, "Spam from last year")
        refused.with_user(self.moderator)._mark_as_offensive(self.env.ref("website_forum.reason_8").id)
        self.set_create_date(question | answer | refused, old)
        self.set_create_date(answer.vote_ids, old)
        self._forget_forum_ledger(question | answer | refused)

        recorded = self.Post._social_crm_backfill_engagement()["recorded"]
        self.assertEqual(recorded, 4, "question, answer, accepted answer and upvote")
        asker, answerer = self.asker.partner_id, self.answerer.partner_id
        self.assertEqual(self.net(asker, "forum_question", question), 2.0)
        self.assertEqual(self.net(answerer, "forum_answer", answer), 5.0)
        self.assertEqual(self.net(answerer, "forum_answer_accepted", answer), 15.0)
        self.assertEqual(self.net(answerer, "forum_upvote_received", answer.vote_ids), 2.0)
        self.assertFalse(self.ledger(records=refused), "refused posts earn nothing")
        question_row = self.ledger(records=question)
        self.assertEqual(question_row.date.date(), old.date(), "the original date is kept")
        # one year old: decay makes the score lower than the raw points
        self.assertLess(answerer.ambassador_score, 22.0)
        self.assertGreater(answerer.ambassador_score, 0.0)

        # reinstall / upgrade: running it again duplicates nothing
        self.assertEqual(self.Post._social_crm_backfill_engagement()["recorded"], 0)
        self.assertEqual(len(self.ledger(partner=answerer)), 3)

    def test_backfill_skips_what_the_producer_recorded(self):
        question = self.ask(self.asker, "Recorded live")
        self.answer(self.answerer, question)
        rows = len(self.ledger())
        self.assertEqual(self.Post._social_crm_backfill_engagement()["recorded"], 0)
        self.assertEqual(len(self.ledger()), rows)

    def test_backfill_applies_daily_cap(self):
        upvote = self.env.ref("social_crm_forum.engagement_type_forum_upvote_received")
        upvote.daily_cap = 3.0
        question = self.ask(self.asker, "Popular old question")
        question.with_user(self.voter).vote(upvote=True)
        question.with_user(self.employee).vote(upvote=True)
        self.set_create_date(question.vote_ids, fields.Datetime.now() - timedelta(days=3))
        self._forget_forum_ledger(question)
        self.assertEqual(self.Post._social_crm_backfill_engagement()["recorded"], 3)
        votes = self.ledger(type_code="forum_upvote_received", records=question.vote_ids)
        self.assertEqual(sorted(votes.mapped("points")), [1.0, 2.0], "capped at 3 points that day")

    def test_backfill_is_the_replay_of_the_same_events(self):
        """Backfilling a history gives the ledger (rows, caps, scores) that recording the same
        events one by one, at their dates, gives."""
        self.env.ref("social_crm_forum.engagement_type_forum_upvote_received").daily_cap = 5.0
        days = [fields.Datetime.now() - timedelta(days=n) for n in (40, 20, 20, 3)]
        question = self.ask(self.asker, "A question with a history")
        answers = self.answer(self.answerer, question) | self.answer(self.voter, question, "Another way.")
        answers[0].with_user(self.asker).is_correct = True
        for user in (self.voter, self.employee, self.moderator, self.asker):
            answers[0].with_user(user).vote(upvote=True)
        answers[1].with_user(self.answerer).vote(upvote=False)
        self.set_create_date(question, days[0])
        self.set_create_date(answers, days[1])
        self.set_create_date(answers.vote_ids, days[2])
        everything = question | answers
        # the same events, written down from the records themselves
        events = [{"partner_id": self.asker.partner_id.id, "type_code": "forum_question", "date": days[0]}]
        events += [
            {"partner_id": answer.create_uid.partner_id.id, "type_code": "forum_answer", "date": days[1]}
            for answer in answers
        ]
        events.append(
            {"partner_id": self.answerer.partner_id.id, "type_code": "forum_answer_accepted", "date": days[1]}
        )
        events = [dict(event, res_model="forum.post") for event in events]
        for event, post in zip(events, [question, *answers, answers[0]], strict=True):
            event["res_id"] = post.id
        for vote in answers.vote_ids.sorted("id"):
            code = "forum_upvote_received" if vote.vote == "1" else "forum_downvote_received"
            partner = vote.post_id.create_uid.partner_id
            events.append(
                {
                    "partner_id": partner.id,
                    "type_code": code,
                    "res_model": "forum.post.vote",
                    "res_id": vote.id,
                    "date": days[2],
                }
            )

        def ledger_state():
            rows = self.ledger(records=everything) | self.ledger(records=everything.vote_ids)
            partners = self.asker.partner_id | self.answerer.partner_id | self.voter.partner_id
            self.env.invalidate_all()
            return (
                sorted((r.partner_id.id, r.type_id.code, r.res_model, r.res_id, r.points, r.date) for r in rows),
                partners.mapped("ambassador_score"),
            )

        self._forget_forum_ledger(everything)
        self.Post._social_crm_backfill_engagement()
        backfilled = ledger_state()
        self._forget_forum_ledger(everything)
        self.env["res.partner"]._recompute_ambassador_scores()
        for event in sorted(events, key=lambda e: (e["date"], e["res_model"], e["res_id"])):
            self.Engagement.sudo().record_events([event])
        replayed = ledger_state()
        self.assertEqual(backfilled, replayed)
        upvotes = [row for row in backfilled[0] if row[1] == "forum_upvote_received"]
        self.assertEqual(sorted(row[4] for row in upvotes), [1.0, 2.0, 2.0], "the cap of 5 applies to one day")

    def _history(self):
        old = fields.Datetime.now() - timedelta(days=30)
        question = self.ask(self.asker, "A question from last month")
        answers = self.answer(self.answerer, question) | self.answer(self.voter, question, "Or this.")
        answers[0].with_user(self.asker).is_correct = True
        answers[0].with_user(self.voter).vote(upvote=True)
        answers[1].with_user(self.answerer).vote(upvote=False)
        everything = question | answers
        self.set_create_date(everything, old)
        self.set_create_date(everything.vote_ids, old)
        self._forget_forum_ledger(everything)
        return everything

    def _ledger_of(self, posts):
        rows = self.ledger(records=posts) | self.ledger(records=posts.vote_ids)
        return sorted((r.partner_id.id, r.type_id.code, r.res_model, r.res_id, r.points, r.date) for r in rows)

    def test_install_backfills_everything_itself(self):
        """The install writes the whole history, in batches, in its own transaction: nothing is
        left to a cron job."""
        posts = self._history()
        Backfill = self.env["social.engagement.backfill"]
        result = self.Post._social_crm_backfill_engagement(batch_size=1)
        self.assertFalse(result["queued"])
        self.assertEqual(result["recorded"], 6, "question, two answers, accepted answer, up- and downvote")
        self.assertFalse(Backfill.search([("state", "=", "pending")]))
        self.assertEqual(len(self._ledger_of(posts)), 6)
        self.assertEqual(self.net(self.answerer.partner_id, "forum_answer_accepted", posts[1]), 15.0)
        self.assertGreater(self.answerer.partner_id.ambassador_score, 0.0, "scored at the end")

    def test_queued_backfill_is_the_same(self):
        posts = self._history()
        self.Post._social_crm_backfill_engagement()
        direct = self._ledger_of(posts)
        self._forget_forum_ledger(posts)
        Backfill = self.env["social.engagement.backfill"]
        self.assertTrue(self.Post._social_crm_backfill_engagement(queue=True)["queued"])
        self.assertFalse(self._ledger_of(posts), "nothing written before the cron job runs")
        while Backfill.search([("state", "=", "pending")]):
            Backfill._cron_run(batch_size=2)
        self.assertEqual(self._ledger_of(posts), direct)

    def test_install_leaves_a_large_history_to_the_cron_job(self):
        """Above social_crm.backfill_install_max_origins the install queues the history for the
        cron job, triggered at once, instead of writing it in its own transaction: the cron
        job's batches give the same ledger and scores as the install."""
        posts = self._history()
        Backfill = self.env["social.engagement.backfill"]
        ICP = self.env["ir.config_parameter"].sudo()
        origins = self.Post._social_crm_origin_count() + self.env["forum.post.vote"]._social_crm_origin_count()
        ICP.set_param("social_crm.backfill_install_max_origins", origins)
        self.assertFalse(self.Post._social_crm_install_backfill()["queued"], "small enough: in the install")
        direct = self._ledger_of(posts)
        score = self.answerer.partner_id.ambassador_score
        self.assertTrue(direct)

        self._forget_forum_ledger(posts)
        self.env["res.partner"]._recompute_ambassador_scores()
        ICP.set_param("social_crm.backfill_install_max_origins", origins - 1)
        cron = self.env.ref("social_crm.ir_cron_engagement_backfill")
        Trigger = self.env["ir.cron.trigger"].sudo()
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        self.assertTrue(self.Post._social_crm_install_backfill()["queued"])
        self.assertFalse(self._ledger_of(posts), "nothing written in the install")
        self.assertGreater(Trigger.search_count([("cron_id", "=", cron.id)]), triggers, "the cron job is triggered")
        jobs = Backfill.search([("state", "=", "pending")])
        self.assertEqual(sorted(jobs.mapped("res_model")), ["forum.post", "forum.post.vote"])
        self.assertEqual(jobs.mapped("progress"), [0.0, 0.0])
        while Backfill.search([("state", "=", "pending")]):
            Backfill._cron_run(batch_size=2)
        self.assertEqual(self._ledger_of(posts), direct)
        self.env.invalidate_all()
        self.assertEqual(self.answerer.partner_id.ambassador_score, score)
        self.assertEqual(jobs.mapped("progress"), [100.0, 100.0])
        self.assertEqual(jobs.mapped("producer_name"), ["Forum Post", "Post Vote"])

    def test_install_backfill_setting_not_a_number(self):
        self.env["ir.config_parameter"].sudo().set_param("social_crm.backfill_install_max_origins", "many")
        with self.assertLogs("odoo.addons.social_crm.models.social_engagement_backfill", "WARNING"):
            # the default limit (50,000 origins) applies: this forum is far below it
            origins = self.Post._social_crm_origin_count()
            self.assertFalse(self.env["social.engagement.backfill"]._queue_at_install(origins))

    def test_bulk_load_gives_the_same_ledger_and_keeps_the_schema(self):
        """A large backfill sets the ledger's indexes and foreign keys aside and rebuilds them:
        same rows, same scores, same schema after it."""
        Engagement = self.env["social.engagement"]
        schema = Engagement._bulk_load_schema()
        self.assertTrue(schema[0] and schema[1], "the ledger has foreign keys and secondary indexes")
        posts = self._history()
        self.Post._social_crm_backfill_engagement()
        row_by_row = self._ledger_of(posts)
        score = self.answerer.partner_id.ambassador_score
        self._forget_forum_ledger(posts)
        self.env["res.partner"]._recompute_ambassador_scores()
        self.assertEqual(self.answerer.partner_id.ambassador_score, 0.0)

        bulk = self.Post.with_context(social_crm_bulk_load_min_rows=1)
        self.assertTrue(bulk.env["social.engagement"]._bulk_load_worth_it(10**9))
        bulk._social_crm_backfill_engagement()
        self.assertEqual(self._ledger_of(posts), row_by_row)
        self.env.invalidate_all()
        self.assertEqual(self.answerer.partner_id.ambassador_score, score)
        self.assertEqual(Engagement._bulk_load_schema(), schema, "indexes and foreign keys rebuilt as they were")

    def test_bulk_load_failure_leaves_the_schema(self):
        Engagement = self.env["social.engagement"].with_context(social_crm_bulk_load_min_rows=1)
        schema = Engagement._bulk_load_schema()
        with self.assertRaises(UserError), Engagement._bulk_load(10**9) as bulk:
            self.assertTrue(bulk)
            self.assertEqual(Engagement._bulk_load_schema(), ([], []), "set aside during the load")
            raise UserError(self.env._("the backfill failed"))
        self.assertEqual(Engagement._bulk_load_schema(), schema)
        # a row referencing a missing partner is still refused
        with self.assertRaises(ForeignKeyViolation), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO social_engagement (partner_id, type_id, company_id, date, points)"
                " SELECT -1, id, 1, now(), 1 FROM social_engagement_type LIMIT 1"
            )

    def test_backfill_gives_first_tiers_without_a_message_each(self):
        """A member's first tier earned by history is set with the scores, untracked; a tier
        change after it is tracked as usual."""
        self.env["social.ambassador.tier"].search([]).active = False
        first = self.env["social.ambassador.tier"].create({"name": "Test First Tier", "min_score": 0.5})
        self._history()
        partner = self.answerer.partner_id
        self.env["res.partner"]._recompute_ambassador_scores([partner.id])
        self.assertFalse(partner.ambassador_tier_id)

        def messages():
            # tracking values are written when the transaction commits
            self.env.flush_all()
            self.env.cr.precommit.run()
            self.env.invalidate_all()
            return len(partner.message_ids)

        before = messages()
        self.Post._social_crm_backfill_engagement()
        self.assertEqual(messages(), before, "no message for a first tier from history")
        self.assertEqual(partner.ambassador_tier_id, first)
        higher = self.env["social.ambassador.tier"].create({"name": "Test Higher Tier", "min_score": 1.0})
        self.assertEqual(messages(), before + 1, "a change of tier is tracked")
        self.assertEqual(partner.ambassador_tier_id, higher)

    def test_backfill_keeps_the_rescoring_marked_before_it(self):
        """Events recorded earlier in the same transaction (demo data of the same install) are
        still scored: the backfill rescores their partners with its own."""
        partner = self.asker.partner_id
        before = partner.ambassador_score
        self.Engagement.sudo().record_events([{"partner_id": partner.id, "type_code": "group_joined", "points": 4.0}])
        self.Post._social_crm_backfill_engagement()
        self.env.invalidate_all()
        self.assertAlmostEqual(partner.ambassador_score, before + 4.0, places=1)
