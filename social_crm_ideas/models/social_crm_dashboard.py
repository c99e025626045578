from odoo import api, models
from odoo.tools import format_amount


class SocialCrmDashboard(models.AbstractModel):
    _inherit = "social.crm.dashboard"

    @api.model
    def _get_dashboard_sections(self, period):
        return super()._get_dashboard_sections(period) + [self._get_dashboard_ideas_section(period)]

    @api.model
    def _get_dashboard_next_cards(self, period):
        return super()._get_dashboard_next_cards(period) + [self._get_dashboard_top_demand_card()]

    @api.model
    def _dashboard_open_ideas_domain(self):
        return [("is_closed", "=", False), ("merged_into_id", "=", False)]

    @api.model
    def _get_dashboard_top_demand_card(self):
        """The open ideas with the most pipeline behind them (their voters' open opportunities)."""
        top_items = []
        # demand values are pipeline figures: internal users only (the field's group)
        if self.env.user._is_internal():
            top_ideas = self.env["social.idea"].search(
                self._dashboard_open_ideas_domain() + [("demand_value", ">", 0)],
                order="demand_value desc, vote_count desc, id desc",
                limit=5,
            )
            top_items = [
                {
                    "key": idea.id,
                    "label": idea.name,
                    "value": idea.demand_value,
                    "display": format_amount(self.env, idea.demand_value, idea.currency_id),
                    "action": self._dashboard_record_action(idea),
                }
                for idea in top_ideas
            ]
        title = self.env._("Ideas with the most pipeline behind them")
        return {
            "key": "top_demand",
            "title": title,
            "value": None,
            "items": top_items,
            "action": self._dashboard_list_action(
                title, "social.idea", [("id", "in", [item["key"] for item in top_items])], ("list", "kanban", "form")
            ),
        }

    @api.model
    def _get_dashboard_ideas_section(self, period):
        Idea = self.env["social.idea"]
        Vote = self.env["social.idea.vote"]
        open_domain = self._dashboard_open_ideas_domain()
        votes_domain = self._dashboard_period_domain(period)
        return {
            "key": "ideas",
            "title": self.env._("Ideas"),
            "sequence": 30,
            "cards": [
                {
                    "key": "open_ideas",
                    "title": self.env._("Open ideas"),
                    "value": Idea.search_count(open_domain),
                    "counts": True,
                    "action": self._dashboard_list_action(
                        self.env._("Open ideas"), "social.idea", open_domain, ("list", "kanban", "form")
                    ),
                },
                {
                    "key": "votes",
                    "title": self.env._("Votes"),
                    "value": Vote.search_count(votes_domain),
                    "previous": Vote.search_count(self._dashboard_period_domain(period, previous=True)),
                    "counts": True,
                    "action": self._dashboard_list_action(
                        self.env._("Votes of the period"), "social.idea.vote", votes_domain, ("list",)
                    ),
                },
            ],
        }
