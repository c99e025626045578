from odoo import models

# partner columns copied to the leads of the customer
LEAD_STANDING_FIELDS = {"ambassador_score", "ambassador_tier_id"}


class ResPartner(models.Model):
    """The leads carry their customer's score and tier (stored, for grouping the pipeline by
    tier): every write of those columns, whatever path computed them, reaches the leads."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    def _write_multi(self, vals_list):
        # the ORM writes stored (computed) values here when it flushes them
        res = super()._write_multi(vals_list)  # pylint: disable=assignment-from-none
        if any(LEAD_STANDING_FIELDS.intersection(vals) for vals in vals_list):
            self.env["crm.lead"]._social_crm_sync_community(self.ids)
        return res
