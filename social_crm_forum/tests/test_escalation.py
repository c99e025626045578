from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestForumEscalation(SocialCrmForumCommon):
    def setUp(self):
        super().setUp()
        self.forum.write(
            {
                "social_crm_escalation_hours": 24,
                "social_crm_escalation_user_id": self.employee.id,
            }
        )

    def _activities(self, post):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "forum.post"),
                ("res_id", "=", post.id),
            ]
        )

    def test_unanswered_question_escalated_once(self):
        late = self.ask(self.asker, "Nobody answers me")
        answered = self.ask(self.asker, "Someone answered")
        self.answer(self.answerer, answered)
        recent = self.ask(self.asker, "Asked an hour ago")
        past = fields.Datetime.now() - timedelta(hours=30)
        self.set_create_date(late | answered, past)
        self.set_create_date(recent, fields.Datetime.now() - timedelta(hours=1))

        self.Post._cron_escalate_unanswered_questions()
        activity = self._activities(late)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.employee)
        self.assertTrue(late.social_crm_escalated)
        self.assertFalse(self._activities(answered))
        self.assertFalse(self._activities(recent))

        # the responsible closes the activity: the next runs do not reopen it
        activity.action_feedback(feedback="Answered by phone")
        self.Post._cron_escalate_unanswered_questions()
        self.Post._cron_escalate_unanswered_questions()
        self.assertFalse(self._activities(late))

    def test_disabled_forum_does_not_escalate(self):
        self.forum.social_crm_escalation_hours = 0
        question = self.ask(self.asker, "No escalation here")
        self.set_create_date(question, fields.Datetime.now() - timedelta(days=10))
        self.Post._cron_escalate_unanswered_questions()
        self.assertFalse(self._activities(question))

    def test_negative_delay_rejected(self):
        with self.assertRaises(ValidationError):
            self.forum.social_crm_escalation_hours = -5
            self.forum.flush_recordset()
