from odoo import api, models
from odoo.tools import SQL


class ForumPostVote(models.Model):
    """Forum votes as an engagement producer: the author of the post receives the vote.

    A vote stands while it is an up- or downvote on a counted post (forum_post_engagement.py),
    and not a vote on one's own post (only admins can cast one).
    """

    _name = "forum.post.vote"
    _inherit = ["social.engagement.producer", "forum.post.vote"]

    _social_crm_engagement_types = ("forum_upvote_received", "forum_downvote_received")
    _social_crm_engagement_fields = ("vote", "post_id", "user_id")

    @api.model
    def _social_crm_engagement_query(self, origins):
        self.env["forum.post"].flush_model()
        self.env["res.users"].flush_model(["partner_id"])
        Post = self.env["forum.post"]
        return SQL(
            """
            SELECT u.partner_id,
                   CASE WHEN v.vote = '1' THEN 'forum_upvote_received' ELSE 'forum_downvote_received' END
                       AS type_code,
                   'forum.post.vote' AS res_model, v.id AS res_id, COALESCE(v.write_date, v.create_date) AS date
              FROM forum_post_vote v
              JOIN forum_post p ON p.id = v.post_id
              JOIN res_users u ON u.id = p.create_uid
         LEFT JOIN forum_post q ON q.id = p.parent_id
             WHERE v.id IN (%(origins)s) AND %(standing)s AND %(counted)s
               -- self-votes (only possible for admins) earn nothing
               AND v.user_id IS DISTINCT FROM p.create_uid
            """,
            origins=origins,
            standing=self._social_crm_where([("vote", "in", ["1", "-1"])], "v"),
            counted=Post._social_crm_counted_sql("p", "q"),
        )

    def _social_crm_engagement_source(self):
        # a vote is shown as the question it was on, never as the voter
        return self.post_id.parent_id or self.post_id
