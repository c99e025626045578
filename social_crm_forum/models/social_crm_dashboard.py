from odoo import api, models


class SocialCrmDashboard(models.AbstractModel):
    _inherit = "social.crm.dashboard"

    @api.model
    def _get_dashboard_sections(self, period):
        return super()._get_dashboard_sections(period) + [self._get_dashboard_peer_support_section(period)]

    @api.model
    def _get_dashboard_next_cards(self, period):
        Post = self.env["forum.post"]
        domain = (
            [("parent_id", "=", False), ("state", "=", "active")]
            + Post._social_crm_counted_domain()
            + [
                "|",
                ("social_crm_escalated", "=", True),
                ("child_count", "=", 0),
                ("create_uid.partner_id.commercial_partner_id", "in", self._dashboard_open_deal_companies()),
            ]
        )
        title = self.env._("Unanswered questions of customers with open deals")
        card = {
            "key": "questions_of_open_deals",
            "title": title,
            "value": Post.search_count(domain),
            "counts": True,
            "action": Post._social_crm_posts_action(domain, title),
        }
        return super()._get_dashboard_next_cards(period) + [card]

    @api.model
    def _get_dashboard_peer_support_section(self, period):
        Metrics = self.env["social.crm.forum.metrics"]
        figures = (
            Metrics.get_peer_support_metrics(date_from=period["date_from"], date_to=period["date_to"]).get(False) or {}
        )
        previous = (
            Metrics.get_peer_support_metrics(date_from=period["previous_from"], date_to=period["date_from"]).get(False)
            or {}
        )
        questions_domain = (
            [("parent_id", "=", False)]
            + self.env["forum.post"]._social_crm_counted_domain()
            + self._dashboard_period_domain(period, field="create_date")
        )

        def questions_action(name, domain=()):
            return self.env["forum.post"]._social_crm_posts_action(questions_domain + list(domain), name)

        def rate(key, title, action=None):
            return {
                "key": key,
                "title": title,
                "value": figures.get(key),
                "previous": previous.get(key),
                "digits": 1,
                "unit": "%",
                "action": action,
            }

        return {
            "key": "peer_support",
            "title": self.env._("Peer support"),
            "sequence": 20,
            "cards": [
                {
                    "key": "questions",
                    "title": self.env._("Questions"),
                    "value": int(figures.get("questions") or 0),
                    "previous": int(previous.get("questions") or 0),
                    "counts": True,
                    "action": questions_action(self.env._("Questions")),
                },
                rate("answered_rate", self.env._("Answered")),
                rate("community_first_rate", self.env._("Answered first by the community")),
                {
                    "key": "median_hours_to_first_answer",
                    "title": self.env._("Median hours to first answer"),
                    "value": figures.get("median_hours_to_first_answer"),
                    "previous": previous.get("median_hours_to_first_answer"),
                    "digits": 1,
                    "lower_is_better": True,
                },
                rate("accepted_rate", self.env._("With an accepted answer")),
                rate("deflection_rate", self.env._("Solved without an employee")),
            ],
        }
