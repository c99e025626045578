from odoo import fields, models


class SocialEngagementType(models.Model):
    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.engagement.type"  # pylint: disable=consider-merging-classes-inherited

    is_question = fields.Boolean(
        string="Question or Complaint",
        help="When someone of an account with an open opportunity engages this way, the "
        "opportunity's salesperson gets an activity to follow up (see the daily deal signals).",
    )
