from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class SocialIdeaLead(models.TransientModel):
    _name = "social.idea.lead"
    _description = "Create Opportunities from an Idea"

    idea_id = fields.Many2one("social.idea", required=True, readonly=True)
    company_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        required=True,
        domain="[('id', 'in', available_company_ids)]",
        help="Voting companies that get an opportunity.",
    )
    available_company_ids = fields.Many2many("res.partner", compute="_compute_available_company_ids")
    user_id = fields.Many2one("res.users", "Salesperson", default=lambda self: self.env.user)
    team_id = fields.Many2one("crm.team", "Sales Team")

    @api.depends("idea_id")
    def _compute_available_company_ids(self):
        for wizard in self:
            wizard.available_company_ids = wizard.idea_id.vote_ids.voter_company_id

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "social.idea":
            idea = self.env["social.idea"].browse(self.env.context.get("active_id"))
            res["idea_id"] = idea.id
            res["company_ids"] = [Command.set(idea.vote_ids.voter_company_id.ids)]
        return res

    def action_create_leads(self):
        self.ensure_one()
        not_voters = self.company_ids - self.idea_id.vote_ids.voter_company_id
        if not_voters:
            raise UserError(
                self.env._(
                    "These customers did not vote for the idea: %(customers)s",
                    customers=", ".join(not_voters.mapped("display_name")),
                )
            )
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": self.env._("%(idea)s – %(customer)s", idea=self.idea_id.name, customer=company.name),
                    "type": "opportunity",
                    "partner_id": company.id,
                    "user_id": self.user_id.id,
                    "team_id": self.team_id.id,
                    "idea_ids": [Command.link(self.idea_id.id)],
                }
                for company in self.company_ids
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Opportunities"),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "domain": [("id", "in", leads.ids)],
        }
