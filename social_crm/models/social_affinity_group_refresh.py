from odoo import api, fields, models
from odoo.tools import SQL


class SocialAffinityGroup(models.Model):
    """The groups' standing, activity and active members, stored from the standing view
    (``report/``): hourly, and on demand from the group's form."""

    _inherit = "social.affinity.group"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    def _refresh_standing(self):
        """Store standing, activity and active members of these groups (all groups when
        empty) from the standing view, in one statement."""
        Standing = self.env["social.affinity.group.standing"]
        self.env.flush_all()
        group_filter = SQL("g.id = ANY(%s)", self.ids) if self else SQL("TRUE")
        self.env.cr.execute(
            SQL(
                """
                UPDATE social_affinity_group g
                   SET standing = COALESCE(figures.standing, 0),
                       activity_count = COALESCE(figures.events, 0),
                       active_member_count = COALESCE(figures.active, 0),
                       standing_date = %(now)s
                  FROM social_affinity_group target
             LEFT JOIN (
                        SELECT s.group_id,
                               SUM(s.decayed_points) AS standing,
                               SUM(s.recent_event_count) AS events,
                               COUNT(*) FILTER (WHERE s.recent_event_count > 0) AS active
                          FROM (%(standing)s) s
                         WHERE %(standing_filter)s
                      GROUP BY s.group_id
                       ) figures ON figures.group_id = target.id
                 WHERE g.id = target.id AND %(group_filter)s
                """,
                now=fields.Datetime.now(),
                standing=Standing._table_query,
                standing_filter=SQL("s.group_id = ANY(%s)", self.ids) if self else SQL("TRUE"),
                group_filter=group_filter,
            )
        )
        self.invalidate_model(["standing", "activity_count", "active_member_count", "standing_date"])
        return True

    @api.model
    def _cron_refresh_standing(self):
        """Hourly: the standing decays and members engage; refresh every group at once."""
        return self.browse()._refresh_standing()

    def action_refresh_standing(self):
        self.check_access("write")
        return self._refresh_standing()
