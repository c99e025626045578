from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class SocialMentionResponse(models.Model):
    """Answering mentions: who answered and when, and escalation of the unanswered ones.

    A reply by one of our people (a contact of an internal user, a staff partner, or an item the source
    flags as ours) answers the earlier mentions of the same conversation. A mention that
    needs a response is assigned to a sales team; left unanswered past the company's
    delay, it gets an activity for the team leader, once (as the forum's escalation does).
    """

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.mention"  # pylint: disable=consider-merging-classes-inherited

    def _social_crm_mark_threads_answered(self):
        """Mark as answered the earlier mentions of the conversations our people replied in."""
        if not self:
            return
        self.flush_model()
        self.env["res.users"].flush_model(["partner_id", "share", "active"])
        self.env["res.partner"].flush_model(["community_role"])
        self.env.cr.execute(
            SQL(
                """
                WITH replies AS (
                    SELECT m.id, m.channel_id, m.thread_ref, m.posted_at, u.id AS user_id
                      FROM social_mention m
                 LEFT JOIN LATERAL (
                            SELECT id FROM res_users
                             WHERE partner_id = m.partner_id AND active AND NOT share
                          ORDER BY id LIMIT 1) u ON TRUE
                 LEFT JOIN res_partner p ON p.id = m.partner_id
                     WHERE m.id = ANY(%(ids)s) AND m.thread_ref IS NOT NULL
                       -- our people: flagged by the source, internal users, staff partners
                       AND (m.author_is_staff OR u.id IS NOT NULL OR p.community_role = 'employee')
                ), answers AS (
                    SELECT DISTINCT ON (t.id) t.id, r.posted_at, r.user_id
                      FROM replies r
                      JOIN social_mention t
                        ON t.channel_id = r.channel_id AND t.thread_ref = r.thread_ref
                       AND t.posted_at <= r.posted_at AND t.id <> r.id
                     WHERE t.answered_at IS NULL AND NOT t.author_is_staff
                       AND t.id NOT IN (SELECT id FROM replies)
                  ORDER BY t.id, r.posted_at
                )
                UPDATE social_mention t
                   SET answered_at = answers.posted_at,
                       answered_by_id = answers.user_id,
                       status = CASE WHEN t.status = 'matched' THEN 'answered' ELSE t.status END
                  FROM answers
                 WHERE t.id = answers.id
             RETURNING t.id
                """,
                ids=self.ids,
            )
        )
        answered = self.browse(row[0] for row in self.env.cr.fetchall())
        self.invalidate_model(["answered_at", "answered_by_id", "status"])
        if answered:
            # the escalation activities of the mentions answered this way are done
            answered.sudo().activity_feedback(["mail.mail_activity_data_todo"])

    @api.model
    def _cron_escalate_unanswered_mentions(self):
        """One activity per mention that needs a response and has none past the delay."""
        now = fields.Datetime.now()
        escalated = self.browse()
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for company in self.env["res.company"].search([("social_crm_mention_escalation_hours", ">", 0)]):
            hours = company.social_crm_mention_escalation_hours
            mentions = self.search(
                [
                    ("company_id", "=", company.id),
                    ("needs_response", "=", True),
                    ("answered_at", "=", False),
                    ("escalated", "=", False),
                    ("status", "!=", "ignored"),
                    ("posted_at", "<=", now - timedelta(hours=hours)),
                ]
            )
            for mention in mentions:
                team = mention.team_id or company.social_crm_listening_team_id
                responsible = team.user_id or team.member_ids[:1]
                if not responsible:
                    continue
                mention.activity_schedule(
                    activity_type_id=activity_type.id if activity_type else False,
                    summary=self.env._("Unanswered mention"),
                    note=self.env._(
                        "This mention has had no response for %(hours)s hours.",
                        hours=hours,
                    ),
                    user_id=responsible.id,
                )
                escalated |= mention
        escalated.escalated = True
        return escalated
