from odoo import api, models
from odoo.tools import SQL


class SocialAffinityGroupStanding(models.Model):
    """Ideas origins of a group's standing: ideas (submission, adoption) and their votes,
    by the idea's tags."""

    _inherit = "social.affinity.group.standing"
    _depends = {
        "social.idea": ["tag_ids"],
        "social.idea.vote": ["idea_id"],
        "social.affinity.group": ["idea_tag_ids"],
    }

    @api.model
    def _group_origin_queries(self):
        idea_tags = self.env["social.idea"]._fields["tag_ids"]
        group_tags = self.env["social.affinity.group"]._fields["idea_tag_ids"]
        tags = SQL(
            """SELECT DISTINCT gt.%(group_col)s AS group_id, it.%(idea_col)s AS idea_id
                 FROM %(group_rel)s gt
                 JOIN %(idea_rel)s it ON it.%(idea_tag_col)s = gt.%(group_tag_col)s""",
            group_col=SQL.identifier(group_tags.column1),
            group_tag_col=SQL.identifier(group_tags.column2),
            group_rel=SQL.identifier(group_tags.relation),
            idea_rel=SQL.identifier(idea_tags.relation),
            idea_col=SQL.identifier(idea_tags.column1),
            idea_tag_col=SQL.identifier(idea_tags.column2),
        )
        return super()._group_origin_queries() + [
            SQL(
                "SELECT tags.group_id, 'social.idea' AS res_model, tags.idea_id AS res_id FROM (%(tags)s) tags",
                tags=tags,
            ),
            SQL(
                """SELECT tags.group_id, 'social.idea.vote' AS res_model, v.id AS res_id
                     FROM (%(tags)s) tags
                     JOIN social_idea_vote v ON v.idea_id = tags.idea_id""",
                tags=tags,
            ),
        ]
