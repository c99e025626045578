from odoo import api, models


class ForumPostVote(models.Model):
    _inherit = "forum.post.vote"

    @api.model_create_multi
    def create(self, vals_list):
        votes = super().create(vals_list)
        self.env["forum.post"]._social_crm_sync_engagement(votes=votes)
        return votes

    def write(self, vals):
        res = super().write(vals)
        if "vote" in vals or "post_id" in vals or "user_id" in vals:
            self.env["forum.post"]._social_crm_sync_engagement(votes=self)
        return res

    def unlink(self):
        self.env["forum.post"]._social_crm_sync_engagement(votes=self, removed=True)
        return super().unlink()
