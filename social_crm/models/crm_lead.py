from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    ambassador_partner_id = fields.Many2one(
        "res.partner",
        string="Community Customer",
        related="partner_id.commercial_partner_id",
    )
    ambassador_score = fields.Float(
        related="partner_id.commercial_partner_id.ambassador_score",
        string="Ambassador Score",
        groups="social_crm.group_social_crm_user",
    )
    ambassador_tier_id = fields.Many2one(
        related="partner_id.commercial_partner_id.ambassador_tier_id",
        string="Ambassador Tier",
        groups="social_crm.group_social_crm_user",
    )
    ambassador_tier_color = fields.Integer(
        related="ambassador_tier_id.color", groups="social_crm.group_social_crm_user"
    )

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        # whoever creates the lead (a website form, a user without Social CRM rights), the tier decides
        leads.sudo()._raise_priority_from_ambassadors()
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
