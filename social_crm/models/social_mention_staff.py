from odoo import api, fields, models


class SocialMention(models.Model):
    """Staff on the front line: mentions written by our staff (replies in a conversation)."""

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.mention"  # pylint: disable=consider-merging-classes-inherited

    is_staff_reply = fields.Boolean(
        string="By Staff",
        compute="_compute_is_staff_reply",
        help="Written by our staff: the source says so, or the author's community role is employee.",
    )
    staff_badge = fields.Char(string="Staff", compute="_compute_is_staff_reply")

    @api.depends("author_is_staff", "partner_id.community_role")
    def _compute_is_staff_reply(self):
        staff = self.partner_id._community_staff_ids()
        for mention in self:
            mention.is_staff_reply = mention.author_is_staff or mention.partner_id.id in staff
            mention.staff_badge = self.env._("Staff") if mention.is_staff_reply else False
