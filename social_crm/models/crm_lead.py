from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import precreate_column


class CrmLead(models.Model):
    _inherit = "crm.lead"

    ambassador_partner_id = fields.Many2one(
        "res.partner",
        string="Community Customer",
        related="partner_id.commercial_partner_id",
    )
    # The customer's score and tier, stored so that the pipeline can be grouped and sorted by
    # tier. Computed when the lead's customer changes; kept current, set-based, when the
    # customer's score or tier changes (_social_crm_sync_community, called by the scoring).
    ambassador_score = fields.Float(
        compute="_compute_ambassador_standing",
        store=True,
        readonly=True,
        digits=(16, 2),
        aggregator="max",
        groups="social_crm.group_social_crm_user",
    )
    ambassador_tier_id = fields.Many2one(
        "social.ambassador.tier",
        compute="_compute_ambassador_standing",
        store=True,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        groups="social_crm.group_social_crm_user",
    )
    ambassador_tier_color = fields.Integer(
        related="ambassador_tier_id.color", groups="social_crm.group_social_crm_user"
    )

    def _auto_init(self):
        # at the install no customer has a score or a tier yet: nothing to compute per lead
        precreate_column(self, "ambassador_score", 0)
        precreate_column(self, "ambassador_tier_id")
        return super()._auto_init()

    @api.depends("partner_id.commercial_partner_id")
    def _compute_ambassador_standing(self):
        for lead in self:
            customer = lead.partner_id.commercial_partner_id.sudo()
            lead.ambassador_score = customer.ambassador_score
            lead.ambassador_tier_id = customer.ambassador_tier_id

    @api.model
    def _social_crm_sync_community(self, partner_ids):
        """Copy the score and tier of these customers (commercial partners) to their leads,
        in one statement; only the leads whose values change are written."""
        partner_ids = [pid for pid in partner_ids if pid]
        if not partner_ids:
            return
        self.env["res.partner"].flush_model(["ambassador_score", "ambassador_tier_id", "commercial_partner_id"])
        self.flush_model(["partner_id", "ambassador_score", "ambassador_tier_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_lead l
                   SET ambassador_score = c.ambassador_score,
                       ambassador_tier_id = c.ambassador_tier_id
                  FROM res_partner lp
                  JOIN res_partner c ON c.id = lp.commercial_partner_id
                 WHERE l.partner_id = lp.id
                   AND lp.commercial_partner_id = ANY(%(ids)s)
                   AND (l.ambassador_score IS DISTINCT FROM c.ambassador_score
                        OR l.ambassador_tier_id IS DISTINCT FROM c.ambassador_tier_id)
                """,
                ids=partner_ids,
            )
        )
        if self.env.cr.rowcount:
            self.invalidate_model(["ambassador_score", "ambassador_tier_id"])

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
