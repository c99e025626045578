from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL


class SocialCrmDashboard(models.AbstractModel):
    """Staff on the front line, ideas: how fast our staff comment on customers' ideas."""

    _inherit = "social.crm.dashboard"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    @api.model
    def _dashboard_staff_cards(self, period):
        return super()._dashboard_staff_cards(period) + self._dashboard_staff_card(
            "staff_ideas",
            self.env._("Ideas: median hours to a staff comment"),
            self.env._("Ideas commented by staff"),
            self._dashboard_staff_idea_figures(period["date_from"], period["date_to"]),
            self._dashboard_staff_idea_figures(period["previous_from"], period["date_from"]),
        )

    @api.model
    def _dashboard_staff_idea_figures(self, date_from, date_to):
        """Published ideas of customers submitted in the period, and the first public comment of
        a staff member (internal notes do not answer a customer)."""
        Idea = self.env["social.idea"]
        Idea.flush_model(["create_date", "is_published", "author_id", "merged_into_id"])
        self.env["mail.message"].flush_model(["model", "res_id", "message_type", "subtype_id", "author_id", "date"])
        self.env["res.partner"].flush_model(["community_role"])
        query = Idea._search(
            [
                ("create_date", ">=", date_from),
                ("create_date", "<", date_to + timedelta(seconds=1)),
                ("is_published", "=", True),
                "|",
                ("author_id", "=", False),
                ("author_id.community_role", "!=", "employee"),
            ]
        )
        hours = SQL(
            """(SELECT EXTRACT(EPOCH FROM MIN(message.date) - social_idea.create_date) / 3600.0
                  FROM mail_message message
                  JOIN res_partner staff ON staff.id = message.author_id
                 WHERE message.model = 'social.idea' AND message.res_id = social_idea.id
                   AND message.message_type = 'comment' AND message.subtype_id = %(comment)s
                   AND staff.community_role = 'employee')""",
            comment=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"),
        )
        self.env.cr.execute(query.select(*self._sql_staff_figures(hours)))
        return self.env.cr.fetchone()
