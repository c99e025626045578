from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

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
