from odoo import api, fields, models


class ForumPost(models.Model):
    """Buying signals: a new question with a buying-signal tag opens an opportunity."""

    # one job per file (docs/ARCHITECTURE.md), against OCA's advice to merge the inheriting classes
    _inherit = "forum.post"  # pylint: disable=consider-merging-classes-inherited

    social_crm_signal_lead_done = fields.Boolean(
        "Buying Signal Handled",
        readonly=True,
        copy=False,
        help="An opportunity was already created automatically from a buying-signal tag.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        posts = super().create(vals_list)
        posts._social_crm_create_signal_leads()
        return posts

    def write(self, vals):
        res = super().write(vals)
        if {"state", "tag_ids", "active"}.intersection(vals):
            self._social_crm_create_signal_leads()
        return res

    def _social_crm_create_signal_leads(self):
        """Open one opportunity per new question carrying a buying-signal tag."""
        questions = self.sudo().filtered(
            lambda p: (
                not p.parent_id
                and p.active
                and p.state == "active"
                and not p.social_crm_signal_lead_done
                and any(tag.is_buying_signal for tag in p.tag_ids)
            )
        )
        if not questions:
            return self.env["crm.lead"]
        questions.social_crm_signal_lead_done = True
        leads = self.env["crm.lead"]
        for forum, forum_questions in questions.grouped("forum_id").items():
            leads |= forum_questions._social_crm_create_leads(forum.crm_team_id, signal=True)
        return leads
