from odoo import api, models
from odoo.tools import SQL


class SocialIdeaVote(models.Model):
    """Votes as an engagement producer: the idea's author receives the vote while the idea is
    published (not their own vote); the idea is restated with its votes (adoption rewards its voters)."""

    _name = "social.idea.vote"
    _inherit = ["social.idea.vote", "social.engagement.producer"]

    _social_crm_engagement_types = ("idea_vote_received",)
    _social_crm_engagement_fields = ("idea_id", "partner_id")

    @api.model
    def _social_crm_engagement_query(self, origins):
        self.env["social.idea"].flush_model(["author_id", "is_published"])
        return SQL(
            """
            SELECT i.author_id AS partner_id, 'idea_vote_received' AS type_code,
                   'social.idea.vote' AS res_model, v.id AS res_id, v.date
              FROM social_idea_vote v
              JOIN social_idea i ON i.id = v.idea_id
             WHERE v.id IN (%(origins)s) AND i.is_published
               -- the author's own vote (the idea's first) earns nothing
               AND v.partner_id <> i.author_id
            """,
            origins=origins,
        )

    def _social_crm_engagement_dependents(self):
        return [self.idea_id]

    def _social_crm_engagement_source(self):
        # a vote is shown as the idea it was for, never as the voter
        return self.idea_id
