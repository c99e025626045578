from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from ..models.social_affinity_group import SLUG_MAX_LENGTH, SLUG_RE


class CommunityLeaderboard(http.Controller):
    """The public leaderboard: members who gave public consent, overall, by tier, this
    month's risers, per public affinity group. Nobody else appears, not even in a count."""

    def _leaderboard_groups(self):
        """Groups with a leaderboard: published public groups (read as the visitor)."""
        return request.env["social.affinity.group"].search([("is_published", "=", True), ("visibility", "=", "public")])

    @http.route("/community/leaderboard", type="http", auth="public", website=True, readonly=True, sitemap=True)
    def leaderboard(self, group=None, **kwargs):
        groups = self._leaderboard_groups()
        selected = groups.browse()
        if group:
            if not isinstance(group, str) or len(group) > SLUG_MAX_LENGTH or not SLUG_RE.match(group):
                raise NotFound()
            selected = groups.filtered(lambda g: g.slug == group)
            if not selected:
                raise NotFound()
        Board = request.env["social.community.leaderboard"]
        rankings = Board._get_leaderboard(selected)
        partners = Board._leaderboard_partners(rankings)
        tier_ids = {row[2] for row in rankings["top"] if row[2]} | {tier_id for tier_id, _rows in rankings["tiers"]}
        # sudo: tiers are configuration; only the names of those ranked are shown
        tiers = {tier.id: tier for tier in request.env["social.ambassador.tier"].sudo().browse(tier_ids)}
        values = {
            "groups": groups,
            "selected_group": selected,
            "top": [
                (partners[pid], score, tiers.get(tier_id)) for pid, score, tier_id in rankings["top"] if pid in partners
            ],
            "by_tier": [
                (tiers[tier_id], [(partners[pid], score) for pid, score in rows if pid in partners])
                for tier_id, rows in rankings["tiers"]
            ],
            "risers": [(partners[pid], points) for pid, points in rankings["risers"] if pid in partners],
        }
        values["by_tier"] = [(tier, rows) for tier, rows in values["by_tier"] if rows]
        return request.render("social_crm.community_leaderboard", values)
