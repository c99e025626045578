from odoo.tests import tagged

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestEngagementSources(SocialCrmForumCommon):
    """Every engagement row links to its source and says what it was on."""

    def test_rows_link_to_their_source(self):
        question = self.ask(self.asker, "How do I export invoices?")
        answer = self.answer(self.answerer, question, "Use the export button.")
        answer.with_user(self.asker).is_correct = True
        answer.with_user(self.voter).vote(upvote=True)
        accepted = self.ledger(partner=self.answerer.partner_id, type_code="forum_answer_accepted")
        upvote = self.ledger(partner=self.answerer.partner_id, type_code="forum_upvote_received")
        self.assertEqual(len(accepted), 1)
        self.assertEqual(len(upvote), 1)
        # backend: the source is the question (of an answer, of a vote), opened from the row
        for row in accepted | upvote:
            row = row.with_user(self.salesman)
            self.assertEqual(row.source_name, "How do I export invoices?")
            action = row.action_open_source()
            self.assertEqual((action["res_model"], action["res_id"]), ("forum.post", question.id))
        # portal: "<activity> on <question>", never the voter's name
        labels = (accepted | upvote).sudo()._portal_label(self.answerer)
        self.assertEqual(labels[accepted.id], f"{accepted.type_id.name} on How do I export invoices?")
        self.assertNotIn(self.voter.name, labels[upvote.id])
        # a source gone is not named
        question.sudo().unlink()
        labels = (accepted | upvote).sudo()._portal_label(self.answerer)
        self.assertEqual(labels[accepted.id], accepted.type_id.name)
