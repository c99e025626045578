from odoo import api, fields, models
from odoo.tools import format_amount


class SocialCrmDashboard(models.AbstractModel):
    _inherit = "social.crm.dashboard"

    @api.model
    def _get_dashboard_sections(self, period):
        return super()._get_dashboard_sections(period) + [self._get_dashboard_ideas_section(period)]

    @api.model
    def _get_dashboard_ideas_section(self, period):
        Idea = self.env["social.idea"]
        Vote = self.env["social.idea.vote"]
        open_domain = [("is_closed", "=", False), ("merged_into_id", "=", False)]
        votes_domain = self._dashboard_period_domain(period)
        idea_views = ("list", "kanban", "form")
        card_values = {
            "open_ideas": Idea.search_count(open_domain),
            "votes": Vote.search_count(votes_domain),
            "previous_votes": Vote.search_count(self._dashboard_period_domain(period, previous=True)),
        }
        top_items = []
        # demand values are pipeline figures: internal users only (the field's group)
        if self.env.user._is_internal():
            top_ideas = Idea.search(
                open_domain + [("demand_value", ">", 0)],
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
        return {
            "key": "ideas",
            "title": self.env._("Ideas"),
            "sequence": 30,
            "cards": [
                {
                    "key": "open_ideas",
                    "title": self.env._("Open ideas"),
                    "value": card_values["open_ideas"],
                    "action": self._dashboard_list_action(
                        self.env._("Open ideas"), "social.idea", open_domain, idea_views
                    ),
                },
                {
                    "key": "votes",
                    "title": self.env._("Votes"),
                    "value": card_values["votes"],
                    "previous": card_values["previous_votes"],
                    "action": self._dashboard_list_action(
                        self.env._("Ideas voted in the period"),
                        "social.idea",
                        [("vote_ids.date", ">=", fields.Datetime.to_string(period["date_from"]))],
                        idea_views,
                    ),
                },
                {
                    "key": "top_demand",
                    "title": self.env._("Top ideas by demand value"),
                    "value": None,
                    "items": top_items,
                    "action": self._dashboard_list_action(
                        self.env._("Top ideas by demand value"),
                        "social.idea",
                        [("id", "in", [item["key"] for item in top_items])],
                        idea_views,
                    ),
                },
            ],
        }
