from psycopg2.errors import UniqueViolation

from odoo import models
from odoo.tools import SQL, mute_logger


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _social_crm_tier_promoted(self):
        """Grant the coupon of the new tier's loyalty program, once per member and tier."""
        res = super()._social_crm_tier_promoted()
        self._social_crm_grant_tier_coupons()
        return res

    def _social_crm_grant_tier_coupons(self):
        partners = self.sudo().filtered(lambda p: p.ambassador_tier_id.loyalty_program_id)
        if not partners:
            return
        Card = self.env["loyalty.card"].sudo()
        Card.flush_model(["partner_id", "social_crm_tier_id"])
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, social_crm_tier_id FROM loyalty_card"
                " WHERE partner_id = ANY(%s) AND social_crm_tier_id = ANY(%s)",
                partners.ids,
                partners.ambassador_tier_id.ids,
            )
        )
        granted = set(self.env.cr.fetchall())
        for partner in partners:
            tier = partner.ambassador_tier_id
            if (partner.id, tier.id) in granted:
                continue
            # the program's own mail announces the coupon: only to members who accept contact
            card = Card.with_context(loyalty_no_mail=not partner.community_contact_consent)
            try:
                # no flush: this runs in the commit's pre-commit phase (tier tracking), where a
                # flushing savepoint would run and clear the pre-commit hooks, and every other
                # partner promoted in the same commit would lose its coupon and promotion mail; a
                # concurrent grant is expected here, not an error for the log (as account does)
                with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                    card.create(
                        {
                            "program_id": tier.loyalty_program_id.id,
                            "partner_id": partner.id,
                            "points": tier.loyalty_points,
                            "social_crm_tier_id": tier.id,
                        }
                    ).flush_recordset()
            except UniqueViolation:
                continue  # a concurrent promotion granted it: once is enough
