from odoo import api, models
from odoo.tools import SQL


class ForumPostVote(models.Model):
    """Forum votes as an engagement producer: the author of the post receives the vote."""

    _name = "forum.post.vote"
    _inherit = ["social.engagement.producer", "forum.post.vote"]

    _social_crm_engagement_types = ("forum_upvote_received", "forum_downvote_received")
    _social_crm_engagement_fields = ("vote", "post_id", "user_id")

    @api.model
    def _social_crm_standing_domain(self):
        """A standing vote: an up- or downvote on a counted post."""
        return [("vote", "in", ["1", "-1"]), ("post_id", "any", self.env["forum.post"]._social_crm_counted_domain())]

    @api.model
    def _social_crm_engagement_query(self, origins):
        self.env["forum.post"].flush_model(["create_uid"])
        self.env["res.users"].flush_model(["partner_id"])
        standing = self.sudo()._search(self._social_crm_standing_domain()).subselect()
        return SQL(
            """
            SELECT u.partner_id,
                   CASE WHEN v.vote = '1' THEN 'forum_upvote_received' ELSE 'forum_downvote_received' END
                       AS type_code,
                   'forum.post.vote' AS res_model, v.id AS res_id, COALESCE(v.write_date, v.create_date) AS date
              FROM forum_post_vote v
              JOIN forum_post p ON p.id = v.post_id
              JOIN res_users u ON u.id = p.create_uid
             WHERE v.id IN (%(origins)s) AND v.id IN (%(standing)s)
               -- self-votes (only possible for admins) earn nothing
               AND v.user_id IS DISTINCT FROM p.create_uid
            """,
            origins=origins,
            standing=standing,
        )
