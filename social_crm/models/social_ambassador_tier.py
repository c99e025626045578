import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SocialAmbassadorTier(models.Model):
    _name = "social.ambassador.tier"
    _description = "Ambassador Tier"
    _order = "min_score, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    min_score = fields.Float(
        string="Minimum Score",
        required=True,
        help="Partners whose ambassador score reaches this value get this tier.",
    )
    color = fields.Integer(string="Colour")
    description = fields.Text(translate=True)
    perks = fields.Html(
        translate=True,
        sanitize=True,
        help="What members of this tier get: shown on their portal page and in the promotion mail.",
    )
    active = fields.Boolean(default=True)
    partner_count = fields.Integer(compute="_compute_partner_count")

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("ambassador_tier_id", "in", self.ids)], ["ambassador_tier_id"], ["__count"]
            )
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

    @api.constrains("min_score", "active")
    def _check_min_score(self):
        for tier in self:
            if not math.isfinite(tier.min_score) or tier.min_score < 0:
                raise ValidationError(
                    self.env._(
                        "The minimum score of tier %(name)s must be a finite number, not negative.", name=tier.name
                    )
                )
            if not tier.active:
                continue
            overlapping = self.search([("min_score", "=", tier.min_score), ("id", "!=", tier.id)], limit=1)
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "Tiers %(tier)s and %(other)s have the same minimum score %(score)s: "
                        "each tier needs its own threshold.",
                        tier=tier.name,
                        other=overlapping.name,
                        score=tier.min_score,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        tiers = super().create(vals_list)
        self.env["res.partner"]._recompute_ambassador_tiers()
        return tiers

    def write(self, vals):
        res = super().write(vals)
        if {"min_score", "active"} & set(vals):
            self.env["res.partner"]._recompute_ambassador_tiers()
        return res

    def unlink(self):
        res = super().unlink()
        # Partners of a deleted tier fall back to the next tier they reach.
        self.env["res.partner"]._recompute_ambassador_tiers()
        return res

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("social_crm.action_ambassadors")
        action["domain"] = [("ambassador_tier_id", "=", self.id)]
        return action
