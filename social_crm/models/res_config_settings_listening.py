from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    social_crm_listening_team_id = fields.Many2one(related="company_id.social_crm_listening_team_id", readonly=False)
    social_crm_mention_escalation_hours = fields.Integer(
        related="company_id.social_crm_mention_escalation_hours", readonly=False
    )
    social_crm_mention_keywords = fields.Char(related="company_id.social_crm_mention_keywords", readonly=False)
