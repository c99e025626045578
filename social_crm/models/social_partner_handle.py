from odoo import api, fields, models


class SocialPartnerHandle(models.Model):
    _name = "social.partner.handle"
    _description = "Social Handle of a Contact"
    _order = "channel_id, id"
    _rec_name = "handle"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    channel_id = fields.Many2one(
        "social.channel",
        required=True,
        # a channel in use cannot be deleted (social.channel refuses it), except by its uninstall
        ondelete="cascade",
        domain=[("allows_handle", "=", True)],
    )
    handle = fields.Char(required=True)
    url = fields.Char(string="URL", compute="_compute_url", store=True, readonly=False)

    _sql_constraints = [
        (
            "partner_channel_handle_unique",
            "UNIQUE(partner_id, channel_id, handle)",
            "This handle is already recorded for this contact.",
        ),
    ]

    @api.depends("channel_id", "handle")
    def _compute_url(self):
        for record in self:
            template = record.channel_id.url_template
            if template and record.handle and not record.url:
                record.url = template.replace("{handle}", record.handle.lstrip("@"))
