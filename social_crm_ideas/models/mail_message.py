from odoo import models


class MailMessage(models.Model):
    """Staff on the front line: comments of staff members on ideas carry a *Staff* badge."""

    _inherit = "mail.message"

    def _portal_message_format(self, properties_names, options=None):
        vals_list = super()._portal_message_format(properties_names, options=options)
        on_ideas = self.filtered(lambda message: message.model == "social.idea")
        # sudo: the community role is internal; only the flag leaves the server
        staff = on_ideas.sudo().author_id._community_staff_ids()
        for values in vals_list:
            author_id = (values.get("author") or {}).get("id")
            values["social_crm_staff"] = values.get("model") == "social.idea" and author_id in staff
        return vals_list
