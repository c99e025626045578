import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    social_crm_default_half_life_days = fields.Float(
        string="Default Half-life (days)",
        digits=(16, 0),
        config_parameter="social_crm.default_half_life_days",
        default=180.0,
    )
    social_crm_lead_tier_ids = fields.Many2many(related="company_id.social_crm_lead_tier_ids", readonly=False)
    social_crm_lead_priority = fields.Selection(related="company_id.social_crm_lead_priority", readonly=False)

    @api.model_create_multi
    def create(self, vals_list):
        # checked when the value comes in, before the ORM rounds it to whole days (rounding
        # NaN is a ValueError); what is stored, and so saved by set_values, is then sound
        for vals in vals_list:
            self._check_default_half_life(vals.get("social_crm_default_half_life_days", 0.0))
        return super().create(vals_list)

    def write(self, vals):
        self._check_default_half_life(vals.get("social_crm_default_half_life_days", 0.0))
        return super().write(vals)

    def _check_default_half_life(self, half_life):
        # NaN passes "< 0" and would make every decayed score NaN
        if not isinstance(half_life, (int, float)) or not math.isfinite(half_life) or half_life < 0:
            raise ValidationError(self.env._("The default half-life must be a finite number, not negative."))

    def action_social_crm_recompute_scores(self):
        self.env["res.partner"].check_access("write")
        self.env["res.partner"]._recompute_ambassador_scores()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Ambassador scores and tiers recomputed."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
