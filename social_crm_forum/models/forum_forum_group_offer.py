from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .forum_forum import MAX_DELAY_HOURS


class ForumForum(models.Model):
    """When unanswered questions of affinity groups go to the groups' leaders first."""

    _inherit = "forum.forum"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    social_crm_leader_offer_hours = fields.Integer(
        "Offer to Group Leaders After (hours)",
        default=0,
        help="An unanswered question under an affinity group's forum tags is offered to the group's "
        "leaders (those who accept to be contacted) after this many hours, before the staff escalation. "
        "0 means half the escalation delay.",
    )

    @api.constrains("social_crm_leader_offer_hours", "social_crm_escalation_hours")
    def _check_social_crm_leader_offer_hours(self):
        for forum in self:
            offer, escalation = forum.social_crm_leader_offer_hours, forum.social_crm_escalation_hours
            if offer < 0:
                raise ValidationError(self.env._("The delay before offering a question to leaders cannot be negative."))
            if offer > MAX_DELAY_HOURS:
                raise ValidationError(
                    self.env._(
                        "The delay before offering a question to leaders is at most %(hours)s hours (a year).",
                        hours=MAX_DELAY_HOURS,
                    )
                )
            if offer and escalation and offer >= escalation:
                raise ValidationError(
                    self.env._(
                        "Leaders get unanswered questions before the staff: offer them after less than "
                        "%(hours)s hours (the escalation delay of %(forum)s).",
                        hours=escalation,
                        forum=forum.name,
                    )
                )

    def _social_crm_leader_offer_delay(self):
        """Hours after which unanswered group questions go to the leaders (0: never)."""
        self.ensure_one()
        return self.social_crm_leader_offer_hours or self.social_crm_escalation_hours // 2
