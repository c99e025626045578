from odoo import api, fields, models


class ForumPost(models.Model):
    """Who is behind a post, for the sales user's backend list and form of forum questions."""

    _inherit = "forum.post"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    social_crm_partner_id = fields.Many2one(
        "res.partner",
        string="Asked by",
        related="create_uid.partner_id",
        groups="base.group_user",
    )
    social_crm_commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Customer Company",
        related="create_uid.partner_id.commercial_partner_id",
        groups="base.group_user",
    )
    social_crm_tier_id = fields.Many2one(
        "social.ambassador.tier",
        string="Ambassador Tier",
        related="create_uid.partner_id.ambassador_tier_id",
        groups="base.group_user",
    )
    social_crm_tier_color = fields.Integer(related="social_crm_tier_id.color", groups="base.group_user")
    social_crm_age_days = fields.Integer(
        "Age (days)",
        compute="_compute_social_crm_age_days",
        groups="base.group_user",
        help="Days since the post was written.",
    )

    @api.depends("create_date")
    def _compute_social_crm_age_days(self):
        now = fields.Datetime.now()
        for post in self:
            post.social_crm_age_days = (now - post.create_date).days if post.create_date else 0

    @api.model
    def _social_crm_posts_action(self, domain, name=None):
        """The backend list of forum posts (asker, company, tier, answers, opportunity) on
        ``domain``, whose rows open the backend form: the website page is one click away."""
        action = self.env["ir.actions.act_window"]._for_xml_id("social_crm_forum.forum_post_action_social_crm")
        action["domain"] = domain
        if name:
            action["name"] = name
        action["context"] = {"create": False}
        return action
