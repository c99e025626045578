from odoo import Command, api, fields, models
from odoo.exceptions import UserError

# context key carrying the staff note of a status change (the Change Status wizard sets it)
STATUS_NOTE_KEY = "social_crm_ideas_status_note"


class SocialIdea(models.Model):
    """Status changes as a timeline: each change of status is a row of the idea's status
    history, with an optional note from staff (required to decline an idea); the voters and
    followers get the stage's e-mail, and no comment is posted on the idea."""

    _inherit = "social.idea"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    status_change_ids = fields.One2many("social.idea.status", "idea_id", "Status History", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        ideas = super().create(vals_list)
        self.env["social.idea.status"].sudo().create(
            [{"idea_id": idea.id, "stage_id": idea.stage_id.id} for idea in ideas]
        )
        return ideas

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        stage = self.env["social.idea.stage"].browse(vals["stage_id"])
        note = (self.env.context.get(STATUS_NOTE_KEY) or "").strip()
        changed = self.filtered(lambda idea: idea.stage_id != stage)
        if changed and stage._is_declined() and not note and not self.env.su:
            raise UserError(
                self.env._(
                    "Give the customers a reason to decline “%(idea)s”: use Change Status.",
                    idea=changed[0].name,
                )
            )
        previous = {idea.id: idea.stage_id.id for idea in changed}
        res = super().write(vals)
        if changed:
            self.env["social.idea.status"].sudo().create(
                [
                    {
                        "idea_id": idea.id,
                        "stage_id": stage.id,
                        "previous_stage_id": previous[idea.id],
                        "note": note or False,
                    }
                    for idea in changed
                ]
            )
            changed._notify_stage_change()
        return res

    def _notify_stage_change(self):
        """Mail the stage's template to the voters and followers, one e-mail each, without a
        comment on the idea (its status history shows the change)."""
        for idea in self.sudo():
            template = idea.stage_id.mail_template_id
            recipients = idea.vote_ids.partner_id | idea.message_partner_ids
            recipients = recipients.filtered("email")
            if not template or not recipients:
                continue
            template.send_mail(
                idea.id,
                email_values={"recipient_ids": [Command.set(recipients.ids)]},
                email_layout_xmlid="mail.mail_notification_light",
            )
