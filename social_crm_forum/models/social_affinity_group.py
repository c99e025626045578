from odoo import api, fields, models

RECENT_QUESTION_LIMIT = 5


class SocialAffinityGroup(models.Model):
    """Forum tags of an affinity group: the questions under them are the group's content."""

    _inherit = "social.affinity.group"

    forum_tag_ids = fields.Many2many(
        "forum.tag",
        "social_affinity_group_forum_tag_rel",
        "group_id",
        "forum_tag_id",
        string="Forum Tags",
        help="Questions with one of these tags (and their answers and votes) belong to the group: "
        "they make its standing, its page shows them, and unanswered ones are offered to its leaders.",
    )
    forum_question_count = fields.Integer(
        "Forum Questions", compute="_compute_forum_question_count", groups="base.group_user"
    )

    @api.depends("forum_tag_ids")
    def _compute_forum_question_count(self):
        Post = self.env["forum.post"].sudo()
        for group in self:
            group.forum_question_count = (
                Post.search_count(group._forum_questions_domain()) if group.forum_tag_ids else 0
            )

    def _forum_questions_domain(self):
        self.ensure_one()
        return [
            ("parent_id", "=", False),
            ("state", "=", "active"),
            ("tag_ids", "in", self.sudo().forum_tag_ids.ids),
        ]

    def action_view_forum_questions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Questions of %(group)s", group=self.name),
            "res_model": "forum.post",
            "view_mode": "list,form",
            "domain": self._forum_questions_domain(),
            "context": {"create": False},
        }

    def _get_recent_forum_questions(self, limit=RECENT_QUESTION_LIMIT):
        """Latest questions under the group's tags that the current user may see."""
        self.ensure_one()
        if not self.sudo().forum_tag_ids:
            return self.env["forum.post"]
        return self.env["forum.post"].search(
            self._forum_questions_domain() + [("can_view", "=", True)],
            order="last_activity_date desc, id desc",
            limit=limit,
        )
