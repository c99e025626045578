from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models


class ForumPost(models.Model):
    """Unanswered questions of an affinity group go to its leaders first, then to the staff.

    The leaders (joined members with the leader role who accept to be contacted) of the
    published groups owning one of the question's tags get an e-mail notification once,
    after the forum's leader delay; the staff escalation (super) follows at its own, longer
    delay if the question is still unanswered.
    """

    _inherit = "forum.post"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    social_crm_leader_offer_date = fields.Datetime(
        "Offered to Group Leaders On",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    social_crm_offered_leader_ids = fields.Many2many(
        "res.partner",
        "forum_post_social_crm_offered_leader_rel",
        "post_id",
        "partner_id",
        string="Offered to Leaders",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )

    @api.model
    def _cron_escalate_unanswered_questions(self):
        self._social_crm_offer_to_group_leaders()
        return super()._cron_escalate_unanswered_questions()

    @api.model
    def _social_crm_group_leaders_by_tag(self):
        """{forum tag id: leaders who may be contacted} for published groups, in one query."""
        leaders = (
            self.env["social.affinity.membership"]
            .sudo()
            .search(
                [
                    ("role", "=", "leader"),
                    ("state", "=", "joined"),
                    ("group_id.is_published", "=", True),
                    ("group_id.forum_tag_ids", "!=", False),
                    ("partner_id.community_contact_consent", "=", True),
                    ("partner_id.email", "!=", False),
                ]
            )
        )
        by_tag = defaultdict(lambda: self.env["res.partner"])
        for membership in leaders:
            for tag in membership.group_id.forum_tag_ids:
                by_tag[tag.id] |= membership.partner_id
        return by_tag

    @api.model
    def _social_crm_offer_to_group_leaders(self):
        """Notify the consenting leaders of the groups of each question due; returns the questions."""
        leaders_by_tag = self._social_crm_group_leaders_by_tag()
        offered = self.browse()
        if not leaders_by_tag:
            return offered
        now = fields.Datetime.now()
        forums = (
            self.env["forum.forum"]
            .sudo()
            .search(["|", ("social_crm_leader_offer_hours", ">", 0), ("social_crm_escalation_hours", ">", 1)])
        )
        for forum in forums:
            delay = forum._social_crm_leader_offer_delay()
            if not delay:
                continue
            questions = self.sudo().search(
                [
                    ("forum_id", "=", forum.id),
                    ("parent_id", "=", False),
                    ("state", "=", "active"),
                    ("child_count", "=", 0),
                    ("social_crm_escalated", "=", False),
                    ("social_crm_leader_offer_date", "=", False),
                    ("tag_ids", "in", list(leaders_by_tag)),
                    ("create_date", "<=", now - timedelta(hours=delay)),
                ]
            )
            for question in questions:
                author = question.create_uid.partner_id
                leaders = (
                    self.env["res.partner"].union(
                        *(leaders_by_tag[tag.id] for tag in question.tag_ids if tag.id in leaders_by_tag)
                    )
                    - author
                )
                if leaders:
                    question._social_crm_notify_leaders(leaders)
                question.write({"social_crm_leader_offer_date": now, "social_crm_offered_leader_ids": leaders.ids})
                offered |= question
        return offered

    def _social_crm_notify_leaders(self, leaders):
        self.ensure_one()
        body = self.env["ir.qweb"]._render(
            "social_crm_forum.group_question_offer_body",
            {"question": self, "url": self.get_base_url() + self.website_url},
        )
        self.message_notify(
            partner_ids=leaders.ids,
            subject=self.env._("A question for your group: %(title)s", title=self.name),
            body=body,
            email_layout_xmlid="mail.mail_notification_light",
        )
