from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    ambassador_partner_id = fields.Many2one(
        "res.partner",
        string="Community Customer",
        related="partner_id.commercial_partner_id",
    )
    ambassador_score = fields.Float(
        related="partner_id.commercial_partner_id.ambassador_score", string="Ambassador Score"
    )
    ambassador_tier_id = fields.Many2one(
        related="partner_id.commercial_partner_id.ambassador_tier_id", string="Ambassador Tier"
    )
    ambassador_tier_color = fields.Integer(related="ambassador_tier_id.color")

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._raise_priority_from_ambassadors()
        return leads

    def _raise_priority_from_ambassadors(self):
        """Give new leads of customers in the chosen tiers at least the configured stars."""
        for company, leads in self.grouped("company_id").items():
            company = company or self.env.company
            tiers = company.social_crm_lead_tier_ids
            if not tiers:
                continue
            priority = company.social_crm_lead_priority or "2"
            to_raise = leads.filtered(
                lambda lead, tiers=tiers, priority=priority: (
                    lead.ambassador_tier_id in tiers and (lead.priority or "0") < priority
                )
            )
            if to_raise:
                to_raise.write({"priority": priority})
