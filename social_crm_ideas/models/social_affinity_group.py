from odoo import api, fields, models

RECENT_IDEA_LIMIT = 5


class SocialAffinityGroup(models.Model):
    """Idea tags of an affinity group: ideas under them (and their votes) are the group's content."""

    _inherit = "social.affinity.group"

    idea_tag_ids = fields.Many2many(
        "social.idea.tag",
        "social_affinity_group_idea_tag_rel",
        "group_id",
        "tag_id",
        string="Idea Tags",
        help="Ideas with one of these tags belong to the group: they make its standing and its page shows them.",
    )
    idea_count = fields.Integer("Ideas", compute="_compute_idea_count", groups="base.group_user")

    @api.depends("idea_tag_ids")
    def _compute_idea_count(self):
        Idea = self.env["social.idea"].sudo()
        for group in self:
            group.idea_count = Idea.search_count(group._ideas_domain()) if group.idea_tag_ids else 0

    def _ideas_domain(self):
        self.ensure_one()
        return [
            ("tag_ids", "in", self.sudo().idea_tag_ids.ids),
            ("is_published", "=", True),
            ("merged_into_id", "=", False),
            ("company_id", "=", self.company_id.id),
        ]

    def action_view_ideas(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ideas of %(group)s", group=self.name),
            "res_model": "social.idea",
            "view_mode": "list,kanban,form",
            "domain": self._ideas_domain(),
            "context": {"create": False},
        }

    def _get_recent_ideas(self, limit=RECENT_IDEA_LIMIT):
        """Latest published ideas under the group's tags, as the current user sees them."""
        self.ensure_one()
        if not self.sudo().idea_tag_ids:
            return self.env["social.idea"]
        return self.env["social.idea"].search(self._ideas_domain(), order="create_date desc, id desc", limit=limit)
