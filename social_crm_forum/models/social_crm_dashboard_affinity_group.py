from odoo import api, models
from odoo.tools import SQL


class SocialCrmDashboard(models.AbstractModel):
    """Questions answered inside each affinity group, on the group's dashboard card."""

    _inherit = "social.crm.dashboard"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    @api.model
    def _dashboard_group_items(self, groups, period):
        items = super()._dashboard_group_items(groups, period)
        answered = self._dashboard_group_answered_questions(groups, period)
        for group in groups:
            items.setdefault(group.id, []).append(
                {
                    "key": "answered_inside",
                    "label": self.env._("Questions answered inside the group"),
                    "value": answered.get(group.id, 0),
                }
            )
        return items

    @api.model
    def _dashboard_group_answered_questions(self, groups, period):
        """{group_id: questions under the group's tags answered by one of its members during the period}."""
        self.env["forum.post"].flush_model(["parent_id", "create_uid", "create_date", "active", "state", "tag_ids"])
        self.env["social.affinity.group"].flush_model(["forum_tag_ids"])
        self.env["social.affinity.membership"].flush_model(["group_id", "partner_id", "state"])
        post_tags = self.env["forum.post"]._fields["tag_ids"]
        group_tags = self.env["social.affinity.group"]._fields["forum_tag_ids"]
        self.env.cr.execute(
            SQL(
                """
                SELECT gt.%(group_col)s, COUNT(DISTINCT q.id)
                  FROM forum_post a
                  JOIN forum_post q ON q.id = a.parent_id
                  JOIN %(post_rel)s qt ON qt.%(post_col)s = q.id
                  JOIN %(group_rel)s gt ON gt.%(group_tag_col)s = qt.%(post_tag_col)s
                  JOIN res_users u ON u.id = a.create_uid
                  JOIN social_affinity_membership m
                    ON m.group_id = gt.%(group_col)s AND m.partner_id = u.partner_id AND m.state = 'joined'
                 WHERE gt.%(group_col)s = ANY(%(ids)s)
                   AND %(counted)s
                   AND a.create_date >= %(start)s AND a.create_date <= %(stop)s
              GROUP BY 1
                """,
                post_rel=SQL.identifier(post_tags.relation),
                post_col=SQL.identifier(post_tags.column1),
                post_tag_col=SQL.identifier(post_tags.column2),
                group_rel=SQL.identifier(group_tags.relation),
                group_col=SQL.identifier(group_tags.column1),
                group_tag_col=SQL.identifier(group_tags.column2),
                ids=groups.ids,
                counted=self.env["forum.post"]._social_crm_where(
                    self.env["forum.post"]._social_crm_counted_own_domain(), "a"
                ),
                start=period["date_from"],
                stop=period["date_to"],
            )
        )
        return dict(self.env.cr.fetchall())
