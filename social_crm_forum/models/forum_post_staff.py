from odoo import fields, models


class ForumPost(models.Model):
    """Staff on the front line: answers written by a staff member carry a *Staff* badge."""

    _inherit = "forum.post"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    social_crm_staff_author = fields.Boolean(
        string="Written by Staff",
        compute="_compute_social_crm_staff_author",
        help="The author's community role is employee: the website shows a Staff badge.",
    )

    def _compute_social_crm_staff_author(self):
        # the community role is internal: read it as superuser, expose only this flag
        authors = self.sudo().create_uid.partner_id
        staff = authors._community_staff_ids()
        for post in self:
            post.social_crm_staff_author = post.sudo().create_uid.partner_id.id in staff
