from odoo import api, fields, models
from odoo.tools import SQL

RECENT_VOTE_DAYS = 14


class SocialIdea(models.Model):
    """Vote counts of an idea: all its votes, and the trending ones (the last 14 days).

    Stored computes that follow the votes (``@api.depends``), inside the transaction that
    changes them: the vote path locks the idea row first, so the stored count always equals
    the number of vote rows, even under concurrent votes. The nightly job lets trending
    counts age.
    """

    # one job per file (docs/ARCHITECTURE.md), against OCA's advice to merge the inheriting classes
    _inherit = "social.idea"  # pylint: disable=consider-merging-classes-inherited

    vote_count = fields.Integer(
        "Votes", compute="_compute_vote_counts", store=True, readonly=True, copy=False, aggregator="sum"
    )
    recent_vote_count = fields.Integer(
        "Recent Votes",
        compute="_compute_vote_counts",
        store=True,
        readonly=True,
        copy=False,
        help="Votes of the last 14 days (trending).",
    )

    @api.depends("vote_ids", "vote_ids.date")
    def _compute_vote_counts(self):
        counts = {}
        if self.ids:
            self.env["social.idea.vote"].flush_model(["idea_id", "date"])
            self.env.cr.execute(self._vote_counts_query(self.ids))
            counts = {idea_id: (total, recent) for idea_id, total, recent in self.env.cr.fetchall()}
        for idea in self:
            idea.vote_count, idea.recent_vote_count = counts.get(idea.id, (0, 0))

    @api.model
    def _vote_counts_query(self, idea_ids=None):
        """SELECT idea id, votes, votes of the last 14 days (None: every idea)."""
        idea_filter = SQL("TRUE") if idea_ids is None else SQL("i.id = ANY(%s)", list(idea_ids))
        return SQL(
            """
            SELECT i.id,
                   COUNT(v.id),
                   COUNT(v.id) FILTER (WHERE v.date >= (now() AT TIME ZONE 'UTC') - %(recent)s * interval '1 day')
              FROM social_idea i
         LEFT JOIN social_idea_vote v ON v.idea_id = i.id
             WHERE %(idea_filter)s
          GROUP BY i.id
            """,
            recent=RECENT_VOTE_DAYS,
            idea_filter=idea_filter,
        )

    @api.model
    def _cron_refresh_counts(self):
        """Nightly: trending counts age (a vote leaves the last 14 days), the pipeline moves."""
        self.env["social.idea.vote"].flush_model()
        self._store_computed(self._vote_counts_query(), ["vote_count", "recent_vote_count"])
        self._refresh_demand_values()
