import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# The partner fields the scoring service computes, all from the ledger, in one statement.
SCORE_FIELDS = ("ambassador_score", "ambassador_recent_gain", "community_last_activity", "ambassador_tier_id")
RECENT_DAYS = 30

_logger = logging.getLogger(__name__)


class SocialEngagementScoring(models.AbstractModel):
    """Scores and tiers from the ledger: decay, company roll-up, tiers, "rising".

    One trigger path: the ledger marks the partners its rows touch (``_mark_touched``), and the
    ORM recomputes them once per transaction, when a score is read or the transaction flushed
    (``res.partner._compute_ambassador_score`` calls ``_compute_scores``). Bulk paths (nightly
    decay, the settings button, a privacy erase) rescore many partners in one UPDATE
    (``_rescore``). Both read the same statement (``_scores_query``).
    """

    _name = "social.engagement.scoring"
    _description = "Engagement Scoring"

    # ------------------------------------------------------------------
    # The rules, as SQL
    # ------------------------------------------------------------------

    @api.model
    def _sql_decayed_points(self, engagement, engagement_type, now):
        """SQL expression of one ledger row's points decayed to ``now``.

        In double precision: EXTRACT returns a numeric, and a numeric POWER per row made the
        rescoring of a whole forum history ten times slower than reading its rows.
        """
        return SQL(
            """(%(e)s.points * CASE WHEN %(t)s.half_life_days > 0
                   THEN POWER(0.5::float8, GREATEST(date_part('epoch', %(now)s - %(e)s.date), 0)
                                           / (86400 * %(t)s.half_life_days))
                   ELSE 1 END)""",
            e=engagement,
            t=engagement_type,
            now=now,
        )

    @api.model
    def _sql_tier_eligible(self):
        """SQL condition on the table ``res_partner``: an eligible member, who may hold a tier."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        return Partner._where_calc(Partner._community_eligible_domain()).where_clause

    @api.model
    def _sql_expected_tier(self, score):
        """SQL expression of the tier an eligible ``res_partner`` row with ``score`` should have."""
        return SQL(
            """CASE WHEN %(score)s > 0 AND %(eligible)s THEN (
                   SELECT tier.id
                     FROM social_ambassador_tier tier
                    WHERE tier.active AND tier.min_score <= %(score)s
                 ORDER BY tier.min_score DESC
                    LIMIT 1)
               END""",
            score=score,
            eligible=self._sql_tier_eligible(),
        )

    @api.model
    def _scores_query(self, partner_ids=None, lock=False):
        """SELECT id, score, recent, last_date, tier (expected) for the given partners (None: all).

        A partner's score covers its own ledger rows and, for a commercial partner (a company),
        the rows of its contacts; scores are rounded to the fields' precision, as the ORM would
        round them, so that both paths store the same values and unchanged scores are not
        rewritten. ``lock`` locks the partner rows (FOR NO KEY UPDATE) before they are
        written, so that a concurrent writer fails here, quietly, and is retried.
        """
        self.env["social.engagement"].flush_model()
        self.env["social.engagement.type"].flush_model(["half_life_days"])
        self.env["social.ambassador.tier"].flush_model()
        self.env["res.partner"].flush_model(["commercial_partner_id", "community_role", "parent_id", "is_company"])
        now = fields.Datetime.now()
        if partner_ids is None:
            partner_filter = rows_filter = SQL("TRUE")
        else:
            # ARRAY(...) is evaluated once, so that PostgreSQL reads the ledger through its
            # partner index; an IN/OR subquery made it scan the whole ledger.
            partner_filter = SQL("res_partner.id = ANY(%s)", list(partner_ids))
            rows_filter = SQL(
                "e.partner_id = ANY(ARRAY(SELECT id FROM res_partner WHERE id = ANY(%(ids)s)"
                " OR commercial_partner_id = ANY(%(ids)s)))",
                ids=list(partner_ids),
            )
        Partner = self.env["res.partner"]
        precision = Partner._fields["ambassador_score"].get_digits(self.env)[1]
        recent_precision = Partner._fields["ambassador_recent_gain"].get_digits(self.env)[1]
        score = SQL("ROUND((COALESCE(own.score, 0) + COALESCE(rolled.score, 0))::numeric, %s)::float", precision)
        return SQL(
            """
            WITH own AS (
                SELECT e.partner_id,
                       SUM(%(decayed)s) AS score,
                       SUM(e.points) FILTER (WHERE e.date >= %(since)s) AS recent,
                       MAX(e.date) AS last_date
                  FROM social_engagement e
                  JOIN social_engagement_type t ON t.id = e.type_id
                 WHERE %(rows_filter)s
              GROUP BY e.partner_id
            ), rolled AS (
                SELECT c.commercial_partner_id AS id, SUM(own.score) AS score, SUM(own.recent) AS recent
                  FROM own
                  JOIN res_partner c ON c.id = own.partner_id
                 WHERE c.commercial_partner_id <> c.id
              GROUP BY c.commercial_partner_id
            )
            SELECT res_partner.id,
                   %(score)s AS score,
                   ROUND((COALESCE(own.recent, 0) + COALESCE(rolled.recent, 0))::numeric, %(recent_precision)s)::float
                       AS recent,
                   COALESCE(own.last_date, res_partner.community_last_activity) AS last_date,
                   %(tier)s AS tier_id
              FROM res_partner
         LEFT JOIN own ON own.partner_id = res_partner.id
         LEFT JOIN rolled ON rolled.id = res_partner.id
             WHERE %(partner_filter)s
             %(lock)s
            """,
            decayed=self._sql_decayed_points(SQL("e"), SQL("t"), SQL("%s", now)),
            since=now - timedelta(days=RECENT_DAYS),
            rows_filter=rows_filter,
            partner_filter=partner_filter,
            score=score,
            recent_precision=recent_precision,
            tier=self._sql_expected_tier(score),
            lock=SQL("FOR NO KEY UPDATE OF res_partner") if lock else SQL(),
        )

    # ------------------------------------------------------------------
    # The one trigger path: ledger -> touched partners -> rescoring
    # ------------------------------------------------------------------

    @api.model
    def _mark_touched(self, partner_ids):
        """Schedule the rescoring of these partners (include their commercial partners).

        Called by the ledger for the partners of the rows it writes or removes. The ORM
        computes them all at once when a score is read or the transaction flushes.
        """
        partners = self.env["res.partner"].browse(set(partner_ids) - {False, None})
        if not partners:
            return
        fields_ = [partners._fields[fname] for fname in SCORE_FIELDS]
        for field in fields_:
            self.env.add_to_compute(field, partners)

    @api.model
    def _compute_scores(self, partners):
        """Assign score, recent gain, last activity and tier to ``partners`` from the ledger."""
        real = partners.filtered("id")
        for partner in partners - real:
            origin = partner._origin
            partner.ambassador_score = origin.ambassador_score if origin else 0.0
            partner.ambassador_recent_gain = origin.ambassador_recent_gain if origin else 0.0
            partner.community_last_activity = origin.community_last_activity if origin else False
            partner.ambassador_tier_id = origin.ambassador_tier_id if origin else False
        if not real:
            return
        # a concurrent rescoring of the same partners fails on this lock, quietly, and is retried
        self.env.cr.execute(self._scores_query(real.ids, lock=True), log_exceptions=False)
        values = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        # the ORM writes only the values that change, one UPDATE per set of columns: a company
        # whose last activity stays (a member of it was active in the same second) would get an
        # UPDATE of its own. Forgetting the cached figures writes them all in one.
        real.invalidate_recordset(
            ["ambassador_score", "ambassador_recent_gain", "community_last_activity"], flush=False
        )
        Tier = self.env["social.ambassador.tier"]
        for partner in real:
            score, recent, last_date, tier_id = values.get(partner.id, (0.0, 0.0, False, False))
            partner.ambassador_score = score
            partner.ambassador_recent_gain = recent
            partner.community_last_activity = last_date
            partner.ambassador_tier_id = Tier.browse(tier_id)

    @api.model
    def _forget_pending(self):
        """Drop the rescoring the ledger scheduled in this transaction; return those partners.

        For bulk writes that rescore by themselves, once (a backfill rescores at its end).
        """
        Partner = self.env["res.partner"]
        pending = self.env.records_to_compute(Partner._fields["ambassador_score"])
        for fname in SCORE_FIELDS:
            self.env.remove_to_compute(Partner._fields[fname], pending)
        return pending

    @api.model
    def _rescore_pending(self):
        """Rescore, in one UPDATE, every partner the ledger marked in this transaction.

        For bulk writes (a backfill batch touches thousands of partners): the same result as
        letting the ORM compute them, in one statement instead of one per thousand partners.
        """
        pending = self._forget_pending()
        if pending:
            self._rescore(pending.ids)

    @api.model
    def _rescore(self, partner_ids=None, initial=False):
        """Rescore partners in one UPDATE (None: everyone), then write the tiers that change.

        The partners' commercial partners are rescored too. Only tier changes go through the
        ORM, so that chatter tracks them. ``initial`` (a backfill of history): partners without
        a tier get the one their history earns in one UPDATE, untracked (thousands of members
        reaching a first tier at an install are not news); changes of a tier are still tracked.
        """
        Partner = self.env["res.partner"]
        if partner_ids is not None:
            partner_ids = list(partner_ids)
            if not partner_ids:
                return
            # their companies, read in SQL: a backfill passes thousands of partners
            Partner.flush_model(["commercial_partner_id"])
            self.env.cr.execute(
                SQL(
                    "SELECT DISTINCT commercial_partner_id FROM res_partner WHERE id = ANY(%s)"
                    " AND commercial_partner_id IS NOT NULL",
                    partner_ids,
                )
            )
            partner_ids = list(set(partner_ids) | {row[0] for row in self.env.cr.fetchall()})
        # values written through the ORM (e.g. a privacy erase) must reach the table first
        Partner.flush_model(SCORE_FIELDS)
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET ambassador_score = s.score,
                       ambassador_recent_gain = s.recent,
                       community_last_activity = s.last_date
                  FROM (%(scores)s) s
                 WHERE p.id = s.id
                   AND (p.ambassador_score IS DISTINCT FROM s.score
                        OR p.ambassador_recent_gain IS DISTINCT FROM s.recent
                        OR p.community_last_activity IS DISTINCT FROM s.last_date)
             RETURNING p.id, p.ambassador_tier_id, s.tier_id
                """,
                scores=self._scores_query(partner_ids),
            )
        )
        changed = self.env.cr.fetchall()
        Partner.invalidate_model(["ambassador_score", "ambassador_recent_gain", "community_last_activity"])
        changes = [(pid, expected) for pid, current, expected in changed if current != expected]
        if initial:
            first = [(pid, expected) for pid, current, expected in changed if not current and expected]
            if first:
                self.env.cr.execute(
                    SQL(
                        """UPDATE res_partner p SET ambassador_tier_id = f.tier_id
                             FROM unnest(%s::int[], %s::int[]) AS f(id, tier_id)
                            WHERE p.id = f.id""",
                        [pid for pid, _tier in first],
                        [tier for _pid, tier in first],
                    )
                )
                Partner.invalidate_model(["ambassador_tier_id"])
                _logger.info("Social CRM: %d partners reached their first tier from their history", len(first))
                firsts = {pid for pid, _tier in first}
                changes = [change for change in changes if change[0] not in firsts]
        self._write_tiers(changes)
        # the leads of these customers carry their score and tier (one statement)
        self.env["crm.lead"]._social_crm_sync_community([pid for pid, _current, _expected in changed])

    @api.model
    def _retier(self, partner_ids=None):
        """Re-assign tiers without touching scores (thresholds changed)."""
        self.env["res.partner"].flush_model(["ambassador_score", "ambassador_tier_id", "community_role"])
        self.env["social.ambassador.tier"].flush_model()
        partner_filter = SQL("TRUE") if partner_ids is None else SQL("res_partner.id = ANY(%s)", list(partner_ids))
        self.env.cr.execute(
            SQL(
                """
                SELECT id, expected
                  FROM (SELECT res_partner.id, res_partner.ambassador_tier_id,
                               %(expected)s AS expected
                          FROM res_partner
                         WHERE %(partner_filter)s
                           AND (res_partner.ambassador_score > 0 OR res_partner.ambassador_tier_id IS NOT NULL)
                       ) sub
                 WHERE ambassador_tier_id IS DISTINCT FROM expected
                """,
                expected=self._sql_expected_tier(SQL("res_partner.ambassador_score")),
                partner_filter=partner_filter,
            )
        )
        self._write_tiers(self.env.cr.fetchall())

    @api.model
    def _write_tiers(self, changes):
        """Write new tiers grouped by tier, through the ORM so that chatter tracks them."""
        by_tier = {}
        for partner_id, tier_id in changes:
            by_tier.setdefault(tier_id or False, []).append(partner_id)
        for tier_id, ids in by_tier.items():
            self.env["res.partner"].sudo().browse(ids).write({"ambassador_tier_id": tier_id})

    @api.model
    def _cron_rescore(self, batch_size=1000):
        """Nightly decay: rescore every partner with a score, a tier or a ledger row."""
        self.env.cr.execute(
            """
            SELECT id FROM res_partner
             WHERE ambassador_score != 0 OR ambassador_tier_id IS NOT NULL
                OR id IN (SELECT partner_id FROM social_engagement)
                OR id IN (SELECT commercial_partner_id FROM social_engagement)
          ORDER BY id
            """
        )
        ids = [r[0] for r in self.env.cr.fetchall()]
        done = 0
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            self._rescore(batch)
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(ids) - done)
        if not ids:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)

    # ------------------------------------------------------------------
    # Rising members
    # ------------------------------------------------------------------

    @api.model
    def _rising_members(self, ledger_domain, limit):
        """[(partner, net points)] of the eligible members who gained the most in ``ledger_domain``."""
        # people only: a company's score is its contacts' roll-up, not a member's own
        member_domain = [("community_member", "=", True), ("is_company", "=", False)]
        member_domain += self.env["res.partner"]._community_eligible_domain()
        return self.env["social.engagement"]._read_group(
            ledger_domain + [("partner_id", "any", member_domain)],
            ["partner_id"],
            ["points:sum"],
            having=[("points:sum", ">", 0)],
            order="points:sum desc, partner_id",
            limit=limit,
        )
