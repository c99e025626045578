from odoo import api, models
from odoo.tools import SQL


class SocialIdea(models.Model):
    """Ideas as an engagement producer: submission (author, while published) and adoption
    (author and every voter, while the idea is in an adopted stage)."""

    _name = "social.idea"
    _inherit = ["social.idea", "social.engagement.producer"]

    _social_crm_engagement_types = ("idea_submitted", "idea_adopted", "idea_vote_adopted")
    _social_crm_engagement_fields = ("is_published", "stage_id", "author_id")
    _social_crm_backfill_with = ("social.idea.vote",)

    @api.model
    def _social_crm_engagement_query(self, origins):
        self.env["social.idea.vote"].flush_model(["idea_id", "partner_id"])
        self.env["social.idea.stage"].flush_model(["is_adopted"])
        return SQL(
            """
            SELECT i.author_id AS partner_id, 'idea_submitted' AS type_code, 'social.idea' AS res_model,
                   i.id AS res_id, i.create_date AS date
              FROM social_idea i
             WHERE i.id IN (%(origins)s) AND i.is_published
         UNION ALL
            SELECT i.author_id, 'idea_adopted', 'social.idea', i.id, i.date_stage
              FROM social_idea i
              JOIN social_idea_stage s ON s.id = i.stage_id
             WHERE i.id IN (%(origins)s) AND s.is_adopted
         UNION ALL
            SELECT v.partner_id, 'idea_vote_adopted', 'social.idea', i.id, i.date_stage
              FROM social_idea i
              JOIN social_idea_stage s ON s.id = i.stage_id
              JOIN social_idea_vote v ON v.idea_id = i.id
             WHERE i.id IN (%(origins)s) AND s.is_adopted
               -- the author's own vote: the author earns the adoption itself
               AND v.partner_id <> i.author_id
            """,
            origins=origins,
        )

    def _social_crm_engagement_cascade(self, fnames=None):
        # a vote earns its idea's author something only while the idea is published
        if fnames is None or {"is_published", "author_id"}.intersection(fnames):
            return [self.vote_ids]
        return []
