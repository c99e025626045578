from datetime import timedelta

from odoo import api, fields, models

RECENT_QUESTION_DAYS = 90
RECENT_QUESTION_LIMIT = 10


class CrmLead(models.Model):
    _inherit = "crm.lead"

    forum_post_id = fields.Many2one(
        "forum.post",
        string="Forum Question",
        index="btree_not_null",
        ondelete="set null",
        domain=[("parent_id", "=", False)],
        help="The forum question this opportunity comes from.",
    )
    forum_question_ids = fields.Many2many(
        "forum.post",
        string="Recent Forum Questions",
        compute="_compute_forum_question_ids",
        help="Questions asked on the forum by the customer (and its contacts) "
        "during the last %s days." % RECENT_QUESTION_DAYS,
    )

    @api.depends("partner_id")
    def _compute_forum_question_ids(self):
        since = fields.Datetime.now() - timedelta(days=RECENT_QUESTION_DAYS)
        Post = self.env["forum.post"]
        for lead in self:
            commercial = lead.partner_id.commercial_partner_id
            if not commercial:
                lead.forum_question_ids = Post
                continue
            lead.forum_question_ids = Post.search(
                [
                    ("parent_id", "=", False),
                    ("create_uid.partner_id", "child_of", commercial.id),
                    ("create_date", ">=", since),
                ],
                limit=RECENT_QUESTION_LIMIT,
                order="create_date desc",
            )
