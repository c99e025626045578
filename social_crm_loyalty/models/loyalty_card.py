from odoo import fields, models


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    social_crm_tier_id = fields.Many2one(
        "social.ambassador.tier",
        string="Granted for Tier",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The ambassador tier whose promotion granted this coupon.",
    )

    _sql_constraints = [
        (
            "social_crm_tier_once",
            "UNIQUE(partner_id, social_crm_tier_id)",
            "A member gets the coupon of a tier only once.",
        )
    ]
