import math

from odoo import models

from .social_engagement_scoring import RECENT_DAYS


class ResPartner(models.Model):
    """How far a member is from the next tier, and how long it takes at their current pace."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    def _community_tier_progress(self):
        """{"tier", "next_tier", "to_go", "days"} for one partner (read as sudo by the portal).

        ``to_go`` is the score still missing for the next tier; ``days`` how many days the
        member's points of the last 30 days, at the same pace, take to cover it (None: no
        recent activity, or no next tier). Decay is left out on purpose: it is an estimate
        that a member can read at a glance, and recent activity decays least.
        """
        self.ensure_one()
        # the eligible domain holds a subquery: search, filtered_domain cannot evaluate it
        eligible = self.with_context(active_test=False).search_count(
            [("id", "=", self.id), *self._community_eligible_domain()], limit=1
        )
        next_tier = self.env["social.ambassador.tier"]
        to_go = days = None
        if eligible:
            next_tier = next_tier.search([("min_score", ">", self.ambassador_score)], order="min_score", limit=1)
        if next_tier:
            to_go = next_tier.min_score - self.ambassador_score
            pace = self.ambassador_recent_gain / RECENT_DAYS
            if pace > 0:
                days = max(1, math.ceil(to_go / pace))
        return {
            "eligible": bool(eligible),
            "tier": self.ambassador_tier_id,
            "next_tier": next_tier,
            "to_go": to_go,
            "days": days,
        }
