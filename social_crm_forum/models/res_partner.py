from collections import defaultdict

from odoo import fields, models

# Partner figure -> engagement type of the ledger it counts.
FORUM_FIGURES = {
    "community_forum_question_count": "forum_question",
    "community_forum_answer_count": "forum_answer",
    "community_forum_accepted_count": "forum_answer_accepted",
    "community_forum_upvote_count": "forum_upvote_received",
    "community_forum_downvote_count": "forum_downvote_received",
}


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
        """The partner's standing forum events (its contacts' too, for a company): the ledger's
        breakdown, so the figures follow what earned engagement, moderation included."""
        figures = defaultdict(int)
        if self.ids:
            groups = (
                self.env["social.engagement.breakdown"]
                .sudo()
                ._read_group(
                    [("partner_id", "in", self.ids), ("type_id.code", "in", list(FORUM_FIGURES.values()))],
                    ["partner_id", "type_id"],
                    ["event_count:sum"],
                )
            )
            for partner, engagement_type, count in groups:
                figures[(partner.id, engagement_type.code)] += count
        for partner in self:
            for fname, code in FORUM_FIGURES.items():
                partner[fname] = figures[(partner.id, code)]

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
        return self.env["forum.post"]._social_crm_posts_action(self._community_forum_post_domain() + domain, name)
