from odoo import fields, models

from .social_mention import MENTION_KINDS


class SocialEngagementType(models.Model):
    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.engagement.type"  # pylint: disable=consider-merging-classes-inherited

    mention_kind = fields.Selection(
        [*MENTION_KINDS, ("any", "Any kind")],
        string="Mentions of Kind",
        help="Attributed mentions of this kind on the type's channel earn this type's points. "
        "'Any kind' covers the kinds of the channel that have no type of their own.",
    )
