from odoo import fields, models


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
