from odoo import api, models
from odoo.tools import SQL

# Moderation states in which a post still counts as a contribution.
COUNTED_STATES = ("active", "close", "flagged")
# Closing reasons that mean "refused by moderation" (the same ones that cost karma in stock).
REFUSED_REASON_XMLIDS = ("website_forum.reason_7", "website_forum.reason_8")
# Fields whose change decides whether a post counts at all (and so its answers and votes).
POST_VISIBILITY_FIELDS = {"active", "state", "closed_reason_id", "parent_id"}


class ForumPost(models.Model):
    """The forum as an engagement producer: questions, answers and accepted answers.

    The rule is written once, in ``_social_crm_engagement_query`` (what a post is worth now)
    on top of ``_social_crm_counted_domain`` (a counted post); the producer mixin restates
    posts after every change and backfills the history. Votes: ``forum_post_vote.py``.
    """

    _name = "forum.post"
    _inherit = ["social.engagement.producer", "forum.post"]

    _social_crm_engagement_types = ("forum_question", "forum_answer", "forum_answer_accepted")
    _social_crm_engagement_fields = ("active", "state", "is_correct", "closed_reason_id", "parent_id", "create_uid")
    _social_crm_backfill_with = ("forum.post.vote",)

    @api.model
    def _social_crm_refused_reason_ids(self):
        # cached lookup: no query on the vote hot path
        IrModelData = self.env["ir.model.data"]
        reason_ids = (IrModelData._xmlid_to_res_id(xmlid, raise_if_not_found=False) for xmlid in REFUSED_REASON_XMLIDS)
        return [reason_id for reason_id in reason_ids if reason_id]

    @api.model
    def _social_crm_counted_own_domain(self):
        """A post that counts on its own: visible, not refused by moderation."""
        return [
            ("active", "=", True),
            ("state", "in", COUNTED_STATES),
            "|",
            ("state", "!=", "close"),
            ("closed_reason_id", "not in", self._social_crm_refused_reason_ids()),
        ]

    @api.model
    def _social_crm_counted_domain(self):
        """A counted post: a contribution that earns engagement now (an answer only while its
        question counts too). The forum's one rule of what counts."""
        own = self._social_crm_counted_own_domain()
        return own + ["|", ("parent_id", "=", False), ("parent_id", "any", own)]

    @api.model
    def _social_crm_counted_sql(self, post, question):
        """The same rule in SQL: the post aliased ``post`` counts, and its question, aliased
        ``question`` (LEFT JOINed on the post's parent_id), too when there is one."""
        own = self._social_crm_counted_own_domain()
        return SQL(
            "(%s AND (%s.id IS NULL OR %s))",
            self._social_crm_where(own, post),
            SQL.identifier(question),
            self._social_crm_where(own, question),
        )

    @api.model
    def _social_crm_engagement_query(self, origins):
        self.env["res.users"].flush_model(["partner_id"])
        return SQL(
            """
            SELECT u.partner_id,
                   CASE WHEN p.parent_id IS NULL THEN 'forum_question' ELSE 'forum_answer' END AS type_code,
                   'forum.post' AS res_model, p.id AS res_id, p.create_date AS date
              FROM forum_post p
              JOIN res_users u ON u.id = p.create_uid
         LEFT JOIN forum_post q ON q.id = p.parent_id
             WHERE p.id IN (%(origins)s) AND %(counted)s
         UNION ALL
            -- accepting one's own answer to one's own question earns nothing
            SELECT u.partner_id, 'forum_answer_accepted', 'forum.post', p.id, p.write_date
              FROM forum_post p
              JOIN res_users u ON u.id = p.create_uid
              JOIN forum_post q ON q.id = p.parent_id
             WHERE p.id IN (%(origins)s) AND %(counted)s
               AND p.is_correct AND NOT COALESCE(p.self_reply, FALSE)
            """,
            origins=origins,
            counted=self._social_crm_counted_sql("p", "q"),
        )

    def _social_crm_engagement_cascade(self, fnames=None):
        # answers count only while their question does, votes follow their post; when a post
        # is deleted, its answers and votes go with it
        if fnames is not None and not POST_VISIBILITY_FIELDS.intersection(fnames):
            return []
        posts = self.with_context(active_test=False)
        answers = posts.child_ids
        return [answers, (posts | answers).vote_ids]

    def _social_crm_engagement_source(self):
        # an answer's events are shown on its question ("Answer accepted on How do I …")
        return self.parent_id or self
