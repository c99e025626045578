from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    idea_vote_budget = fields.Integer(
        "Open Votes per Customer",
        config_parameter="social_crm_ideas.vote_budget",
        help="How many votes a customer may have on open ideas at the same time; "
        "0 means unlimited. Votes come back when an idea closes.",
    )
    idea_submission_rate_limit = fields.Integer(
        "Ideas per User per Hour",
        config_parameter="social_crm_ideas.submission_rate_limit",
        default=5,
        help="How many ideas a portal user may submit per hour; 0 means unlimited.",
    )
    idea_review_before_publish = fields.Boolean(
        "Review Submitted Ideas",
        config_parameter="social_crm_ideas.review_before_publish",
        help="Ideas submitted on the website wait for a manager to publish them; otherwise "
        "they are published at once and managers can unpublish them.",
    )
