from odoo import api, models
from odoo.exceptions import ValidationError


class SocialIdeaVote(models.Model):
    """The voting budget: how many votes a customer may have on open ideas at the same time."""

    # one job per file (docs/ARCHITECTURE.md), against OCA's advice to merge the inheriting classes
    _inherit = "social.idea.vote"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _standing_domain(self):
        """A standing vote: a vote on an open idea that was not merged away; it counts
        against its voter's budget (closing the idea gives it back)."""
        return [("idea_id.is_closed", "=", False), ("idea_id.merged_into_id", "=", False)]

    @api.model
    def _vote_budget(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("social_crm_ideas.vote_budget", 0) or 0)

    @api.model
    def _check_vote_budget(self, new_by_partner):
        """Refuse the new votes ``{partner_id: count}`` that would exceed a voter's budget.

        Run under the voters' row locks (``_lock_for_voting``): the standing counts read here
        are the ones the concurrent votes left.
        """
        budget = self._vote_budget()
        if not budget:
            return
        partners = self.env["res.partner"].sudo().browse(list(new_by_partner))
        for partner in partners:
            used = partner.idea_open_vote_count
            if used + new_by_partner[partner.id] > budget:
                raise ValidationError(
                    self.env._(
                        "No votes left: %(partner)s already uses %(used)s of %(budget)s votes on "
                        "open ideas. Remove a vote or wait until one of those ideas closes.",
                        partner=partner.display_name,
                        used=used,
                        budget=budget,
                    )
                )
