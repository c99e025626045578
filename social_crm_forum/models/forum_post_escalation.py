from datetime import timedelta

from odoo import api, fields, models


class ForumPost(models.Model):
    """Escalation: a question left unanswered past its forum's delay gets an activity."""

    _name = "forum.post"
    _inherit = ["forum.post", "mail.activity.mixin"]

    social_crm_escalated = fields.Boolean(
        "Escalated",
        readonly=True,
        copy=False,
        help="The unanswered question was already escalated to the forum's responsible.",
    )

    @api.model
    def _cron_escalate_unanswered_questions(self):
        """Schedule one activity per question left unanswered past its forum's delay."""
        now = fields.Datetime.now()
        forums = self.env["forum.forum"].search([("social_crm_escalation_hours", ">", 0)])
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        escalated = self.browse()
        for forum in forums:
            questions = self.search(
                [
                    ("forum_id", "=", forum.id),
                    ("parent_id", "=", False),
                    ("state", "=", "active"),
                    ("child_count", "=", 0),
                    ("social_crm_escalated", "=", False),
                    ("create_date", "<=", now - timedelta(hours=forum.social_crm_escalation_hours)),
                ]
            )
            responsible = forum.social_crm_escalation_user_id or forum.create_uid
            for question in questions:
                question.activity_schedule(
                    activity_type_id=activity_type.id if activity_type else False,
                    summary=self.env._("Unanswered forum question"),
                    note=self.env._(
                        "This question has had no answer for %(hours)s hours.",
                        hours=forum.social_crm_escalation_hours,
                    ),
                    user_id=responsible.id,
                )
            escalated |= questions
        escalated.social_crm_escalated = True
        return escalated
