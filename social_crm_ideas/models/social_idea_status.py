from odoo import fields, models


class SocialIdeaStatus(models.Model):
    """One status change of an idea, with the optional note of the staff member who made it:
    the idea's public status history (a reason is required to decline an idea)."""

    _name = "social.idea.status"
    _description = "Idea Status Change"
    _order = "date desc, id desc"
    _rec_name = "stage_id"

    idea_id = fields.Many2one("social.idea", required=True, index=True, ondelete="cascade")
    stage_id = fields.Many2one("social.idea.stage", "Status", required=True, ondelete="restrict")
    previous_stage_id = fields.Many2one("social.idea.stage", "Previous Status", ondelete="set null")
    note = fields.Text(help="Shown to everyone on the idea's status history, and in the e-mail to its voters.")
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one(
        "res.users", "Changed by", default=lambda self: self.env.user, readonly=True, groups="base.group_user"
    )
    stage_color = fields.Integer(related="stage_id.color")
    company_id = fields.Many2one(related="idea_id.company_id", store=True, index=True)
