from collections import defaultdict

from odoo import api, fields, models


class CrmLead(models.Model):
    """The customer's affinity groups on the lead: "this company's people ride gravel"."""

    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    community_group_ids = fields.Many2many(
        "social.affinity.group",
        string="Customer's Groups",
        compute="_compute_community_group_ids",
        groups="social_crm.group_social_crm_user",
        help="Affinity groups joined by the customer's people (the company and its contacts).",
    )
    community_group_summary = fields.Char(
        string="Community Groups",
        compute="_compute_community_group_ids",
        groups="social_crm.group_social_crm_user",
    )

    @api.depends("partner_id.commercial_partner_id")
    def _compute_community_group_ids(self):
        commercials = self.partner_id.commercial_partner_id
        members = defaultdict(lambda: defaultdict(int))
        if commercials:
            # one query for all the leads: memberships of everyone in the customers' families
            for membership in (
                self.env["social.affinity.membership"]
                .sudo()
                .search(
                    [("state", "=", "joined"), ("partner_id.commercial_partner_id", "in", commercials.ids)],
                    order="group_id",
                )
            ):
                members[membership.partner_id.commercial_partner_id.id][membership.group_id] += 1
        Group = self.env["social.affinity.group"]
        for lead in self:
            by_group = members.get(lead.partner_id.commercial_partner_id.id, {})
            ranked = sorted(by_group.items(), key=lambda item: (-item[1], item[0].name))
            lead.community_group_ids = Group.browse([group.id for group, _count in ranked])
            lead.community_group_summary = ", ".join(f"{group.name} ({count})" for group, count in ranked)
