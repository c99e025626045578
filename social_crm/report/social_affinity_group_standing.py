from odoo import api, fields, models
from odoo.tools import SQL

from ..models.social_affinity_group import RECENT_DAYS


class SocialAffinityGroupStanding(models.Model):
    """Standing of each member in each affinity group, from the engagement ledger.

    A member's engagement counts in a group when its origin (a forum post, a vote, an
    idea...) is content under the group's tags. Which origins belong to which group is
    contributed by the producer addons through ``_group_origin_queries``; decay is the
    one of the ambassador score, evaluated at read time. The join event itself does not
    count: standing measures what members do around the passion, not that they joined.

    One row per joined membership with engagement in the group's content (its id is the
    membership's).
    """

    _name = "social.affinity.group.standing"
    _description = "Affinity Group Standing"
    _auto = False
    _order = "decayed_points desc, id"
    _rec_name = "partner_id"
    _depends = {
        "social.affinity.membership": ["group_id", "partner_id", "state", "role"],
        "social.affinity.group": ["company_id"],
        "social.engagement": ["partner_id", "type_id", "points", "date", "res_model", "res_id", "is_compensation"],
        "social.engagement.type": ["half_life_days"],
    }

    membership_id = fields.Many2one("social.affinity.membership", readonly=True)
    group_id = fields.Many2one("social.affinity.group", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    role = fields.Selection([("member", "Member"), ("leader", "Leader")], readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    event_count = fields.Integer("Events", readonly=True)
    raw_points = fields.Float("Points", readonly=True)
    decayed_points = fields.Float("Standing", readonly=True, digits=(16, 2))
    recent_event_count = fields.Integer("Events (30 days)", readonly=True)
    last_date = fields.Datetime("Last Activity", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT ev.membership_id AS id,
                   ev.membership_id,
                   ev.group_id,
                   ev.partner_id,
                   ev.role,
                   ev.company_id,
                   COUNT(*) FILTER (WHERE NOT ev.is_compensation) AS event_count,
                   SUM(ev.points) AS raw_points,
                   SUM(ev.decayed_points) AS decayed_points,
                   COUNT(*) FILTER (WHERE NOT ev.is_compensation
                                      AND ev.date >= %(now)s - %(recent)s * INTERVAL '1 day') AS recent_event_count,
                   MAX(ev.date) AS last_date
              FROM (%(events)s) ev
          GROUP BY ev.membership_id, ev.group_id, ev.partner_id, ev.role, ev.company_id
            """,
            events=self._member_events_query(),
            now=SQL("(NOW() AT TIME ZONE 'UTC')"),
            recent=RECENT_DAYS,
        )

    @api.model
    def _group_origin_queries(self):
        """SELECTs of (group_id, res_model, res_id): ledger origins that are a group's content.

        Producer addons extend this list (forum posts and votes by the question's tags,
        ideas and votes by the idea's tags). Each SELECT yields distinct rows for its own
        models (an item under two tags of one group appears once): they are concatenated
        with UNION ALL, as sorting them all for duplicates costs more than the rest.
        """
        return []

    @api.model
    def _group_origins_query(self):
        queries = self._group_origin_queries()
        if not queries:
            return SQL("SELECT NULL::int AS group_id, NULL::varchar AS res_model, NULL::int AS res_id WHERE FALSE")
        return SQL(" UNION ALL ").join(queries)

    @api.model
    def _member_events_query(self, date_from=None, date_to=None):
        """SELECT of the ledger rows of members in their groups' content, one row per
        (membership, ledger row), with the points decayed to now. Set-based: the dashboard
        and the standing view aggregate it."""
        conditions = [SQL("m.state = 'joined'")]
        if date_from:
            conditions.append(SQL("e.date >= %s", date_from))
        if date_to:
            conditions.append(SQL("e.date <= %s", date_to))
        return SQL(
            """
            SELECT m.id AS membership_id, m.group_id, m.partner_id, m.role, g.company_id,
                   e.id AS engagement_id, e.points, e.date, e.is_compensation, e.res_model, e.res_id,
                   %(decayed)s AS decayed_points
              FROM social_affinity_membership m
              JOIN social_affinity_group g ON g.id = m.group_id
              JOIN social_engagement e ON e.partner_id = m.partner_id
              JOIN social_engagement_type t ON t.id = e.type_id
              JOIN (%(origins)s) o ON o.group_id = m.group_id AND o.res_model = e.res_model AND o.res_id = e.res_id
             WHERE %(conditions)s
            """,
            decayed=self.env["social.engagement.scoring"]._sql_decayed_points(
                SQL("e"), SQL("t"), SQL("(NOW() AT TIME ZONE 'UTC')")
            ),
            origins=self._group_origins_query(),
            conditions=SQL(" AND ").join(conditions),
        )
