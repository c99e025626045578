from odoo import api, fields, models
from odoo.exceptions import UserError


class SocialChannel(models.Model):
    _name = "social.channel"
    _description = "Community Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical identifier used by producer addons.")
    sequence = fields.Integer(default=10)
    allows_handle = fields.Boolean(
        help="Members may have a handle (account name) on this channel, kept on their contact."
    )
    url_template = fields.Char(help="Profile URL built from a handle, e.g. https://github.com/{handle}")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of a community channel must be unique."),
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # types, handles, mentions and connectors point to their channel: archive it instead
        # (an uninstall deletes it, and they go with it: ondelete cascade)
        referencing = [
            self.env[model].sudo().with_context(active_test=False)
            for model in (
                "social.engagement.type",
                "social.partner.handle",
                "social.mention",
                "social.mention.connector",
            )
        ]
        used = self.filtered(
            lambda channel: any(Model.search_count([("channel_id", "=", channel.id)], limit=1) for Model in referencing)
        )
        if used:
            raise UserError(
                self.env._(
                    "Channel %(names)s is used (engagement types, handles, mentions, connectors): archive it instead.",
                    names=", ".join(used.mapped("name")),
                )
            )

    def unlink(self):
        # an uninstall removes a producer's channel with its types: delete the types through
        # the ORM first, so that their ledger rows' partners are rescored
        types = self.env["social.engagement.type"].sudo().with_context(active_test=False)
        types.search([("channel_id", "in", self.ids)]).unlink()
        return super().unlink()
