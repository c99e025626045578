from odoo import fields, models


class SocialAmbassadorTier(models.Model):
    _inherit = "social.ambassador.tier"

    loyalty_program_id = fields.Many2one(
        "loyalty.program",
        string="Coupon on Promotion",
        ondelete="set null",
        domain="[('company_id', 'in', [False, current_company_id])]",
        help="Members promoted to this tier get a coupon of this program, once per member and tier.",
    )
    loyalty_points = fields.Float(
        string="Coupon Value",
        default=1.0,
        help="Points (or amount, for gift cards and eWallets) granted with the coupon.",
    )
