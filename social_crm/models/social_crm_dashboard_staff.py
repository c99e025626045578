from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class SocialCrmDashboard(models.AbstractModel):
    """The dashboard's *Staff on the front line* section: how fast our staff answer.

    One card per channel with the median hours from a customer's post to the first answer of
    a staff member, and how many of the period's posts staff answered. The core measures
    mentions; the forum and ideas addons add their cards (``_dashboard_staff_cards``).
    """

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.crm.dashboard"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _get_dashboard_sections(self, period):
        return super()._get_dashboard_sections(period) + [
            {
                "key": "staff",
                "title": self.env._("Staff on the front line"),
                "sequence": 50,
                "cards": self._dashboard_staff_cards(period),
            }
        ]

    @api.model
    def _dashboard_staff_cards(self, period):
        return self._dashboard_staff_card(
            "staff_mentions",
            self.env._("Mentions: median hours to a staff answer"),
            self.env._("Mentions answered by staff"),
            self._dashboard_staff_mention_figures(period["date_from"], period["date_to"] + timedelta(seconds=1)),
            self._dashboard_staff_mention_figures(period["previous_from"], period["date_from"]),
        )

    @api.model
    def _dashboard_staff_card(self, key, title, answered_title, current, previous):
        """Two cards of ``current`` / ``previous`` figures (posts, answered by staff, median
        hours): the median hours to a staff answer, and how many posts staff answered."""
        total, answered, median_hours = current
        return [
            {
                "key": key,
                "title": title,
                "value": round(median_hours, 1) if median_hours is not None else None,
                "previous": round(previous[2], 1) if previous[2] is not None else None,
                "digits": 1,
                "lower_is_better": True,
            },
            {
                "key": f"{key}_answered",
                "title": answered_title,
                "value": answered,
                "previous": previous[1],
                "display": self.env._("%(answered)s of %(total)s", answered=answered, total=total),
            },
        ]

    @api.model
    def _sql_staff_figures(self, hours):
        """SELECT expressions (posts, answered, median hours) over a column of hours to a staff answer."""
        return (
            SQL("COUNT(*)"),
            SQL("COUNT(%s)", hours),
            SQL("PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %s)", hours),
        )

    @api.model
    def _dashboard_staff_mention_figures(self, date_from, date_to):
        """Mentions of customers posted in the period: answered by a reply of our people."""
        Mention = self.env["social.mention"]
        Mention.flush_model(["posted_at", "answered_at", "status", "author_is_staff", "partner_id"])
        self.env["res.partner"].flush_model(["community_role"])
        query = Mention._search(
            [
                ("posted_at", ">=", fields.Datetime.to_string(date_from)),
                ("posted_at", "<", fields.Datetime.to_string(date_to)),
                ("status", "!=", "ignored"),
                ("author_is_staff", "=", False),
                "|",
                ("partner_id", "=", False),
                ("partner_id.community_role", "!=", "employee"),
            ]
        )
        hours = SQL(
            "EXTRACT(EPOCH FROM social_mention.answered_at - social_mention.posted_at) / 3600.0",
        )
        self.env.cr.execute(query.select(*self._sql_staff_figures(hours)))
        return self.env.cr.fetchone()
