from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class SocialMentionLink(models.TransientModel):
    """Inbox: link unattributed mentions to a contact (chosen, suggested or new)."""

    _name = "social.mention.link"
    _description = "Link Mentions to a Contact"

    mention_ids = fields.Many2many("social.mention", string="Mentions", required=True)
    author_summary = fields.Char(compute="_compute_author_summary")
    partner_id = fields.Many2one("res.partner", string="Contact")
    suggestion_ids = fields.One2many("social.mention.link.suggestion", "wizard_id", string="Suggestions")

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards.filtered(lambda w: not w.suggestion_ids):
            wizard.suggestion_ids = [
                Command.create({"partner_id": partner.id, "reason": reason})
                for partner, reason in wizard.mention_ids._social_crm_suggestions()
            ]
        return wizards

    @api.depends("mention_ids")
    def _compute_author_summary(self):
        for wizard in self:
            authors = {
                ", ".join(filter(None, (m.author_name, m.author_handle and f"@{m.author_key}", m.author_email)))
                for m in wizard.mention_ids
            }
            wizard.author_summary = "; ".join(sorted(a for a in authors if a))

    def action_link(self):
        self.ensure_one()
        if not self.partner_id:
            raise UserError(self.env._("Choose the contact to link these mentions to."))
        linked = self.mention_ids._social_crm_link_partner(self.partner_id)
        return self._social_crm_done(linked)

    def action_create_partner(self):
        self.ensure_one()
        partner = self.mention_ids._social_crm_create_partner()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": partner.id,
            "views": [(False, "form")],
        }

    def _social_crm_done(self, linked):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s mention(s) linked to %(partner)s.",
                    count=len(linked),
                    partner=self.partner_id.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }


class SocialMentionLinkSuggestion(models.TransientModel):
    _name = "social.mention.link.suggestion"
    _description = "Likely Author of a Mention"

    wizard_id = fields.Many2one("social.mention.link", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Contact", required=True, ondelete="cascade")
    reason = fields.Char(string="Why")
    partner_email = fields.Char(related="partner_id.email")
    partner_company_name = fields.Char(related="partner_id.commercial_partner_id.name", string="Company")

    def action_link(self):
        self.ensure_one()
        self.wizard_id.partner_id = self.partner_id
        return self.wizard_id.action_link()
