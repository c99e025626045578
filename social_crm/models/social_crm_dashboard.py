from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import rpc_safe

DASHBOARD_PERIODS = (7, 30, 90)
DASHBOARD_TOP_LIMIT = 5


class SocialCrmDashboard(models.AbstractModel):
    """Figures of the Social CRM dashboard, fetched by its client action in one call.

    ``get_dashboard_data`` returns a list of sections (key, title, sequence, cards).
    A card holds a ``value`` (with ``digits``, or a preformatted ``display``), an
    optional ``previous`` value of the previous period, an optional ``action`` opening
    its records and optional ``items`` (label, value, color, action). ``counts``: the value
    is the number of records its action lists (tests hold every such card to it). Producer
    addons add their sections by overriding ``_get_dashboard_sections``, and their cards of
    *What to do next* by overriding ``_get_dashboard_next_cards``.
    """

    _name = "social.crm.dashboard"
    _description = "Social CRM Dashboard"

    @api.model
    @api.returns("self", rpc_safe)
    def get_dashboard_data(self, period_days=30):
        if not self.env.user.has_group("social_crm.group_social_crm_user"):
            raise AccessError(self.env._("Only Social CRM users can see the dashboard."))
        if period_days not in DASHBOARD_PERIODS:
            raise UserError(self.env._("The dashboard period must be 7, 30 or 90 days."))
        date_to = fields.Datetime.now()
        date_from = date_to - timedelta(days=period_days)
        period = {
            "days": period_days,
            "date_to": date_to,
            "date_from": date_from,
            "previous_from": date_from - timedelta(days=period_days),
        }
        return sorted(self._get_dashboard_sections(period), key=lambda section: section["sequence"])

    @api.model
    def _get_dashboard_sections(self, period):
        return [self._get_dashboard_next_section(period), self._get_dashboard_community_section(period)]

    # ------------------------------------------------------------------
    # What to do next
    # ------------------------------------------------------------------

    @api.model
    def _get_dashboard_next_section(self, period):
        """Cards that each open a short list of things a salesperson should act on.

        Producer addons add theirs by overriding ``_get_dashboard_next_cards``."""
        return {
            "key": "next",
            "title": self.env._("What to do next"),
            "sequence": 5,
            "cards": self._get_dashboard_next_cards(period),
        }

    @api.model
    def _get_dashboard_next_cards(self, period):
        Partner = self.env["res.partner"]
        tiers = self.env["social.ambassador.tier"].search([], order="min_score desc, sequence desc", limit=2)
        champions_domain = (
            self._dashboard_member_domain()
            + Partner._community_eligible_domain()
            + [
                ("ambassador_tier_id", "in", tiers.ids),
                ("commercial_partner_id", "not in", self._dashboard_open_deal_companies()),
            ]
        )
        title = self.env._("%(tiers)s without an open opportunity", tiers=" & ".join(tiers.mapped("name")))
        Mention = self.env["social.mention"]
        mentions_domain = [("status", "=", "unmatched"), ("lead_id", "=", False)]
        return [
            {
                "key": "champions_without_deal",
                "title": title,
                "value": Partner.search_count(champions_domain),
                "counts": True,
                "action": self._dashboard_partner_action(title, champions_domain),
            },
            {
                "key": "unmatched_mentions",
                "title": self.env._("Unmatched mentions"),
                "value": Mention.search_count(mentions_domain),
                "counts": True,
                "action": self._dashboard_list_action(
                    self.env._("Unmatched mentions"), "social.mention", mentions_domain
                ),
            },
        ]

    @api.model
    def _dashboard_open_deal_companies(self):
        """Ids of the customers (commercial partners) with an open opportunity. Only ids leave
        this method: the pipeline itself stays out of the Social CRM user's reach."""
        groups = (
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [("type", "=", "opportunity"), ("stage_id.is_won", "=", False), ("partner_id", "!=", False)],
                ["partner_id"],
            )
        )
        return sorted({partner.commercial_partner_id.id for (partner,) in groups})

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _dashboard_member_domain(self):
        """A member as the dashboard counts and ranks them: a person. A company's score is the
        roll-up of its contacts' engagement, not a member's own."""
        return [("community_member", "=", True), ("is_company", "=", False)]

    @api.model
    def _dashboard_partner_action(self, name, domain):
        """The list of partners with the community columns (tier, score, gain, consent)."""
        action = self.env["ir.actions.act_window"]._for_xml_id("social_crm.action_ambassadors")
        views = {view_type: view_id for view_id, view_type in action["views"]}
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "res.partner",
            "domain": domain,
            "views": [(views.get(view_type), view_type) for view_type in ("list", "kanban", "form")],
            "search_view_id": action.get("search_view_id"),
            "context": {"create": False},
        }

    @api.model
    def _dashboard_list_action(self, name, res_model, domain, views=("list", "form"), context=None):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": res_model,
            "domain": domain,
            "views": [(False, view) for view in views],
            "context": dict(context or {}, create=False),
        }

    @api.model
    def _dashboard_record_action(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "views": [(False, "form")],
        }

    @api.model
    def _dashboard_period_domain(self, period, field="date", previous=False):
        # the current period includes this very second (datetimes are stored without
        # microseconds), the previous one ends where the current one starts
        if previous:
            start, end, operator = period["previous_from"], period["date_from"], "<"
        else:
            start, end, operator = period["date_from"], period["date_to"], "<="
        return [
            (field, ">=", fields.Datetime.to_string(start)),
            (field, operator, fields.Datetime.to_string(end)),
        ]

    @api.model
    def _get_dashboard_community_section(self, period):
        Partner = self.env["res.partner"]
        Engagement = self.env["social.engagement"]
        member_domain = self._dashboard_member_domain()

        # members per tier and consent in one query; the handful of groups is summed here
        member_count = no_consent_count = 0
        tier_counts = {}
        for tier, consent, count in Partner._read_group(
            member_domain, ["ambassador_tier_id", "community_contact_consent"], ["__count"]
        ):
            member_count += count
            if not consent:
                no_consent_count += count
            if tier:
                tier_counts[tier.id] = tier_counts.get(tier.id, 0) + count
        tiers = self.env["social.ambassador.tier"].search([])  # pylint: disable=no-search-all
        tier_items = [
            {
                "key": tier.id,
                "label": tier.name,
                "value": tier_counts.get(tier.id, 0),
                "color": tier.color,
                "counts": True,
                "action": self._dashboard_partner_action(
                    tier.name, member_domain + [("ambassador_tier_id", "=", tier.id)]
                ),
            }
            for tier in tiers
        ]

        # net points (compensations included) and events (compensations excluded)
        engagement = {}
        for previous in (False, True):
            points = events = 0
            for is_compensation, points_sum, count in Engagement._read_group(
                self._dashboard_period_domain(period, previous=previous),
                ["is_compensation"],
                ["points:sum", "__count"],
            ):
                points += points_sum or 0.0
                if not is_compensation:
                    events += count
            engagement[previous] = (round(points, 2), events)
        engagement_domain = self._dashboard_period_domain(period)

        rising = self.env["social.engagement.scoring"]._rising_members(engagement_domain, DASHBOARD_TOP_LIMIT)
        rising_items = [
            {
                "key": partner.id,
                "label": partner.display_name,
                "value": round(points, 2),
                "digits": 2,
                "action": self._dashboard_record_action(partner),
            }
            for partner, points in rising
        ]
        return {
            "key": "community",
            "title": self.env._("Community"),
            "sequence": 10,
            "cards": [
                {
                    "key": "members",
                    "title": self.env._("Community members"),
                    "value": member_count,
                    "counts": True,
                    "action": self._dashboard_partner_action(self.env._("Community members"), member_domain),
                },
                {
                    "key": "tiers",
                    "title": self.env._("Members per tier"),
                    "value": sum(tier_counts.values()),
                    "items": tier_items,
                },
                {
                    "key": "points",
                    "title": self.env._("Engagement points"),
                    "value": engagement[False][0],
                    "previous": engagement[True][0],
                    "digits": 2,
                    "action": self._dashboard_list_action(
                        self.env._("Engagement"), "social.engagement", engagement_domain
                    ),
                },
                {
                    "key": "events",
                    "title": self.env._("Engagement events"),
                    "value": engagement[False][1],
                    "previous": engagement[True][1],
                    "counts": True,
                    "action": self._dashboard_list_action(
                        self.env._("Engagement"),
                        "social.engagement",
                        engagement_domain + [("is_compensation", "=", False)],
                    ),
                },
                {
                    "key": "rising",
                    "title": self.env._("Top rising members"),
                    "value": None,
                    "items": rising_items,
                    "action": self._dashboard_partner_action(
                        self.env._("Top rising members"), [("id", "in", [item["key"] for item in rising_items])]
                    ),
                },
                {
                    "key": "no_consent",
                    "title": self.env._("Members without contact consent"),
                    "value": no_consent_count,
                    "counts": True,
                    "action": self._dashboard_partner_action(
                        self.env._("Members without contact consent"),
                        member_domain + [("community_contact_consent", "=", False)],
                    ),
                },
            ],
        }
