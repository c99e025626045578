from odoo import api, fields, models

from odoo.addons.social_crm.tools import precreate_column


class ResPartner(models.Model):
    _inherit = "res.partner"

    idea_vote_ids = fields.One2many("social.idea.vote", "partner_id", string="Idea Votes", groups="base.group_user")
    idea_open_vote_count = fields.Integer(
        "Open Idea Votes",
        compute="_compute_idea_open_vote_count",
        store=True,
        readonly=True,
        copy=False,
        help="Votes of this contact on ideas that are still open; they count against the vote budget.",
    )
    idea_last_submission = fields.Datetime(
        "Last Idea Submitted",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="When this contact last submitted an idea on the website (the submission rate limit).",
    )

    def _auto_init(self):
        # the votes are new at the install: nobody has an open vote (the ORM would count the
        # votes of every partner)
        precreate_column(self, "idea_open_vote_count", 0)
        return super()._auto_init()

    @api.depends("idea_vote_ids", "idea_vote_ids.idea_id.is_closed", "idea_vote_ids.idea_id.merged_into_id")
    def _compute_idea_open_vote_count(self):
        Vote = self.env["social.idea.vote"]
        counts = dict(
            Vote._read_group(Vote._standing_domain() + [("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.idea_open_vote_count = counts.get(partner._origin, 0)

    @api.model
    def _social_crm_system_fields(self):
        # the vote budget and the submission rate limit read them: nobody sets them by hand
        return super()._social_crm_system_fields() | {"idea_open_vote_count", "idea_last_submission"}

    def _is_not_a_person(self):
        """A company, or the partner of the website's public user (anonymous visitors)."""
        self.ensure_one()
        return self.is_company or any(user._is_public() for user in self.with_context(active_test=False).user_ids)
