import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class SocialEngagementType(models.Model):
    _name = "social.engagement.type"
    _description = "Engagement Type"
    _order = "channel_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical identifier used by producer addons.")
    sequence = fields.Integer(default=10)
    # a channel in use cannot be deleted (social.channel refuses it), except by its uninstall
    channel_id = fields.Many2one("social.channel", required=True, ondelete="cascade")
    default_points = fields.Float(default=1.0, required=True)
    half_life_days = fields.Float(
        string="Half-life (days)",
        # whole days: the precision a manager tunes it with
        digits=(16, 0),
        default=lambda self: self._default_half_life_days(),
        help="After this many days an event counts for half of its points. 0 means no decay.",
    )
    daily_cap = fields.Float(help="Maximum positive points a partner can earn with this type per day. 0 means no cap.")
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    engagement_count = fields.Integer(compute="_compute_engagement_count")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of an engagement type must be unique."),
    ]

    @api.model
    def _default_half_life_days(self):
        param = self.env["ir.config_parameter"].sudo().get_param("social_crm.default_half_life_days")
        try:
            return float(param) if param else 180.0
        except ValueError:
            return 180.0

    def _compute_engagement_count(self):
        counts = dict(
            self.env["social.engagement"]._read_group([("type_id", "in", self.ids)], ["type_id"], ["__count"])
        )
        for engagement_type in self:
            engagement_type.engagement_count = counts.get(engagement_type, 0)

    @api.constrains("default_points", "half_life_days", "daily_cap")
    def _check_non_negative(self):
        for engagement_type in self:
            values = (engagement_type.default_points, engagement_type.half_life_days, engagement_type.daily_cap)
            if not all(math.isfinite(value) for value in values):
                raise ValidationError(
                    self.env._(
                        "The points, half-life and daily cap of engagement type %(name)s must be finite numbers.",
                        name=engagement_type.name,
                    )
                )
            if engagement_type.half_life_days < 0:
                raise ValidationError(
                    self.env._(
                        "The half-life of engagement type %(name)s cannot be negative.",
                        name=engagement_type.name,
                    )
                )
            if engagement_type.daily_cap < 0:
                raise ValidationError(
                    self.env._(
                        "The daily cap of engagement type %(name)s cannot be negative.",
                        name=engagement_type.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_codes_available([vals["code"] for vals in vals_list if vals.get("code")])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            if len(self) > 1:
                raise ValidationError(self.env._("Each engagement type needs its own code."))
            self._check_codes_available([vals["code"]], exclude=self)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # the ledger's history must not vanish with a type: archive it instead (its producer's
        # uninstall removes it, rows included)
        used = self.filtered("engagement_count")
        if used:
            raise UserError(
                self.env._(
                    "Engagement type %(names)s has ledger rows: archive it instead of deleting it.",
                    names=", ".join(used.mapped("name")),
                )
            )

    def unlink(self):
        # the ledger rows of these types go with them (ondelete cascade): rescore their partners
        Engagement = self.env["social.engagement"].sudo()
        Engagement.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT partner_id, commercial_partner_id FROM social_engagement WHERE type_id = ANY(%s)",
                self.ids,
            )
        )
        partner_ids = {pid for row in self.env.cr.fetchall() for pid in row if pid}
        res = super().unlink()
        Engagement.invalidate_model()
        Engagement._after_rows_written(partner_ids)
        return res

    def _check_codes_available(self, codes, exclude=None):
        """Refuse duplicate codes with a readable error before the database does."""
        duplicates = {code for code in codes if codes.count(code) > 1}
        domain = [("code", "in", codes)]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        existing = self.with_context(active_test=False).search(domain)
        duplicates |= set(existing.mapped("code"))
        if duplicates:
            raise ValidationError(
                self.env._(
                    "An engagement type with code %(codes)s already exists.",
                    codes=", ".join(sorted(duplicates)),
                )
            )

    def action_view_engagement(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("social_crm.social_engagement_action")
        action["domain"] = [("type_id", "=", self.id)]
        action["context"] = {"default_type_id": self.id}
        return action
