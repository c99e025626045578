from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_date


class SocialCrmDashboard(models.AbstractModel):
    """The dashboard's *Listening* section: mentions per channel and week, share matched,
    median time to response, and the inbox of mentions to match."""

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.crm.dashboard"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _get_dashboard_sections(self, period):
        return super()._get_dashboard_sections(period) + [self._get_dashboard_listening_section(period)]

    @api.model
    def _dashboard_listening_figures(self, date_from, date_to):
        """Mentions, matched ones and the median hours to response in one query (rules applied)."""
        Mention = self.env["social.mention"]
        Mention.flush_model(["posted_at", "partner_id", "answered_at", "status", "company_id"])
        query = Mention._search(
            [
                ("posted_at", ">=", fields.Datetime.to_string(date_from)),
                ("posted_at", "<", fields.Datetime.to_string(date_to)),
                ("status", "!=", "ignored"),
            ]
        )
        self.env.cr.execute(
            query.select(
                SQL("COUNT(*)"),
                SQL("COUNT(*) FILTER (WHERE social_mention.partner_id IS NOT NULL)"),
                SQL(
                    """PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
                         EXTRACT(EPOCH FROM social_mention.answered_at - social_mention.posted_at) / 3600.0)
                       FILTER (WHERE social_mention.answered_at IS NOT NULL)"""
                ),
            )
        )
        total, matched, median_hours = self.env.cr.fetchone()
        return {
            "total": total,
            "matched_rate": round(100.0 * matched / total, 1) if total else None,
            "median_hours": round(median_hours, 1) if median_hours is not None else None,
        }

    @api.model
    def _get_dashboard_listening_section(self, period):
        Mention = self.env["social.mention"]
        date_to = period["date_to"] + timedelta(seconds=1)
        current = self._dashboard_listening_figures(period["date_from"], date_to)
        previous = self._dashboard_listening_figures(period["previous_from"], period["date_from"])
        period_domain = self._dashboard_period_domain(period, field="posted_at") + [("status", "!=", "ignored")]
        weeks = max(period["days"] / 7.0, 1.0)

        channel_items = [
            {
                "key": channel.id,
                "label": channel.name,
                "value": round(count / weeks, 1),
                "digits": 1,
                "action": self._dashboard_list_action(
                    self.env._("Mentions on %(channel)s", channel=channel.name),
                    "social.mention",
                    period_domain + [("channel_id", "=", channel.id)],
                ),
            }
            for channel, count in Mention._read_group(period_domain, ["channel_id"], ["__count"], order="__count desc")
        ]
        week_items = [
            {
                "key": str(week),
                "label": self.env._("Week of %(day)s", day=format_date(self.env, week)),
                "value": count,
                "action": self._dashboard_list_action(
                    self.env._("Mentions of the week of %(day)s", day=format_date(self.env, week)),
                    "social.mention",
                    period_domain
                    + [
                        ("posted_at", ">=", fields.Datetime.to_string(week)),
                        ("posted_at", "<", fields.Datetime.to_string(week + timedelta(days=7))),
                    ],
                ),
            }
            for week, count in Mention._read_group(
                period_domain, ["posted_at:week"], ["__count"], order="posted_at:week"
            )
            if week
        ]
        inbox_domain = [("status", "=", "unmatched"), ("lead_id", "=", False)]
        return {
            "key": "listening",
            "title": self.env._("Listening"),
            "sequence": 40,
            "cards": [
                {
                    "key": "mentions",
                    "title": self.env._("Mentions"),
                    "value": current["total"],
                    "previous": previous["total"],
                    "action": self._dashboard_list_action(self.env._("Mentions"), "social.mention", period_domain),
                },
                {
                    "key": "mentions_channels",
                    "title": self.env._("Mentions per week, by channel"),
                    "value": None,
                    "items": channel_items,
                },
                {
                    "key": "mentions_weeks",
                    "title": self.env._("Mentions per week"),
                    "value": None,
                    "items": week_items,
                },
                {
                    "key": "matched_rate",
                    "title": self.env._("Matched to a contact"),
                    "value": current["matched_rate"],
                    "previous": previous["matched_rate"],
                    "digits": 1,
                    "unit": "%",
                },
                {
                    "key": "median_hours_to_response",
                    "title": self.env._("Median hours to response"),
                    "value": current["median_hours"],
                    "previous": previous["median_hours"],
                    "digits": 1,
                    "lower_is_better": True,
                },
                {
                    "key": "to_match",
                    "title": self.env._("Mentions to match"),
                    "value": Mention.search_count(inbox_domain),
                    "action": self._dashboard_list_action(
                        self.env._("Mentions to match"), "social.mention", inbox_domain
                    ),
                },
            ],
        }
