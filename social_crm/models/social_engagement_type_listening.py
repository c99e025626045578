from odoo import fields, models

from .social_mention import MENTION_KINDS


class SocialEngagementType(models.Model):
    _inherit = "social.engagement.type"

    mention_kind = fields.Selection(
        [*MENTION_KINDS, ("any", "Any kind")],
        string="Mentions of Kind",
        help="Attributed mentions of this kind on the type's channel earn this type's points. "
        "'Any kind' covers the kinds of the channel that have no type of their own.",
    )
