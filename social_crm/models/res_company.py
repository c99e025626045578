from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    social_crm_lead_tier_ids = fields.Many2many(
        "social.ambassador.tier",
        string="Prioritise Leads From Tiers",
        help="New leads whose customer has one of these tiers get a higher priority.",
    )
    social_crm_lead_priority = fields.Selection(
        [("1", "Medium"), ("2", "High"), ("3", "Very High")],
        string="Priority of Ambassador Leads",
        default="2",
    )
