from odoo import fields, models


class SocialIdeaStage(models.Model):
    _name = "social.idea.stage"
    _description = "Idea Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    fold = fields.Boolean("Folded in Kanban", help="Folded in the kanban view and hidden from the stage filter.")
    is_closed = fields.Boolean(
        "Closed",
        help="Ideas in this stage no longer accept votes, and their votes are given back to the voters' budget.",
    )
    is_adopted = fields.Boolean(
        "Adopted",
        help="Reaching this stage records adoption engagement for the author and the voters.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        "Notification Template",
        domain=[("model", "=", "social.idea")],
        help="E-mail sent to the voters and followers when an idea reaches this stage.",
    )
    color = fields.Integer("Badge Color")

    def _is_declined(self):
        """Declining an idea: closing it without adopting it (a reason is then required)."""
        return bool(self) and self.is_closed and not self.is_adopted
