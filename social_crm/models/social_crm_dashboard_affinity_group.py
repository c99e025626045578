from odoo import api, models
from odoo.tools import SQL

DASHBOARD_GROUP_LIMIT = 12


class SocialCrmDashboard(models.AbstractModel):
    """A card per affinity group on the Social CRM dashboard."""

    _inherit = "social.crm.dashboard"

    @api.model
    def _get_dashboard_sections(self, period):
        sections = super()._get_dashboard_sections(period)
        groups = self.env["social.affinity.group"].search([("is_published", "=", True)], limit=DASHBOARD_GROUP_LIMIT)
        if groups:
            sections.append(self._get_dashboard_groups_section(groups, period))
        return sections

    @api.model
    def _get_dashboard_groups_section(self, groups, period):
        figures = self._dashboard_group_member_figures(groups, period)
        items = self._dashboard_group_items(groups, period)
        cards = []
        for group in groups:
            members, before = figures.get(group.id, (0, 0))
            # the card shows its items, not its value: the member count leads the list and
            # the trend under the title compares it with the start of the period
            cards.append(
                {
                    "key": f"group_{group.id}",
                    "title": group.name,
                    "value": members,
                    "previous": before,
                    "action": self._dashboard_record_action(group),
                    "items": [{"key": "members", "label": self.env._("Members"), "value": members}]
                    + items.get(group.id, []),
                }
            )
        return {"key": "affinity_groups", "title": self.env._("Affinity groups"), "sequence": 30, "cards": cards}

    @api.model
    def _dashboard_group_member_figures(self, groups, period):
        """{group_id: (members now, members at the start of the period)} in one query."""
        self.env["social.affinity.membership"].flush_model(["group_id", "state", "date_joined", "date_left"])
        self.env.cr.execute(
            SQL(
                """
                SELECT group_id,
                       COUNT(*) FILTER (WHERE state = 'joined'),
                       COUNT(*) FILTER (WHERE date_joined < %(start)s
                                          AND (state = 'joined' OR (state = 'left' AND date_left >= %(start)s)))
                  FROM social_affinity_membership
                 WHERE group_id = ANY(%(ids)s)
              GROUP BY group_id
                """,
                start=period["date_from"],
                ids=groups.ids,
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    @api.model
    def _dashboard_group_items(self, groups, period):
        """{group_id: [items]} shown under each group's card; producer addons add theirs."""
        Standing = self.env["social.affinity.group.standing"]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT ev.group_id, COUNT(DISTINCT ev.partner_id)
                  FROM (%(events)s) ev
                 WHERE ev.group_id = ANY(%(ids)s) AND NOT ev.is_compensation
              GROUP BY ev.group_id
                """,
                events=Standing._member_events_query(period["date_from"], period["date_to"]),
                ids=groups.ids,
            )
        )
        active = dict(self.env.cr.fetchall())
        self.env.cr.execute(
            SQL(
                """
                SELECT group_id, COUNT(*)
                  FROM social_affinity_membership
                 WHERE group_id = ANY(%(ids)s) AND state = 'joined'
                   AND date_joined >= %(start)s AND date_joined <= %(stop)s
              GROUP BY group_id
                """,
                ids=groups.ids,
                start=period["date_from"],
                stop=period["date_to"],
            )
        )
        joined = dict(self.env.cr.fetchall())
        return {
            group.id: [
                {"key": "new_members", "label": self.env._("New members"), "value": joined.get(group.id, 0)},
                {"key": "active_members", "label": self.env._("Active members"), "value": active.get(group.id, 0)},
            ]
            for group in groups
        }
