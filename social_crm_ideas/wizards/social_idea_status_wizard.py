from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.social_idea_status_history import STATUS_NOTE_KEY


class SocialIdeaStatusWizard(models.TransientModel):
    _name = "social.idea.status.wizard"
    _description = "Change the Status of an Idea"

    idea_id = fields.Many2one("social.idea", required=True, readonly=True)
    current_stage_id = fields.Many2one(related="idea_id.stage_id", string="Current Status")
    stage_id = fields.Many2one("social.idea.stage", "New Status", required=True)
    note = fields.Text(
        help="Shown on the idea's public status history and in the e-mail to its voters. Required to decline an idea."
    )
    note_required = fields.Boolean(compute="_compute_note_required")

    @api.depends("stage_id")
    def _compute_note_required(self):
        for wizard in self:
            wizard.note_required = wizard.stage_id._is_declined()

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "social.idea" and self.env.context.get("active_id"):
            res["idea_id"] = self.env.context["active_id"]
        return res

    def action_confirm(self):
        self.ensure_one()
        note = (self.note or "").strip()
        if self.stage_id._is_declined() and not note:
            raise UserError(self.env._("Give the customers a reason to decline this idea."))
        if self.stage_id == self.idea_id.stage_id:
            raise UserError(self.env._("The idea already has this status."))
        self.idea_id.with_context(**{STATUS_NOTE_KEY: note}).write({"stage_id": self.stage_id.id})
        return {"type": "ir.actions.act_window_close"}
