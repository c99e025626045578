from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.social_crm.tools import rpc_safe


class SocialCrmForumMetrics(models.Model):
    """Peer-support metrics, one row per forum question.

    A row per question (rather than per period) keeps every share exact at any
    grouping: shares are 0/100 values averaged by the pivot and graph views.
    """

    _name = "social.crm.forum.metrics"
    _description = "Forum Peer-Support Metrics"
    _auto = False
    _order = "date desc"
    _rec_name = "question_id"
    _depends = {
        "forum.post": [
            "parent_id",
            "forum_id",
            "active",
            "state",
            "closed_reason_id",
            "is_correct",
            "create_date",
            "create_uid",
        ],
        "res.users": ["share", "partner_id"],
    }

    question_id = fields.Many2one("forum.post", readonly=True)
    forum_id = fields.Many2one("forum.forum", readonly=True)
    date = fields.Datetime("Asked On", readonly=True)
    partner_id = fields.Many2one("res.partner", "Asked By", readonly=True)
    question_count = fields.Integer("Questions", readonly=True, aggregator="sum")
    answer_count = fields.Integer("Answers", readonly=True, aggregator="sum")
    employee_answer_count = fields.Integer("Employee Answers", readonly=True, aggregator="sum")
    answered_count = fields.Integer("Answered", readonly=True, aggregator="sum")
    answered_rate = fields.Float("Answered (%)", readonly=True, aggregator="avg")
    community_first_rate = fields.Float(
        "Answered First by the Community (%)",
        readonly=True,
        aggregator="avg",
        help="Share of questions whose first answer came from a customer, not an employee.",
    )
    hours_to_first_answer = fields.Float(
        "Hours to First Answer",
        readonly=True,
        aggregator="avg",
        help="Empty for unanswered questions; the average over the answered ones.",
    )
    accepted_rate = fields.Float("With Accepted Answer (%)", readonly=True, aggregator="avg")
    deflected_count = fields.Integer(
        "Solved Without Employee",
        readonly=True,
        aggregator="sum",
        help="Questions with an accepted answer and no answer from an employee: "
        "support the community gave instead of the company.",
    )
    deflection_rate = fields.Float("Solved Without Employee (%)", readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        return self._metrics_query()

    @api.model
    def _metrics_query(self):
        # questions and answers are counted posts (social_crm_forum's one rule)
        Post = self.env["forum.post"]
        return SQL(
            """
            WITH answers AS (
                SELECT a.parent_id AS question_id, a.id, a.create_date, a.is_correct,
                       NOT COALESCE(u.share, TRUE) AS by_employee
                  FROM forum_post a
             LEFT JOIN res_users u ON u.id = a.create_uid
                 WHERE a.parent_id IS NOT NULL AND %(answer_counts)s
            ), firsts AS (
                SELECT DISTINCT ON (question_id) question_id, create_date, by_employee
                  FROM answers
              ORDER BY question_id, create_date, id
            ), totals AS (
                SELECT question_id, COUNT(*) AS answer_count,
                       COUNT(*) FILTER (WHERE by_employee) AS employee_answer_count,
                       BOOL_OR(is_correct) AS accepted
                  FROM answers
              GROUP BY question_id
            )
            SELECT q.id AS id,
                   q.id AS question_id,
                   q.forum_id,
                   q.create_date AS date,
                   qu.partner_id,
                   1 AS question_count,
                   COALESCE(t.answer_count, 0) AS answer_count,
                   COALESCE(t.employee_answer_count, 0) AS employee_answer_count,
                   CASE WHEN f.question_id IS NULL THEN 0 ELSE 1 END AS answered_count,
                   CASE WHEN f.question_id IS NULL THEN 0.0 ELSE 100.0 END AS answered_rate,
                   CASE WHEN f.question_id IS NOT NULL AND NOT f.by_employee
                        THEN 100.0 ELSE 0.0 END AS community_first_rate,
                   EXTRACT(EPOCH FROM f.create_date - q.create_date) / 3600.0
                        AS hours_to_first_answer,
                   CASE WHEN t.accepted THEN 100.0 ELSE 0.0 END AS accepted_rate,
                   CASE WHEN t.accepted AND t.employee_answer_count = 0
                        THEN 1 ELSE 0 END AS deflected_count,
                   CASE WHEN t.accepted AND t.employee_answer_count = 0
                        THEN 100.0 ELSE 0.0 END AS deflection_rate
              FROM forum_post q
         LEFT JOIN res_users qu ON qu.id = q.create_uid
         LEFT JOIN firsts f ON f.question_id = q.id
         LEFT JOIN totals t ON t.question_id = q.id
             WHERE q.parent_id IS NULL AND %(question_counts)s
            """,
            # answers of the counted questions below: their own visibility is what is left to check
            answer_counts=Post._social_crm_where(Post._social_crm_counted_own_domain(), "a"),
            question_counts=Post._social_crm_where(Post._social_crm_counted_own_domain(), "q"),
        )

    @api.model
    def _flush_dependencies(self):
        """What the ORM flushes before reading this report (``_depends``), for the raw query below."""
        for model_name, fnames in self._depends.items():
            self.env[model_name].flush_model(fnames)

    @api.model
    def _period_bound(self, value):
        try:
            return fields.Datetime.to_datetime(value)
        except (ValueError, TypeError, OverflowError) as error:
            raise ValidationError(self.env._("Invalid date %(date)r: use YYYY-MM-DD.", date=value)) from error

    @api.model
    @api.returns("self", rpc_safe)
    def get_peer_support_metrics(self, forum_ids=None, date_from=None, date_to=None):
        """Figures per forum for a period, with the median the pivot cannot compute.

        Returns {forum_id: {questions, answered_rate, community_first_rate,
        median_hours_to_first_answer, accepted_rate, deflected, deflection_rate}}
        plus the key False for all forums together. Rates are percentages.
        """
        self.check_access("read")
        conditions = [SQL("TRUE")]
        if forum_ids:
            conditions.append(SQL("m.forum_id = ANY(%s)", list(forum_ids)))
        if date_from:
            conditions.append(SQL("m.date >= %s", self._period_bound(date_from)))
        if date_to:
            conditions.append(SQL("m.date < %s", self._period_bound(date_to)))
        self._flush_dependencies()
        self.env.cr.execute(
            SQL(
                """
            SELECT m.forum_id,
                   SUM(m.question_count),
                   AVG(m.answered_rate),
                   AVG(m.community_first_rate),
                   PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY m.hours_to_first_answer),
                   AVG(m.accepted_rate),
                   SUM(m.deflected_count),
                   AVG(m.deflection_rate)
              FROM (%(query)s) m
             WHERE %(where)s
          GROUP BY GROUPING SETS ((m.forum_id), ())
            """,
                query=self._metrics_query(),
                where=SQL(" AND ").join(conditions),
            )
        )
        keys = (
            "questions",
            "answered_rate",
            "community_first_rate",
            "median_hours_to_first_answer",
            "accepted_rate",
            "deflected",
            "deflection_rate",
        )
        result = {}
        for forum_id, *values in self.env.cr.fetchall():
            result[forum_id or False] = {
                key: (float(value) if value is not None else None) for key, value in zip(keys, values, strict=True)
            }
        return result
