from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    social_crm_listening_team_id = fields.Many2one(related="company_id.social_crm_listening_team_id", readonly=False)
    social_crm_mention_escalation_hours = fields.Integer(
        related="company_id.social_crm_mention_escalation_hours", readonly=False
    )
    social_crm_mention_keywords = fields.Char(related="company_id.social_crm_mention_keywords", readonly=False)
