from odoo import fields, models, tools
from odoo.tools import SQL
from odoo.tools.sql import table_exists


class SocialEngagementBreakdown(models.Model):
    """Explains a partner's score: one row per engagement type.

    Same scope as the stored score: a partner's own rows plus, for a commercial
    partner (a company), the rows of its contacts. Decay is evaluated at read time.
    """

    _name = "social.engagement.breakdown"
    _description = "Engagement Breakdown by Type"
    _auto = False
    _order = "decayed_points desc, type_id"

    partner_id = fields.Many2one("res.partner", readonly=True)
    type_id = fields.Many2one("social.engagement.type", string="Engagement Type", readonly=True)
    channel_id = fields.Many2one("social.channel", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    event_count = fields.Integer(string="Events", readonly=True)
    raw_points = fields.Float(readonly=True)
    decayed_points = fields.Float(string="Current Points", readonly=True, digits=(16, 2))
    last_date = fields.Datetime(string="Last Event", readonly=True)

    def init(self):
        # Models of one module are initialised in no guaranteed order: make sure the
        # tables this view reads exist before creating it.
        for model_name in ("social.engagement.type", "social.engagement"):
            if not table_exists(self.env.cr, self.env[model_name]._table):
                self.env[model_name]._auto_init()
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT ROW_NUMBER() OVER (ORDER BY target.partner_id, e.type_id, e.company_id)
                               AS id,
                           target.partner_id,
                           e.type_id,
                           t.channel_id,
                           e.company_id,
                           COUNT(*) AS event_count,
                           SUM(e.points) AS raw_points,
                           SUM(%(decayed)s) AS decayed_points,
                           MAX(e.date) AS last_date
                      FROM social_engagement e
                      JOIN social_engagement_type t ON t.id = e.type_id
                      JOIN res_partner c ON c.id = e.partner_id
                      CROSS JOIN LATERAL (
                          VALUES (c.id), (NULLIF(c.commercial_partner_id, c.id))
                      ) AS target(partner_id)
                     WHERE target.partner_id IS NOT NULL
                  GROUP BY target.partner_id, e.type_id, t.channel_id, e.company_id
                )
                """,
                table=SQL.identifier(self._table),
                decayed=self.env["res.partner"]._sql_decayed_points(
                    SQL("e"), SQL("t"), SQL("(NOW() AT TIME ZONE 'UTC')")
                ),
            )
        )
