from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    idea_open_vote_count = fields.Integer(
        "Open Idea Votes",
        readonly=True,
        copy=False,
        help="Votes of this contact on ideas that are still open; they count against the vote budget.",
    )
