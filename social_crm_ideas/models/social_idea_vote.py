from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


class SocialIdeaVote(models.Model):
    _name = "social.idea.vote"
    _description = "Idea Vote"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    idea_id = fields.Many2one("social.idea", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner",
        "Voter",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user.partner_id,
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    is_proxy = fields.Boolean(
        "Proxy Vote",
        readonly=True,
        help="Recorded by a salesperson on behalf of the customer.",
    )
    recorded_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    voter_company_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Voter's Company",
        store=True,
        index=True,
    )
    idea_stage_id = fields.Many2one(related="idea_id.stage_id", string="Idea Status")
    company_id = fields.Many2one(related="idea_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="idea_id.currency_id")
    open_pipeline_value = fields.Monetary(
        "Open Pipeline",
        compute="_compute_open_pipeline_value",
        groups="sales_team.group_sale_salesman",
        help="Expected revenue of the open opportunities of the voter's company.",
    )

    _sql_constraints = [
        (
            "idea_partner_uniq",
            "unique (idea_id, partner_id)",
            "You already voted for this idea.",
        ),
    ]

    def _compute_open_pipeline_value(self):
        companies = self.voter_company_id
        # Whole pipeline of the company, like the demand value, whoever owns the opportunities.
        groups = (
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [
                    ("type", "=", "opportunity"),
                    ("stage_id.is_won", "=", False),
                    ("partner_id.commercial_partner_id", "in", companies.ids),
                ],
                ["partner_id"],
                ["expected_revenue:sum"],
            )
        )
        revenue = defaultdict(float)
        for partner, amount in groups:
            revenue[partner.commercial_partner_id.id] += amount
        for vote in self:
            vote.open_pipeline_value = revenue[vote.voter_company_id.id]

    @api.model_create_multi
    def create(self, vals_list):
        user = self.env.user
        is_portal = not self.env.su and user._is_portal()
        for vals in vals_list:
            vals.pop("is_proxy", None)
            vals.setdefault("partner_id", user.partner_id.id)
            if is_portal and vals["partner_id"] != user.partner_id.id:
                raise AccessError(self.env._("You can only vote for yourself."))
            vals["is_proxy"] = not user.share and vals["partner_id"] != user.partner_id.id
            vals["recorded_by_id"] = user.id
        ideas = self.env["social.idea"].browse({vals["idea_id"] for vals in vals_list})
        partners = self.env["res.partner"].browse({vals["partner_id"] for vals in vals_list})
        self._lock_for_voting(ideas, partners)
        self._check_vote_rules(vals_list)
        votes = super().create(vals_list)
        self._refresh_open_vote_counts(partners)
        ideas.sudo()._refresh_vote_counts()
        ideas._record_missing_events(votes.sudo()._vote_received_keys())
        ideas.sudo()._refresh_demand_values()
        return votes

    def write(self, vals):
        if {"idea_id", "partner_id"} & set(vals) and not self.env.su:
            raise AccessError(self.env._("A vote cannot be moved; remove it and vote again."))
        return super().write(vals)

    def unlink(self):
        if self.env.context.get(MODULE_UNINSTALL_FLAG):
            # The addon goes away: its ledger rows were removed by the uninstall hook.
            return super().unlink()
        ideas, partners = self.idea_id, self.partner_id
        self.env["social.idea"]._compensate_events(self.sudo()._vote_received_keys())
        res = super().unlink()
        self._refresh_open_vote_counts(partners)
        ideas.sudo()._refresh_vote_counts()
        ideas.sudo()._refresh_demand_values()
        return res

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _lock_for_voting(self, ideas, partners):
        """Serialize votes on the same ideas and by the same voters.

        Locking the idea rows first makes a concurrent vote on the same idea wait, then fail
        with a serialization error that the HTTP layer retries, so a second click from another
        tab sees the first vote and gets a clear message. Rewriting the voters' open-vote
        counts does the same per voter, which keeps the vote budget exact across ideas.
        """
        self.env.cr.execute(
            SQL(
                "SELECT id FROM social_idea WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
                sorted(ideas.ids),
            )
        )
        if partners:
            self._refresh_open_vote_counts(partners)

    @api.model
    def _refresh_open_vote_counts(self, partners):
        """Recount the votes of ``partners`` on open ideas, in one statement; return them."""
        if not partners:
            return {}
        self.flush_model()
        self.env["social.idea"].flush_model(["is_closed", "merged_into_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET idea_open_vote_count = (
                        SELECT COUNT(*)
                          FROM social_idea_vote v
                          JOIN social_idea i ON i.id = v.idea_id
                         WHERE v.partner_id = p.id
                           AND NOT COALESCE(i.is_closed, FALSE)
                           AND i.merged_into_id IS NULL
                       )
                 WHERE p.id = ANY(%s)
             RETURNING p.id, p.idea_open_vote_count
                """,
                sorted(partners.ids),
            )
        )
        counts = dict(self.env.cr.fetchall())
        self.env["res.partner"].browse(counts).invalidate_recordset(["idea_open_vote_count"])
        return counts

    @api.model
    def _vote_budget(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("social_crm_ideas.vote_budget", 0) or 0)

    @api.model
    def _check_vote_rules(self, vals_list):
        Idea = self.env["social.idea"].sudo()
        new_by_partner = defaultdict(int)
        seen = set()
        for vals in vals_list:
            idea = Idea.browse(vals["idea_id"])
            partner = self.env["res.partner"].sudo().browse(vals["partner_id"])
            idea._check_votable()
            if idea.author_id == partner:
                raise ValidationError(self.env._("Authors cannot vote for their own idea."))
            key = (idea.id, partner.id)
            if key in seen or self.sudo().search_count(
                [("idea_id", "=", idea.id), ("partner_id", "=", partner.id)], limit=1
            ):
                raise ValidationError(self.env._("%s already voted for this idea.", partner.display_name))
            seen.add(key)
            new_by_partner[partner.id] += 1
        budget = self._vote_budget()
        if not budget:
            return
        partners = self.env["res.partner"].sudo().browse(list(new_by_partner))
        open_counts = {partner.id: partner.idea_open_vote_count for partner in partners}
        for partner in partners:
            if open_counts.get(partner.id, 0) + new_by_partner[partner.id] > budget:
                raise ValidationError(
                    self.env._(
                        "No votes left: %(partner)s already uses %(used)s of %(budget)s votes on "
                        "open ideas. Remove a vote or wait until one of those ideas closes.",
                        partner=partner.display_name,
                        used=open_counts.get(partner.id, 0),
                        budget=budget,
                    )
                )

    def _vote_received_keys(self):
        return [
            {
                "partner_id": vote.idea_id.author_id.id,
                "type_code": "idea_vote_received",
                "res_model": "social.idea.vote",
                "res_id": vote.id,
            }
            for vote in self
        ]
