from odoo.addons.social_crm.controllers.groups import AffinityGroups


class AffinityGroupsForum(AffinityGroups):
    """The group page lists the latest questions under the group's forum tags."""

    def _group_page_values(self, group, *args, **kwargs):
        values = super()._group_page_values(group, *args, **kwargs)
        values["recent_questions"] = group._get_recent_forum_questions()
        return values
