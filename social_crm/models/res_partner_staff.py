from odoo import api, models


class ResPartner(models.Model):
    """Staff on the front line: the partners whose community role is *employee*.

    Their activity is scored (it is theirs) but they never hold a tier nor rank among
    customers (``_community_eligible_domain``); on public pages their answers carry a
    *Staff* badge, and the dashboard measures how fast they answer.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    @api.model
    def _community_staff_domain(self):
        """A staff member: a partner whose community role is employee."""
        return [("community_role", "=", "employee")]

    def _community_staff_ids(self):
        """Ids of the staff among these partners (read as superuser: the role is internal)."""
        partners = self.sudo().with_context(active_test=False)
        return set(partners.filtered_domain(self._community_staff_domain()).ids)
