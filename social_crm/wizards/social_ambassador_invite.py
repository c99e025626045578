from odoo import api, fields, models
from odoo.exceptions import UserError


class SocialAmbassadorInvite(models.TransientModel):
    _name = "social.ambassador.invite"
    _description = "Invite to the Ambassador Program"

    partner_ids = fields.Many2many("res.partner", string="Selected Contacts")
    group_id = fields.Many2one(
        "social.affinity.group",
        string="Members of Group",
        help="Invite the members of this affinity group (those who joined it) instead of the selected contacts.",
    )
    eligible_partner_ids = fields.Many2many(
        "res.partner",
        "social_ambassador_invite_eligible_rel",
        string="Will Be Invited",
        compute="_compute_eligibility",
    )
    no_consent_count = fields.Integer(compute="_compute_eligibility")
    no_email_count = fields.Integer(compute="_compute_eligibility")
    skipped_summary = fields.Char(compute="_compute_eligibility")
    template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain=[("model", "=", "res.partner")],
        default=lambda self: self.env.ref("social_crm.mail_template_ambassador_invite", raise_if_not_found=False),
        required=True,
    )

    @api.depends("partner_ids", "group_id")
    def _compute_eligibility(self):
        for wizard in self:
            partners = wizard._candidate_partners()
            no_consent = partners.filtered(lambda p: not p.community_contact_consent)
            no_email = (partners - no_consent).filtered(lambda p: not p.email)
            wizard.eligible_partner_ids = partners - no_consent - no_email
            wizard.no_consent_count = len(no_consent)
            wizard.no_email_count = len(no_email)
            wizard.skipped_summary = wizard._skipped_message(len(no_consent), len(no_email))

    def _candidate_partners(self):
        self.ensure_one()
        if self.group_id:
            return (
                self.group_id.sudo()
                .membership_ids.filtered(lambda m: m.state == "joined")
                .partner_id.with_env(self.env)
            )
        return self.partner_ids

    def _skipped_message(self, no_consent, no_email):
        parts = []
        if no_consent:
            parts.append(self.env._("%(count)s without contact consent", count=no_consent))
        if no_email:
            parts.append(self.env._("%(count)s without an email address", count=no_email))
        if not parts:
            return ""
        return self.env._("Skipped: %(reasons)s.", reasons=", ".join(parts))

    def action_send(self):
        self.ensure_one()
        partners = self.eligible_partner_ids
        if not partners:
            raise UserError(
                self.env._(
                    "Nobody to invite. %(summary)s",
                    summary=self.skipped_summary or "",
                )
            )
        self.template_id.send_mail_batch(partners.ids)
        note = self.env._("Invited to the ambassador program (%(template)s).", template=self.template_id.name)
        partners._message_log_batch(bodies=dict.fromkeys(partners.ids, note))
        message = self.env._("Invitation sent to %(count)s contact(s).", count=len(partners))
        if self.skipped_summary:
            message = f"{message} {self.skipped_summary}"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if self.skipped_summary else "success",
                "message": message,
                "sticky": bool(self.skipped_summary),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
