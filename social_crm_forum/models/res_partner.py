from odoo import fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    community_forum_question_count = fields.Integer(
        "Forum Questions",
        compute="_compute_community_forum_figures",
        groups="social_crm.group_social_crm_user",
    )
    community_forum_answer_count = fields.Integer(
        "Forum Answers",
        compute="_compute_community_forum_figures",
        groups="social_crm.group_social_crm_user",
    )
    community_forum_accepted_count = fields.Integer(
        "Accepted Answers",
        compute="_compute_community_forum_figures",
        groups="social_crm.group_social_crm_user",
    )
    community_forum_upvote_count = fields.Integer(
        "Upvotes Received",
        compute="_compute_community_forum_figures",
        groups="social_crm.group_social_crm_user",
    )
    community_forum_downvote_count = fields.Integer(
        "Downvotes Received",
        compute="_compute_community_forum_figures",
        groups="social_crm.group_social_crm_user",
    )

    def _compute_community_forum_figures(self):
        """Forum figures of the partner, plus its contacts' for a company, in one query."""
        figures = dict.fromkeys(self.ids, (0, 0, 0, 0, 0))
        if self.ids:
            self.env["forum.post"].flush_model()
            self.env["forum.post.vote"].flush_model()
            self.env.cr.execute(
                SQL(
                    """
                WITH authors AS (
                    SELECT p.id AS partner_id, u.id AS user_id
                      FROM res_partner p
                      JOIN res_partner c ON c.id = p.id OR (p.is_company AND c.parent_id = p.id)
                      JOIN res_users u ON u.partner_id = c.id
                     WHERE p.id = ANY(%(ids)s)
                ), posts AS (
                    SELECT a.partner_id, fp.id, fp.parent_id, fp.is_correct
                      FROM authors a
                      JOIN forum_post fp ON fp.create_uid = a.user_id
                     WHERE fp.active AND fp.state IN ('active', 'close', 'flagged')
                )
                SELECT s.partner_id,
                       COUNT(*) FILTER (WHERE s.parent_id IS NULL),
                       COUNT(*) FILTER (WHERE s.parent_id IS NOT NULL),
                       COUNT(*) FILTER (WHERE s.parent_id IS NOT NULL AND s.is_correct),
                       COALESCE((SELECT COUNT(*) FROM forum_post_vote v
                                  JOIN posts s2 ON s2.id = v.post_id
                                 WHERE s2.partner_id = s.partner_id AND v.vote = '1'), 0),
                       COALESCE((SELECT COUNT(*) FROM forum_post_vote v
                                  JOIN posts s2 ON s2.id = v.post_id
                                 WHERE s2.partner_id = s.partner_id AND v.vote = '-1'), 0)
                  FROM posts s
              GROUP BY s.partner_id
                """,
                    ids=list(self.ids),
                )
            )
            for partner_id, *values in self.env.cr.fetchall():
                figures[partner_id] = tuple(values)
        for partner in self:
            (
                partner.community_forum_question_count,
                partner.community_forum_answer_count,
                partner.community_forum_accepted_count,
                partner.community_forum_upvote_count,
                partner.community_forum_downvote_count,
            ) = figures.get(partner.id, (0, 0, 0, 0, 0))

    def _community_forum_post_domain(self):
        self.ensure_one()
        return [("create_uid.partner_id", "child_of", self.id)]

    def action_view_community_forum_questions(self):
        return self._action_view_community_forum_posts([("parent_id", "=", False)], self.env._("Forum Questions"))

    def action_view_community_forum_answers(self):
        return self._action_view_community_forum_posts([("parent_id", "!=", False)], self.env._("Forum Answers"))

    def action_view_community_forum_posts(self):
        return self._action_view_community_forum_posts([], self.env._("Forum Posts"))

    def _action_view_community_forum_posts(self, domain, name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "forum.post",
            "view_mode": "list,form",
            "domain": self._community_forum_post_domain() + domain,
            "context": {"create": False},
        }
