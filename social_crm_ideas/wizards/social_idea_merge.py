from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class SocialIdeaMerge(models.TransientModel):
    _name = "social.idea.merge"
    _description = "Merge Duplicate Ideas"

    idea_ids = fields.Many2many("social.idea", string="Ideas", required=True)
    target_id = fields.Many2one(
        "social.idea",
        "Keep",
        required=True,
        domain="[('id', 'in', idea_ids), ('merged_into_id', '=', False)]",
        help="The idea that stays; the others are folded into it.",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        active_ids = self.env.context.get("active_ids") or []
        if self.env.context.get("active_model") == "social.idea" and active_ids:
            ideas = self.env["social.idea"].browse(active_ids)
            res["idea_ids"] = [Command.set(ideas.ids)]
            res["target_id"] = ideas.sorted(lambda i: (-i.vote_count, i.id))[:1].id
        return res

    def action_merge(self):
        self.ensure_one()
        if not self.env.user.has_group("social_crm.group_social_crm_manager"):
            raise UserError(self.env._("Only Social CRM managers can merge ideas."))
        sources = self.idea_ids - self.target_id
        if not sources:
            raise UserError(self.env._("Choose at least one other idea to merge into the kept one."))
        sources._merge_into(self.target_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "social.idea",
            "res_id": self.target_id.id,
            "view_mode": "form",
            "target": "current",
        }
