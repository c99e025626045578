from odoo.tests import tagged

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestDeleteTakesPointsBack(SocialCrmForumCommon):
    """Deleting a forum post takes back what it earned, as unpublishing (archiving) does:
    compensating rows, the history kept."""

    def setUp(self):
        super().setUp()
        self.question = self.ask(self.asker, "Which plan fits a team of twelve?")
        self.answer_post = self.answer(self.answerer, self.question, "The Team plan.")
        self.answer_post.with_user(self.asker).is_correct = True
        self.answer_post.with_user(self.voter).vote(upvote=True)
        self.question.with_user(self.voter).vote(upvote=True)
        self.people = self.asker.partner_id | self.answerer.partner_id
        self.earned = {partner: self.forum_points(partner) for partner in self.people}

    def scores(self):
        self.env.invalidate_all()
        return {partner: partner.ambassador_score for partner in self.people}

    def test_delete_question_as_unpublishing(self):
        for partner, points in self.earned.items():
            self.assertGreater(points, 0, partner.name)
        self.question.active = False
        unpublished = {partner: self.forum_points(partner) for partner in self.people}
        unpublished_scores = self.scores()
        self.assertEqual(unpublished, dict.fromkeys(self.people, 0.0))
        self.question.active = True
        self.assertEqual({p: self.forum_points(p) for p in self.people}, self.earned)

        rows_before = len(self.ledger())
        self.question.with_user(self.asker).unlink()
        self.assertEqual({p: self.forum_points(p) for p in self.people}, unpublished)
        self.assertEqual(self.scores(), unpublished_scores)
        ledger = self.ledger()
        self.assertGreater(len(ledger), rows_before, "taken back by compensating rows")
        self.assertTrue(ledger.filtered("is_compensation"))

    def test_delete_answer_as_unpublishing(self):
        answerer = self.answerer.partner_id
        self.answer_post.active = False
        unpublished = self.forum_points(answerer)
        self.assertEqual(unpublished, 0.0)
        self.answer_post.active = True
        self.assertEqual(self.forum_points(answerer), self.earned[answerer])
        self.answer_post.sudo().unlink()
        self.assertEqual(self.forum_points(answerer), unpublished)
        # the question and what it earned its asker stand
        self.assertEqual(self.net(self.asker.partner_id, "forum_question", self.question), 2.0)
