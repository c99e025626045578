from odoo import api, fields, models
from odoo.tools import SQL

# The columns a producer's event query returns, in this order (see social.engagement.producer).
EVENT_COLUMNS = ("partner_id", "type_code", "res_model", "res_id", "date")
# Up to this many origins, a restatement lists their ids in its SQL; more are read from an array.
INLINE_ORIGINS_MAX = 100


class SocialEngagement(models.Model):
    """The ledger's SQL engine: every row reaches the table through ``_insert_rows``.

    Three rules live here and nowhere else: the daily cap (net points of the day), net points
    per key (partner, type, origin), and restating origins (compensate what no longer stands,
    record what is missing), which both the live path and the backfill use.
    """

    # one job per file (docs/ARCHITECTURE.md), against OCA's advice to merge the inheriting classes
    _inherit = "social.engagement"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _net_points_sql(self, condition, with_code=False):
        """SELECT the net points of every key (partner, type, origin) of the rows matching ``condition``.

        Columns: partner_id, type_id, code (only ``with_code``: a join to the types, which
        ``condition`` may then use as ``t``; the restatement of every vote does without it),
        res_model, res_id, net, company_id (the company of the key's latest row, which its
        compensation keeps). Float sums of compensations may leave tiny residues: nets are
        rounded to 6 decimals.
        """
        return SQL(
            """
            SELECT e.partner_id, e.type_id, %(code)s e.res_model, e.res_id,
                   ROUND(SUM(e.points)::numeric, 6)::float8 AS net,
                   (ARRAY_AGG(e.company_id ORDER BY e.id DESC))[1] AS company_id
              FROM social_engagement e
              %(join)s
             WHERE %(condition)s
          GROUP BY e.partner_id, e.type_id, %(code)s e.res_model, e.res_id
            """,
            code=SQL("t.code,") if with_code else SQL(),
            join=SQL("JOIN social_engagement_type t ON t.id = e.type_id") if with_code else SQL(),
            condition=condition,
        )

    @api.model
    def _insert_sql(self, src, with_=None, ordered=True):
        """INSERT the rows of the SELECT ``src`` in one statement, daily caps applied.

        ``src`` has the columns partner_id, type_id, points (NULL: the type's default points),
        date, res_model, res_id, company_id (NULL: the partner's), is_compensation, note, seq.
        The daily cap of a type limits the *net* points a partner earns with it per day (the
        rows of that day, compensations included): an event is clipped to what is left, an
        event entirely above the cap is not written; events of one statement count in the
        order (date, seq). Compensations are never capped. ``with_`` prepends CTEs. The rows get
        their ids in ``seq`` order unless ``ordered`` is False (a backfill: one sort less; a key
        appears once per statement, so no rule depends on that order).
        """
        now = fields.Datetime.now()
        return SQL(
            """
            WITH %(with_)s src AS (%(src)s),
            typed AS (
                SELECT s.partner_id, s.type_id, COALESCE(s.points, t.default_points) AS points, s.date,
                       s.res_model, s.res_id, s.company_id, s.is_compensation, s.note, s.seq, t.channel_id,
                       CASE WHEN t.daily_cap > 0 AND NOT s.is_compensation
                                 AND COALESCE(s.points, t.default_points) > 0
                            THEN t.daily_cap END AS cap
                  FROM src s
                  JOIN social_engagement_type t ON t.id = s.type_id
            ), already AS (
                SELECT l.partner_id, l.type_id, k.day, SUM(l.points) AS net
                  FROM (SELECT DISTINCT partner_id, type_id, date::date AS day FROM typed WHERE cap IS NOT NULL) k
                  JOIN social_engagement l
                    ON l.partner_id = k.partner_id AND l.type_id = k.type_id
                   AND l.date >= k.day AND l.date < k.day + 1
              GROUP BY l.partner_id, l.type_id, k.day
            ), capped AS (
                -- only capped events need the day's running sum (a sort of all of them)
                SELECT x.*, x.points AS final FROM typed x WHERE x.cap IS NULL
             UNION ALL
                SELECT x.*,
                       LEAST(x.points, GREATEST(
                           x.cap - COALESCE(a.net, 0) - COALESCE(SUM(x.points) OVER w, 0), 0)) AS final
                  FROM typed x
             LEFT JOIN already a
                    ON a.partner_id = x.partner_id AND a.type_id = x.type_id AND a.day = x.date::date
                 WHERE x.cap IS NOT NULL
                WINDOW w AS (PARTITION BY x.partner_id, x.type_id, x.date::date ORDER BY x.date, x.seq
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
            )
            INSERT INTO social_engagement (
                partner_id, commercial_partner_id, type_id, channel_id, points, date, res_model, res_id,
                company_id, is_compensation, note, create_uid, write_uid, create_date, write_date)
            SELECT c.partner_id, p.commercial_partner_id, c.type_id, c.channel_id, c.final, c.date,
                   c.res_model, c.res_id, COALESCE(c.company_id, p.company_id, %(company)s),
                   c.is_compensation, c.note, %(uid)s, %(uid)s, %(now)s, %(now)s
              FROM capped c
              JOIN res_partner p ON p.id = c.partner_id
             WHERE c.cap IS NULL OR c.final > 0
          %(order)s
         RETURNING id, partner_id, commercial_partner_id, is_compensation
            """,
            with_=SQL("%s,", with_) if with_ else SQL(),
            src=src,
            order=SQL("ORDER BY c.seq") if ordered else SQL(),
            company=self.env.company.id,
            uid=self.env.uid,
            now=now,
        )

    @api.model
    def _insert_rows(self, src, with_=None, count_only=False):
        """Run ``_insert_sql``; mark the partners to rescore; return the new rows.

        ``count_only`` (a backfill, which rescores its partners once at the end): return only
        ``(events, compensations)`` written, and mark no partner.
        """
        self.flush_model()
        self.env["res.partner"].flush_model(["commercial_partner_id", "company_id"])
        self.env["social.engagement.type"].flush_model()
        query = self._insert_sql(src, with_, ordered=not count_only)
        if count_only:
            query = SQL(
                "WITH ins AS (%s) SELECT COUNT(*) FILTER (WHERE NOT is_compensation),"
                " COUNT(*) FILTER (WHERE is_compensation) FROM ins",
                query,
            )
        # a conflict with a concurrent transaction is retried by Odoo: no error in the log
        self.env.cr.execute(query, log_exceptions=False)
        if count_only:
            self.env["social.engagement.breakdown"].invalidate_model()
            self.env["res.partner"].invalidate_model(
                ["community_engagement_count", "community_recent_engagement_ids", "community_breakdown_ids"]
            )
            return self.env.cr.fetchone()
        rows = self.env.cr.fetchall()
        self._after_rows_written({pid for _id, pid, _cp, _c in rows} | {cp for _id, _p, cp, _c in rows})
        return rows

    @api.model
    def _after_rows_written(self, partner_ids):
        """Ledger rows of these partners appeared or went: rescore them, forget derived caches."""
        if not partner_ids:
            return
        self.env["social.engagement.scoring"]._mark_touched(partner_ids)
        self.env["social.engagement.breakdown"].invalidate_model()
        self.env["res.partner"].browse(partner_ids).invalidate_recordset(
            ["community_engagement_count", "community_recent_engagement_ids", "community_breakdown_ids"]
        )

    @api.model
    def _values_sql(self, rows):
        """SELECT of ``_insert_sql``'s source columns from a list of row dicts (one array per column)."""
        columns = (
            ("partner_id", SQL("int[]")),
            ("type_id", SQL("int[]")),
            ("points", SQL("float8[]")),
            ("date", SQL("timestamp[]")),
            ("res_model", SQL("varchar[]")),
            ("res_id", SQL("int[]")),
            ("company_id", SQL("int[]")),
            ("is_compensation", SQL("bool[]")),
            ("note", SQL("varchar[]")),
        )
        arrays = [SQL("%s::%s", [row.get(name) for row in rows], sql_type) for name, sql_type in columns]
        return SQL(
            "SELECT r.*, ROW_NUMBER() OVER () AS seq FROM unnest(%s) AS r(%s)",
            SQL(", ").join(arrays),
            SQL(", ").join(SQL.identifier(name) for name, _type in columns),
        )

    @api.model
    def _origins_sql(self, ids):
        """The SQL of the origins ``ids`` inside ``IN (…)``, as ``_restate``'s sources take them.

        A few ids are listed (``IN (7, 9)``, an array comparison): PostgreSQL plans the
        restatement of one forum vote about a fifth faster than with a subquery, which it must
        plan as a join. Many ids are a subquery over an array, which keeps the row estimates
        (and so the hash joins) of a large restatement.
        """
        ids = sorted(set(ids))
        if not ids:
            return SQL("SELECT NULL::int WHERE FALSE")
        if len(ids) <= INLINE_ORIGINS_MAX:
            return SQL(", ").join(ids)
        return SQL("SELECT unnest(%s::int[])", ids)

    @api.model
    def _restate(self, sources, type_codes=None, date=None, count_only=False):
        """Make the ledger hold exactly what some origins are worth now, in one statement.

        ``sources`` is a list of ``(res_model, origins, events)``: ``origins`` the SQL of the ids
        of the origins restated, to put in ``IN (…)`` (a query of ids, or ``_origins_sql``);
        ``events`` an SQL query of the events they are worth (columns partner_id, type_code,
        res_model, res_id, date, points, company_id, note; see ``_event_columns``). For every
        key (partner, type, origin) of those origins, restricted to ``type_codes`` when given:
        a key with net points that is not among the events is compensated; an event whose key
        has no net points is recorded, dated ``date`` or, when ``date`` is None (a backfill),
        with the event's own date. Idempotent. Returns ``{"recorded": <rows>, "compensated":
        <rows>}``. ``count_only``: see ``_insert_rows``.
        """
        if not sources:
            return {"recorded": 0, "compensated": 0}
        now = fields.Datetime.now()
        type_filter = SQL("TRUE") if type_codes is None else SQL("code = ANY(%s)", list(type_codes))
        origin_filter = SQL(" OR ").join(
            SQL("(e.res_model = %s AND e.res_id IN (%s))", res_model, origins)
            for res_model, origins, _events in sources
        )
        with_ = SQL(
            """
            types AS (SELECT id, code FROM social_engagement_type WHERE %(type_filter)s),
            desired AS (
                SELECT DISTINCT ON (d.res_model, d.res_id, d.partner_id, t.id)
                       d.partner_id, t.id AS type_id, d.res_model, d.res_id, d.date, d.points, d.company_id, d.note
                  FROM (%(events)s) d
                  JOIN types t ON t.code = d.type_code
                 WHERE d.partner_id IS NOT NULL AND d.res_id IS NOT NULL
              ORDER BY d.res_model, d.res_id, d.partner_id, t.id, d.date
            ),
            standing AS (
                SELECT * FROM (%(net)s) n WHERE n.net <> 0
            ),
            -- a FULL JOIN is always a hash or merge join: never quadratic, whatever the estimates
            diff AS (
                SELECT COALESCE(d.partner_id, s.partner_id) AS partner_id,
                       COALESCE(d.type_id, s.type_id) AS type_id,
                       COALESCE(d.res_model, s.res_model) AS res_model,
                       COALESCE(d.res_id, s.res_id) AS res_id,
                       s.net, s.company_id AS standing_company_id,
                       d.date, d.points, d.company_id, d.note,
                       d.partner_id IS NULL AS withdrawn,
                       s.partner_id IS NULL AS missing
                  FROM desired d
             FULL JOIN standing s
                    ON s.partner_id = d.partner_id AND s.type_id = d.type_id
                   AND s.res_model = d.res_model AND s.res_id = d.res_id
                 WHERE d.partner_id IS NULL OR s.partner_id IS NULL
            ),
            restated AS (
                SELECT partner_id, type_id, -net AS points, %(now)s::timestamp AS date,
                       res_model, res_id, standing_company_id AS company_id, TRUE AS is_compensation,
                       NULL::varchar AS note,
                       ROW_NUMBER() OVER (ORDER BY res_model, res_id, type_id, partner_id) AS seq
                  FROM diff
                 WHERE withdrawn
             UNION ALL
                SELECT partner_id, type_id, points, COALESCE(%(date)s::timestamp, date, %(now)s::timestamp),
                       res_model, res_id, company_id, FALSE, note,
                       1000000000 + ROW_NUMBER() OVER (ORDER BY date, res_model, res_id, type_id)
                  FROM diff
                 WHERE missing
            )
            """,
            type_filter=type_filter,
            events=SQL(" UNION ALL ").join(events for _model, _origins, events in sources),
            # the types' ids as one array, evaluated once: cheaper to plan and run than a semi-join
            net=self._net_points_sql(
                SQL("e.type_id = ANY(ARRAY(SELECT id FROM types)) AND (%s)", origin_filter),
            ),
            now=now,
            date=date,
        )
        if count_only:
            recorded, compensated = self._insert_rows(SQL("SELECT * FROM restated"), with_=with_, count_only=True)
            return {"recorded": recorded, "compensated": compensated}
        rows = self._insert_rows(SQL("SELECT * FROM restated"), with_=with_)
        compensated = sum(1 for row in rows if row[3])
        return {"recorded": len(rows) - compensated, "compensated": compensated}

    @api.model
    def _event_columns(self, events):
        """A producer's event query (partner_id, type_code, res_model, res_id, date) with the
        optional columns ``_restate`` also reads, empty: the type's points, the partner's company."""
        return SQL(
            "SELECT x.partner_id, x.type_code, x.res_model, x.res_id, x.date,"
            " NULL::float8 AS points, NULL::int AS company_id, NULL::varchar AS note FROM (%s) x",
            events,
        )

    @api.model
    def _sql_standing_event(self, row):
        """SQL condition: the ledger row ``row`` is a standing event, i.e. an event (not a
        compensation) that no later compensation of its key has withdrawn."""
        return SQL(
            """(NOT %(row)s.is_compensation AND NOT EXISTS (
                    SELECT 1 FROM social_engagement later
                     WHERE later.is_compensation
                       AND later.partner_id = %(row)s.partner_id
                       AND later.type_id = %(row)s.type_id
                       AND later.res_model IS NOT DISTINCT FROM %(row)s.res_model
                       AND later.res_id IS NOT DISTINCT FROM %(row)s.res_id
                       AND later.id > %(row)s.id))""",
            row=row,
        )
