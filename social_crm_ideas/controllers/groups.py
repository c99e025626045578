from odoo.addons.social_crm.controllers.groups import AffinityGroups


class AffinityGroupsIdeas(AffinityGroups):
    """The group page lists the latest ideas under the group's idea tags."""

    def _group_page_values(self, group, *args, **kwargs):
        values = super()._group_page_values(group, *args, **kwargs)
        values["recent_ideas"] = group._get_recent_ideas()
        return values
