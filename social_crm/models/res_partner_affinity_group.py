from odoo import api, fields, models

from ..tools import precreate_relation


class ResPartner(models.Model):
    """Affinity groups and passions on the contact (one job: the partner side of groups)."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    community_group_membership_ids = fields.One2many(
        "social.affinity.membership",
        "partner_id",
        string="Group Memberships",
        groups="social_crm.group_social_crm_user",
    )
    # Stored so that the ambassadors view can filter and group by group.
    community_group_ids = fields.Many2many(
        "social.affinity.group",
        "social_affinity_group_res_partner_rel",
        "partner_id",
        "group_id",
        string="Affinity Groups",
        compute="_compute_community_group_ids",
        store=True,
        compute_sudo=True,
        groups="social_crm.group_social_crm_user",
        help="Groups this person joined.",
    )
    community_passions = fields.Char(
        string="Passions",
        compute="_compute_community_passions",
        groups="social_crm.group_social_crm_user",
        help="Passions of the groups this person joined.",
    )

    def _auto_init(self):
        # the memberships are new at the install: nobody has joined a group yet (the ORM would
        # write an empty relation for every partner, one by one)
        precreate_relation(self, "community_group_ids")
        return super()._auto_init()

    @api.depends("community_group_membership_ids.state", "community_group_membership_ids.group_id")
    def _compute_community_group_ids(self):
        for partner in self:
            partner.community_group_ids = partner.community_group_membership_ids.filtered(
                lambda m: m.state == "joined"
            ).group_id

    @api.depends("community_group_ids.passion")
    def _compute_community_passions(self):
        for partner in self:
            passions = dict.fromkeys(partner.sudo().community_group_ids.sorted("sequence").mapped("passion"))
            partner.community_passions = ", ".join(passions)

    def action_erase_community_data(self):
        # Memberships are community data too. They go first (compensating their join
        # points), then the erase removes the partners' whole ledger, compensations included;
        # a refused erase (not a manager) rolls the whole call back.
        self.sudo().community_group_membership_ids.unlink()
        return super().action_erase_community_data()

    def _get_community_export_data(self):
        data = super()._get_community_export_data()
        data["groups"] = [
            {
                "group": membership.group_id.name,
                "passion": membership.group_id.passion,
                "role": membership.role,
                "state": membership.state,
                "joined_on": membership.date_joined,
                "left_on": membership.date_left,
            }
            for membership in self.sudo().community_group_membership_ids
        ]
        return data
