from odoo import models
from odoo.exceptions import UserError


class SocialIdea(models.Model):
    """Merging duplicates: votes, followers and comments move to the idea that stays."""

    # one job per file (docs/ARCHITECTURE.md), against OCA's advice to merge the inheriting classes
    _inherit = "social.idea"  # pylint: disable=consider-merging-classes-inherited

    def _merge_into(self, target):
        """Fold these duplicates into target: votes (no double votes), followers and comments
        move; the duplicates keep a pointer so their page redirects to the kept idea.

        Everything that follows from the votes moving (the vote counts, the voters' budgets,
        the demand values, the points for received votes, which move from the duplicates'
        authors to the kept one's) follows from the writes below.
        """
        target.ensure_one()
        if target in self:
            raise UserError(self.env._("An idea cannot be merged into itself."))
        if target.merged_into_id:
            raise UserError(
                self.env._(
                    "“%(idea)s” was already merged into “%(target)s”: keep that one instead.",
                    idea=target.name,
                    target=target.merged_into_id.name,
                )
            )
        if not self:
            return True
        sources, target = self.sudo(), target.sudo()
        Vote = self.env["social.idea.vote"].sudo()
        Vote._lock_for_voting(sources | target, self.env["res.partner"])
        voters = target.vote_ids.partner_id
        moved = dropped = Vote
        for vote in sources.vote_ids.sorted(lambda v: (v.date, v.id)):
            if vote.partner_id in voters:
                dropped |= vote
            else:
                moved |= vote
                voters |= vote.partner_id
        dropped.unlink()
        moved.write({"idea_id": target.id})
        target.message_subscribe(partner_ids=sources.message_partner_ids.ids)
        comments = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "social.idea"),
                    ("res_id", "in", sources.ids),
                    ("message_type", "=", "comment"),
                ]
            )
        )
        comments.write({"res_id": target.id})
        self.sudo().search([("merged_into_id", "in", sources.ids)]).write({"merged_into_id": target.id})
        sources.write({"merged_into_id": target.id})
        for source in sources:
            target.message_post(
                body=self.env._("Merged the duplicate “%(idea)s” into this idea.", idea=source.name),
                subtype_xmlid="mail.mt_note",
            )
        return True
