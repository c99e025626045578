from odoo import Command, api, fields, models

# Lead fields that move a company's open pipeline (the ideas' demand value).
PIPELINE_FIELDS = {"partner_id", "expected_revenue", "stage_id", "active", "type"}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    idea_ids = fields.Many2many(
        "social.idea",
        "social_idea_crm_lead_rel",
        "lead_id",
        "idea_id",
        "Source Ideas",
        help="Ideas this opportunity was created from.",
    )
    wanted_idea_ids = fields.Many2many(
        "social.idea",
        string="Ideas the Customer Wants",
        compute="_compute_wanted_idea_ids",
        help="Ideas voted by the contacts of this customer's company.",
    )
    wanted_idea_count = fields.Integer(compute="_compute_wanted_idea_ids")

    @api.depends("partner_id")
    def _compute_wanted_idea_ids(self):
        companies = self.partner_id.commercial_partner_id
        groups = self.env["social.idea.vote"]._read_group(
            [("voter_company_id", "in", companies.ids)],
            ["voter_company_id"],
            ["idea_id:array_agg"],
        )
        ideas_by_company = {company.id: idea_ids for company, idea_ids in groups}
        for lead in self:
            idea_ids = ideas_by_company.get(lead.partner_id.commercial_partner_id.id, [])
            lead.wanted_idea_ids = [Command.set(sorted(set(idea_ids)))]
            lead.wanted_idea_count = len(set(idea_ids))

    # The pipeline of the voting companies moves: their ideas' demand value follows, computed
    # once per transaction (social_idea_demand.py).

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._mark_idea_demand()
        return leads

    def write(self, vals):
        moved = PIPELINE_FIELDS.intersection(vals)
        if moved:
            self._mark_idea_demand()
        res = super().write(vals)
        if moved:
            self._mark_idea_demand()
        return res

    def unlink(self):
        self._mark_idea_demand()
        return super().unlink()

    def _mark_idea_demand(self):
        companies = self.sudo().with_context(active_test=False).partner_id.commercial_partner_id
        self.env["social.idea"]._mark_demand_of_companies(companies.ids)
