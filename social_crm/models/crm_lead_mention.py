from odoo import fields, models

LEAD_MENTION_LIMIT = 10


class CrmLead(models.Model):
    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    social_crm_mention_ids = fields.One2many(
        "social.mention",
        compute="_compute_social_crm_mention_ids",
        string="Recent Mentions",
        groups="social_crm.group_social_crm_user",
        help="What the customer's people said lately on the channels we listen to (only people "
        "who consented to be contacted), and the conversations that fed this lead.",
    )

    def _compute_social_crm_mention_ids(self):
        Mention = self.env["social.mention"]
        for lead in self:
            customer = lead.partner_id.commercial_partner_id
            fed = [("lead_id", "=", lead.id)] if lead.id else []
            said = (
                [
                    "&",
                    ("partner_id", "child_of", customer.id),
                    ("partner_id.community_contact_consent", "=", True),
                ]
                if customer
                else []
            )
            if not fed and not said:
                lead.social_crm_mention_ids = Mention
                continue
            domain = ["|", *fed, *said] if fed and said else fed or said
            lead.social_crm_mention_ids = Mention.search(
                [("status", "!=", "ignored"), *domain], limit=LEAD_MENTION_LIMIT
            )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("partner_id"):
            self._social_crm_attribute_mentions()
        return res

    def _social_crm_attribute_mentions(self):
        """A lead that got its contact attributes the conversations it carried."""
        mentions = (
            self.env["social.mention"]
            .sudo()
            .search([("lead_id", "in", self.ids), ("partner_id", "=", False), ("status", "!=", "ignored")])
        )
        for lead, carried in mentions.grouped("lead_id").items():
            if lead.partner_id:
                carried._social_crm_link_partner(lead.partner_id)
