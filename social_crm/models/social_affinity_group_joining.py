from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import rpc_safe


class SocialAffinityGroup(models.Model):
    """Joining, leaving and invitations: how a person becomes a member of a group (website,
    portal and RPC alike), safe under concurrent requests."""

    _inherit = "social.affinity.group"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    @api.returns("self", rpc_safe)
    def action_join(self):
        """Join these groups as the current user (website, portal, RPC).

        Joining twice is harmless; a private group needs a pending invitation, and a
        group the user cannot see raises an AccessError like any other record.
        Returns the states of the memberships, by group id.
        """
        partner = self._check_member_user()
        result = {}
        for group in self:
            membership = group._join_partner(partner, source="website")
            # no membership back: a concurrent request of the same person joined first
            result[group.id] = membership.state if membership else "joined"
        return result

    @api.returns("self", rpc_safe)
    def action_leave(self):
        """Leave these groups (or decline their invitation) as the current user."""
        partner = self._check_member_user()
        memberships = (
            self.env["social.affinity.membership"]
            .sudo()
            .search([("group_id", "in", self.ids), ("partner_id", "=", partner.id), ("state", "!=", "left")])
        )
        memberships._leave()
        return {group.id: "left" for group in self}

    def action_invite_by_email(self, email):
        """A leader (or a Social CRM user) invites a person with an account, by e-mail.

        Returns the same neutral message whether the address is known or not, so that the
        form cannot be used to find out who has an account.
        """
        self.ensure_one()
        self._check_can_invite()
        email = (email or "").strip().lower()
        if not email or "@" not in email or len(email) > 254:
            raise UserError(self.env._("Please give a valid e-mail address."))
        user = (
            self.env["res.users"]
            .sudo()
            .search(["|", ("login", "=ilike", email), ("partner_id.email", "=ilike", email)], limit=1)
        )
        if user:
            self._invite_partners(user.partner_id, source="invitation")
        return {
            "message": self.env._(
                "If %(email)s belongs to one of our customers, they received your invitation.", email=email
            )
        }

    def _check_member_user(self):
        """The partner of the current user, who must be logged in and see these groups."""
        if self.env.user._is_public():
            raise AccessError(self.env._("Log in to join a group."))
        self.check_access("read")
        return self.env.user.partner_id

    def _is_leader(self, partner):
        self.ensure_one()
        return bool(
            self.env["social.affinity.membership"]
            .sudo()
            .search_count(
                [
                    ("group_id", "=", self.id),
                    ("partner_id", "=", partner.id),
                    ("role", "=", "leader"),
                    ("state", "=", "joined"),
                ],
                limit=1,
            )
        )

    def _check_can_invite(self):
        self.ensure_one()
        if self.env.su or self.env.user.has_group("social_crm.group_social_crm_user"):
            return
        self.check_access("read")
        if not self._is_leader(self.env.user.partner_id):
            raise AccessError(self.env._("Only the leaders of the group can invite people."))

    def _join_partner(self, partner, source="website"):
        """Make ``partner`` a member: idempotent, safe under concurrent requests."""
        self.ensure_one()
        group = self.sudo()
        Membership = self.env["social.affinity.membership"].sudo()
        membership = Membership.search([("group_id", "=", group.id), ("partner_id", "=", partner.id)])
        if membership.state == "joined":
            return membership
        if not (group.active and group.is_published) and not self.env.user._is_internal():
            raise UserError(self.env._("The group “%(group)s” is not open yet.", group=group.name))
        if group.visibility == "private" and membership.state != "invited":
            raise AccessError(
                self.env._("The group “%(group)s” is private: you can join it only by invitation.", group=group.name)
            )
        if membership:
            membership._join()
            return membership
        return Membership._create_joined(group, partner, source)

    def _invite_partners(self, partners, source="invitation"):
        """Invite partners who are not members yet; returns the pending invitations."""
        self.ensure_one()
        Membership = self.env["social.affinity.membership"].sudo()
        existing = Membership.search([("group_id", "=", self.id), ("partner_id", "in", partners.ids)])
        invited = existing.filtered(lambda m: m.state == "invited")
        to_reinvite = existing.filtered(lambda m: m.state == "left")
        to_reinvite.write({"state": "invited", "date_invited": fields.Datetime.now(), "invited_by_id": self.env.uid})
        new_partners = partners - existing.partner_id
        created = Membership.create(
            [
                {
                    "group_id": self.id,
                    "partner_id": partner.id,
                    "state": "invited",
                    "source": source,
                    "invited_by_id": self.env.uid,
                }
                for partner in new_partners
            ]
        )
        return invited | to_reinvite | created
