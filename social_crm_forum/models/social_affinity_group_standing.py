from odoo import api, models
from odoo.tools import SQL


class SocialAffinityGroupStanding(models.Model):
    """Forum origins of a group's standing: posts and votes under the group's forum tags.

    Tags live on questions: an answer, and a vote on a question or on an answer, belong
    to the groups of its question's tags.
    """

    _inherit = "social.affinity.group.standing"
    _depends = {
        "forum.post": ["parent_id", "tag_ids"],
        "forum.post.vote": ["post_id"],
        "social.affinity.group": ["forum_tag_ids"],
    }

    @api.model
    def _group_origin_queries(self):
        Post = self.env["forum.post"]
        post_tags = Post._fields["tag_ids"]
        group_tags = self.env["social.affinity.group"]._fields["forum_tag_ids"]
        tags = SQL(
            """SELECT DISTINCT gt.%(group_col)s AS group_id, pt.%(post_col)s AS question_id
                 FROM %(group_rel)s gt
                 JOIN %(post_rel)s pt ON pt.%(post_tag_col)s = gt.%(group_tag_col)s""",
            group_col=SQL.identifier(group_tags.column1),
            group_tag_col=SQL.identifier(group_tags.column2),
            group_rel=SQL.identifier(group_tags.relation),
            post_rel=SQL.identifier(post_tags.relation),
            post_col=SQL.identifier(post_tags.column1),
            post_tag_col=SQL.identifier(post_tags.column2),
        )
        # the group's posts: its questions and their answers (through the parent_id index)
        posts = SQL(
            """SELECT tags.group_id, tags.question_id AS post_id FROM (%(tags)s) tags
                UNION ALL
               SELECT tags.group_id, p.id FROM (%(tags)s) tags JOIN forum_post p ON p.parent_id = tags.question_id""",
            tags=tags,
        )
        return super()._group_origin_queries() + [
            SQL(
                "SELECT posts.group_id, 'forum.post' AS res_model, posts.post_id AS res_id FROM (%(posts)s) posts",
                posts=posts,
            ),
            SQL(
                """SELECT posts.group_id, 'forum.post.vote' AS res_model, v.id AS res_id
                     FROM (%(posts)s) posts
                     JOIN forum_post_vote v ON v.post_id = posts.post_id""",
                posts=posts,
            ),
        ]
