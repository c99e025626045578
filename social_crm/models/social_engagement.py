from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class SocialEngagement(models.Model):
    """Append-only ledger of scored community events.

    Rows are only ever added, through the producer contract (``social_engagement_api.py``):
    undoing an event writes a compensating row, so that the history stays auditable and
    toggling cannot farm points. The only deletions are the privacy erase of a partner (run
    by managers) and the removal of an engagement type with its rows (its producer's uninstall).
    """

    _name = "social.engagement"
    _description = "Community Engagement"
    _order = "date desc, id desc"
    _rec_name = "type_id"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade", readonly=True)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer", store=True, index=True
    )
    type_id = fields.Many2one(
        "social.engagement.type",
        string="Engagement Type",
        required=True,
        index=True,
        # a type is only deleted with its producer (social.engagement.type refuses it otherwise)
        ondelete="cascade",
        readonly=True,
    )
    channel_id = fields.Many2one(related="type_id.channel_id", store=True)
    points = fields.Float(readonly=True, aggregator="sum")
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    res_model = fields.Char(string="Origin Model", readonly=True)
    # producers restate their events by origin: (res_model, res_id) lookups go through this index
    res_id = fields.Many2oneReference(string="Origin Record", model_field="res_model", readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, readonly=True)
    is_compensation = fields.Boolean(readonly=True)
    note = fields.Char(readonly=True, groups="base.group_user")

    @api.model_create_multi
    def create(self, vals_list):
        # Direct creates (manual events from the backend) go through the same checks, caps and
        # rescoring as the producer API; the ledger's own writes pass the write context.
        if self.env.su and self.env.context.get("social_crm_ledger_write"):
            return super().create(vals_list)
        return self.record_events([dict(vals, points=vals.get("points") or None) for vals in vals_list])

    def write(self, vals):
        if not (self.env.su and self.env.context.get("social_crm_ledger_write")):
            raise UserError(self.env._("The engagement ledger is append-only: record a compensating event instead."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_append_only(self):
        if not (self.env.su and self.env.context.get("social_crm_privacy_erase")):
            raise UserError(self.env._("The engagement ledger is append-only: record a compensating event instead."))

    def unlink(self):
        partner_ids = set(self.sudo().partner_id.ids) | set(self.sudo().commercial_partner_id.ids)
        res = super().unlink()
        self.env["social.engagement.scoring"]._mark_touched(partner_ids)
        return res

    @api.model
    def _search(self, domain, *args, **kwargs):
        if not self.env.su and self.env.user._is_portal():
            self._check_portal_domain(domain)
        return super()._search(domain, *args, **kwargs)

    @api.model
    def _check_portal_domain(self, domain):
        """Customers asking for someone else's ledger get an error, not an empty list."""
        own = self.env.user.partner_id.id
        for leaf in domain or []:
            if not isinstance(leaf, list | tuple) or len(leaf) != 3:
                continue
            field, operator, value = leaf
            if field not in ("partner_id", "partner_id.id", "commercial_partner_id"):
                continue
            if operator in ("=", "in") and value:
                values = value if isinstance(value, list | tuple) else [value]
                if any(v != own for v in values):
                    raise AccessError(self.env._("You can only see your own community engagement."))
