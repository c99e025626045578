from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    social_crm_listening_team_id = fields.Many2one(
        "crm.team",
        string="Listening Team",
        help="Sales team of the mentions that need a response and of the leads they open.",
    )
    social_crm_mention_escalation_hours = fields.Integer(
        string="Escalate Mentions After (hours)",
        default=24,
        help="A mention that needs a response and has none after this many hours gets an "
        "activity for the team leader. 0 disables the escalation.",
    )
    social_crm_mention_keywords = fields.Char(
        string="Buying-Signal Keywords",
        default="pricing, quote, demo, trial, license, upgrade",
        help="Comma-separated words; an attributed mention containing one opens or updates "
        "an opportunity for the customer's company.",
    )

    @api.constrains("social_crm_mention_escalation_hours")
    def _check_social_crm_mention_escalation_hours(self):
        if any(company.social_crm_mention_escalation_hours < 0 for company in self):
            raise ValidationError(self.env._("The escalation delay of mentions cannot be negative."))
