from odoo import api, fields, models
from odoo.tools import SQL


class SocialEngagementBreakdown(models.Model):
    """Explains a partner's score: one row per engagement type (and company of the rows).

    Same scope as the stored score: a partner's own rows plus, for a commercial partner (a
    company), the rows of its contacts. Decay is evaluated at read time. "Events" counts the
    standing events only: an event withdrawn (compensated) counts for nothing, and compensation
    rows never count.
    """

    _name = "social.engagement.breakdown"
    _description = "Engagement Breakdown by Type"
    _auto = False
    _order = "decayed_points desc, type_id"
    _depends = {
        "social.engagement": [
            "partner_id",
            "commercial_partner_id",
            "type_id",
            "points",
            "date",
            "company_id",
            "is_compensation",
            "res_model",
            "res_id",
        ],
        "social.engagement.type": ["channel_id", "half_life_days"],
    }

    partner_id = fields.Many2one("res.partner", readonly=True)
    type_id = fields.Many2one("social.engagement.type", string="Engagement Type", readonly=True)
    channel_id = fields.Many2one("social.channel", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    event_count = fields.Integer(string="Events", readonly=True)
    raw_points = fields.Float(readonly=True)
    decayed_points = fields.Float(string="Current Points", readonly=True, digits=(16, 2))
    last_date = fields.Datetime(string="Last Event", readonly=True)

    @property
    def _table_query(self):
        return self._breakdown_query()

    @api.model
    def _breakdown_query(self):
        # No window function over the result: the ORM's filter on partner_id reaches both
        # branches (own rows by partner_id, contacts' rows by commercial_partner_id) and their
        # indexes. A row's id is the smallest "row key" of its group: unique and stable.
        Engagement = self.env["social.engagement"]
        return SQL(
            """
            SELECT MIN(r.row_key) AS id,
                   r.target_id AS partner_id,
                   r.type_id,
                   t.channel_id,
                   r.company_id,
                   SUM(CASE WHEN %(standing)s THEN 1 ELSE 0 END) AS event_count,
                   SUM(r.points) AS raw_points,
                   SUM(%(decayed)s) AS decayed_points,
                   MAX(r.date) AS last_date
              FROM (
                    SELECT e.*, e.partner_id AS target_id, e.id * 2 AS row_key
                      FROM social_engagement e
                 UNION ALL
                    SELECT e.*, e.commercial_partner_id AS target_id, e.id * 2 + 1 AS row_key
                      FROM social_engagement e
                     WHERE e.commercial_partner_id <> e.partner_id
                   ) r
              JOIN social_engagement_type t ON t.id = r.type_id
          GROUP BY r.target_id, r.type_id, t.channel_id, r.company_id
            """,
            standing=Engagement._sql_standing_event(SQL("r")),
            decayed=self.env["social.engagement.scoring"]._sql_decayed_points(
                SQL("r"), SQL("t"), SQL("(NOW() AT TIME ZONE 'UTC')")
            ),
        )
