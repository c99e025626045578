from odoo import api, models
from odoo.exceptions import ValidationError


class SocialIdea(models.Model):
    """The author's vote: an idea's author counts as its first voter (as Canny and UserVoice
    do). It is an ordinary vote, recorded when the idea is published: it counts in the vote
    count, in the author's company's wanted ideas and demand value, and against the author's
    vote budget. It earns the author no "vote received" points (see the vote producer)."""

    _inherit = "social.idea"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    @api.model_create_multi
    def create(self, vals_list):
        ideas = super().create(vals_list)
        ideas._add_author_votes()
        return ideas

    def write(self, vals):
        res = super().write(vals)
        if vals.get("is_published"):
            self._add_author_votes()
        return res

    def _add_author_votes(self):
        """Vote for these ideas on behalf of their authors, where the vote rules allow it: an
        author without votes left in the budget submits the idea without voting for it."""
        ideas = self.sudo().filtered(
            lambda idea: idea.is_published and not idea.is_closed and not idea.merged_into_id and idea.author_id
        )
        if not ideas:
            return
        Vote = self.env["social.idea.vote"].sudo().with_context(social_crm_ideas_author_vote=True)
        voted = {
            (vote.idea_id.id, vote.partner_id.id)
            for vote in Vote.search([("idea_id", "in", ideas.ids), ("partner_id", "in", ideas.author_id.ids)])
        }
        vals_list = [
            {"idea_id": idea.id, "partner_id": idea.author_id.id}
            for idea in ideas
            if (idea.id, idea.author_id.id) not in voted
        ]
        if not vals_list:
            return
        try:
            with self.env.cr.savepoint():
                Vote.create(vals_list)
        except ValidationError:
            # one author has no votes left: the others still vote, one by one
            for vals in vals_list:
                try:
                    with self.env.cr.savepoint():
                        Vote.create(vals)
                except ValidationError:
                    continue
