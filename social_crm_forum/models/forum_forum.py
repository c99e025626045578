from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

MAX_DELAY_HOURS = 24 * 366


class ForumForum(models.Model):
    _inherit = "forum.forum"

    crm_team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        help="Team of the opportunities created from this forum's questions.",
    )
    social_crm_escalation_hours = fields.Integer(
        "Escalate After (hours)",
        default=0,
        help="A question still unanswered after this many hours gets an activity "
        "for the responsible. 0 disables the escalation.",
    )
    social_crm_escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalation Responsible",
        domain=[("share", "=", False)],
        help="Internal user who gets the activities of unanswered questions (default: the forum's creator).",
    )
    buying_signal_tag_ids = fields.Many2many(
        "forum.tag",
        string="Buying-Signal Tags",
        compute="_compute_buying_signal_tag_ids",
        inverse="_inverse_buying_signal_tag_ids",
        help="New questions with one of these tags open an opportunity automatically.",
    )

    @api.depends("tag_ids.is_buying_signal")
    def _compute_buying_signal_tag_ids(self):
        for forum in self:
            forum.buying_signal_tag_ids = forum.tag_ids.filtered("is_buying_signal")

    @api.constrains("social_crm_escalation_hours")
    def _check_social_crm_escalation_hours(self):
        if any(forum.social_crm_escalation_hours < 0 for forum in self):
            raise ValidationError(self.env._("The escalation delay cannot be negative."))
        # the escalation job subtracts it from now: beyond a year it is a typo, and far beyond
        # it the date arithmetic overflows
        if any(forum.social_crm_escalation_hours > MAX_DELAY_HOURS for forum in self):
            raise ValidationError(
                self.env._("The escalation delay is at most %(hours)s hours (a year).", hours=MAX_DELAY_HOURS)
            )

    def _inverse_buying_signal_tag_ids(self):
        for forum in self:
            tags = forum.buying_signal_tag_ids.exists().filtered(lambda t, f=forum: t.forum_id == f)
            (forum.tag_ids - tags).filtered("is_buying_signal").is_buying_signal = False
            (tags - forum.tag_ids.filtered("is_buying_signal")).is_buying_signal = True

    def _tag_to_write_vals(self, tags=""):
        # tags deleted meanwhile (stale ids posted by a browser) are dropped, not written
        vals = super()._tag_to_write_vals(tags)
        existing = set(self.env["forum.tag"].browse(vals[0][2]).exists().ids)
        vals[0] = Command.set([tag_id for tag_id in vals[0][2] if tag_id in existing])
        return vals
