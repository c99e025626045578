from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL


class SocialCrmDashboard(models.AbstractModel):
    """Staff on the front line, forum: how fast our staff answer the community's questions."""

    _inherit = "social.crm.dashboard"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    @api.model
    def _dashboard_staff_cards(self, period):
        return self._dashboard_staff_card(
            "staff_questions",
            self.env._("Questions: median hours to a staff answer"),
            self.env._("Questions answered by staff"),
            self._dashboard_staff_question_figures(period, period["date_from"], period["date_to"]),
            self._dashboard_staff_question_figures(period, period["previous_from"], period["date_from"]),
        ) + super()._dashboard_staff_cards(period)

    @api.model
    def _dashboard_staff_question_figures(self, period, date_from, date_to):
        """Counted questions of customers asked in the period, and their first staff answer."""
        Post = self.env["forum.post"]
        Post.flush_model(["parent_id", "create_date", "create_uid", "active", "state"])
        self.env["res.users"].flush_model(["partner_id"])
        self.env["res.partner"].flush_model(["community_role"])
        query = Post._search(
            [
                ("parent_id", "=", False),
                ("create_date", ">=", date_from),
                ("create_date", "<", date_to + timedelta(seconds=1)),
            ]
            + Post._social_crm_counted_domain()
            # questions of staff are not waiting for a staff answer
            + [("create_uid.partner_id.community_role", "!=", "employee")]
        )
        answers = Post._social_crm_where(Post._social_crm_counted_own_domain(), "answer")
        hours = SQL(
            """(SELECT EXTRACT(EPOCH FROM MIN(answer.create_date) - forum_post.create_date) / 3600.0
                  FROM forum_post answer
                  JOIN res_users staff_user ON staff_user.id = answer.create_uid
                  JOIN res_partner staff ON staff.id = staff_user.partner_id
                 WHERE answer.parent_id = forum_post.id AND staff.community_role = 'employee' AND %(answers)s)""",
            answers=answers,
        )
        self.env.cr.execute(query.select(*self._sql_staff_figures(hours)))
        return self.env.cr.fetchone()
