from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

# The audit trail of a vote: when, by whom, on whose behalf. Only the system writes it.
AUDIT_FIELDS = frozenset({"date", "is_proxy", "recorded_by_id", "voter_company_id"})


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
            if not self.env.su and AUDIT_FIELDS.intersection(vals) - {"is_proxy"}:
                raise AccessError(
                    self.env._(
                        "These fields are kept by the system and cannot be set: %(fields)s",
                        fields=", ".join(sorted(AUDIT_FIELDS.intersection(vals))),
                    )
                )
            vals.pop("is_proxy", None)
            vals.setdefault("partner_id", user.partner_id.id)
            if is_portal and vals["partner_id"] != user.partner_id.id:
                raise AccessError(self.env._("You can only vote for yourself."))
            # the author's own vote, recorded with the idea, is theirs whoever submitted it
            author_vote = self.env.context.get("social_crm_ideas_author_vote")
            vals["is_proxy"] = not author_vote and not user.share and vals["partner_id"] != user.partner_id.id
            vals["recorded_by_id"] = user.id
        ideas = self.env["social.idea"].browse({vals["idea_id"] for vals in vals_list})
        partners = self.env["res.partner"].browse({vals["partner_id"] for vals in vals_list})
        self._lock_for_voting(ideas, partners)
        self._check_vote_rules(vals_list)
        # the counts, the voters' budgets, the demand values and the engagement follow (computes, producer)
        return super().create(vals_list)

    def write(self, vals):
        if {"idea_id", "partner_id"} & set(vals) and not self.env.su:
            raise AccessError(self.env._("A vote cannot be moved; remove it and vote again."))
        if AUDIT_FIELDS.intersection(vals) and not self.env.su:
            raise AccessError(
                self.env._(
                    "These fields are kept by the system and cannot be set: %(fields)s",
                    fields=", ".join(sorted(AUDIT_FIELDS.intersection(vals))),
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _lock_for_voting(self, ideas, partners):
        """Serialize votes on the same ideas and by the same voters.

        Locking the idea rows first makes a concurrent vote on the same idea wait, then fail
        with a serialization error that Odoo retries (quietly: not logged as an error), so a
        second click from another tab sees the first vote and gets a clear message. Locking the
        voters' rows does the same per voter: every vote rewrites its voter's open-vote count,
        which keeps the vote budget exact across ideas.
        """
        self.env.cr.execute(
            SQL(
                "SELECT id FROM social_idea WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
                sorted(ideas.ids),
            ),
            log_exceptions=False,
        )
        if partners:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
                    sorted(partners.ids),
                ),
                log_exceptions=False,
            )
            # what this transaction may have read before the lock is not trusted
            partners.invalidate_recordset(["idea_open_vote_count"])

    @api.model
    def _check_vote_rules(self, vals_list):
        Idea = self.env["social.idea"].sudo()
        new_by_partner = defaultdict(int)
        seen = set()
        for vals in vals_list:
            idea = Idea.browse(vals["idea_id"])
            partner = self.env["res.partner"].sudo().browse(vals["partner_id"])
            idea._check_votable()
            if vals.get("is_proxy") and not self.env.su and partner._is_not_a_person():
                # a proxy vote stands for a customer: not a company, not the anonymous visitor
                raise ValidationError(self.env._("Proxy votes are for individual people only."))
            key = (idea.id, partner.id)
            if key in seen or self.sudo().search_count(
                [("idea_id", "=", idea.id), ("partner_id", "=", partner.id)], limit=1
            ):
                raise ValidationError(
                    self.env._("%(partner)s already voted for this idea.", partner=partner.display_name)
                )
            seen.add(key)
            new_by_partner[partner.id] += 1
        self._check_vote_budget(new_by_partner)
