from odoo import api, fields, models
from odoo.exceptions import UserError


class ForumPost(models.Model):
    """Forum posts on the CRM side: official answers and the opportunities of a question.

    Engagement: ``forum_post_engagement.py``; buying signals: ``forum_post_signal.py``;
    escalation of unanswered questions: ``forum_post_escalation.py``.
    """

    _inherit = "forum.post"

    is_official_answer = fields.Boolean(
        "Official Answer",
        compute="_compute_is_official_answer",
        compute_sudo=True,
        help="Answer written by an employee (internal user) of the company.",
    )
    lead_ids = fields.One2many(
        "crm.lead",
        "forum_post_id",
        string="Opportunities",
        groups="sales_team.group_sale_salesman",
    )
    lead_count = fields.Integer(
        "Opportunity Count",
        compute="_compute_lead_count",
        groups="sales_team.group_sale_salesman",
    )

    @api.depends("parent_id", "create_uid.share")
    def _compute_is_official_answer(self):
        for post in self:
            post.is_official_answer = bool(post.parent_id and post.create_uid and not post.create_uid.share)

    @api.depends("lead_ids")
    def _compute_lead_count(self):
        counts = dict(
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group([("forum_post_id", "in", self.ids)], ["forum_post_id"], ["__count"])
        )
        for post in self:
            post.lead_count = counts.get(post, 0)

    def action_create_opportunity(self):
        """Create (or open) the opportunity of a question, for the asker's company."""
        self.ensure_one()
        if self.parent_id:
            raise UserError(self.env._("Opportunities are created from questions, not answers."))
        self.env["crm.lead"].check_access("create")
        lead = self.lead_ids[:1]
        if not lead:
            lead = self._social_crm_create_leads(self.forum_id.crm_team_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "view_mode": "form",
            "res_id": lead.id,
        }

    def action_view_opportunities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [("forum_post_id", "=", self.id)]
        action["context"] = {"default_forum_post_id": self.id, "active_test": False}
        return action

    def _social_crm_create_leads(self, team, signal=False):
        """One opportunity per question, for its asker; ``signal``: opened by a buying signal."""
        Lead = self.env["crm.lead"]
        if signal:
            # created on behalf of the asker (a portal user): no salesperson from the env
            Lead = Lead.sudo()
        vals_list = []
        for question in self:
            author = question.sudo().create_uid.partner_id
            tags = question.tag_ids.filtered("is_buying_signal") if signal else question.tag_ids
            vals = {
                "name": self.env._("Forum: %(title)s", title=question.name or ""),
                "type": "opportunity",
                "partner_id": author.id,
                "forum_post_id": question.id,
                "description": question.plain_content or False,
            }
            if team:
                vals["team_id"] = team.id
            if signal:
                vals["user_id"] = team.user_id.id if team else False
                vals["description"] = "%s\n\n%s" % (
                    self.env._("Buying signal on the forum: %(tags)s", tags=", ".join(tags.mapped("name"))),
                    question.plain_content or "",
                )
            vals_list.append(vals)
        return Lead.create(vals_list)
