from odoo import fields, models


class ForumTag(models.Model):
    _inherit = "forum.tag"

    is_buying_signal = fields.Boolean(
        "Buying Signal",
        help="A new question with this tag automatically opens an opportunity for the forum's sales team.",
    )
