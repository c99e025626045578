from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.ir_http import INTAKE_SCOPE


class SocialCrmIntakeKey(models.TransientModel):
    """Administrators generate the intake API key of an integration user, shown once."""

    _name = "social.crm.intake.key"
    _description = "Generate an Intake API Key"

    user_id = fields.Many2one(
        "res.users",
        string="Integration User",
        required=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("social_crm.group_social_crm_integration").ids)],
        help="A user of the group Social CRM / Integration; the key posts events in their name.",
    )
    name = fields.Char(string="Description", required=True, default=lambda self: self.env._("Listening intake"))
    expiration_date = fields.Datetime(help="Leave empty for a key that does not expire.")
    key = fields.Char(readonly=True)

    @api.constrains("expiration_date")
    def _check_expiration_date(self):
        for wizard in self:
            if wizard.expiration_date and wizard.expiration_date <= fields.Datetime.now():
                raise UserError(self.env._("The expiration date must be in the future."))

    def action_generate(self):
        self.ensure_one()
        if not self.env.user._is_system():
            raise AccessError(self.env._("Only administrators generate API keys."))
        if self.key:
            raise UserError(self.env._("This key was already generated; open the wizard again for another one."))
        if not self.user_id.has_group("social_crm.group_social_crm_integration"):
            raise UserError(
                self.env._("%(user)s is not in the group Social CRM / Integration.", user=self.user_id.name)
            )
        # _generate() makes the key of the environment's user; sudo() allows a key without expiry
        self.key = (
            self.env["res.users.apikeys"]
            .with_user(self.user_id)
            .sudo()
            ._generate(INTAKE_SCOPE, self.name, self.expiration_date or None)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "new",
        }
