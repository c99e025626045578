from odoo import fields, models

from odoo.addons.crm.models.crm_stage import AVAILABLE_PRIORITIES


class ResCompany(models.Model):
    _inherit = "res.company"

    social_crm_lead_tier_ids = fields.Many2many(
        "social.ambassador.tier",
        string="Prioritise Leads From Tiers",
        help="New leads whose customer has one of these tiers get a higher priority.",
    )
    social_crm_lead_priority = fields.Selection(
        AVAILABLE_PRIORITIES,
        string="Priority of Ambassador Leads",
        default="2",
    )

    def cache_invalidation_fields(self):
        # res.partner._social_crm_company_partner_ids caches the companies' partners
        return super().cache_invalidation_fields() | {"partner_id"}
