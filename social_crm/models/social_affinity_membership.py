import logging

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

# Engagement type of a join (data/social_affinity_group_data.xml): earned once per group.
JOIN_TYPE_CODE = "group_joined"
UNIQUE_CONSTRAINT = "social_affinity_membership_group_partner_uniq"


class SocialAffinityMembership(models.Model):
    """A partner in an affinity group: invited, joined or left, as a member or a leader.

    One row per (group, partner), kept when the partner leaves so that a rejoin reuses it:
    its join event in the ledger stays the same origin, which is what makes joining
    earn once per group however often someone leaves and comes back.
    """

    _name = "social.affinity.membership"
    _description = "Affinity Group Membership"
    _inherit = ["mail.thread"]
    _order = "group_id, role desc, date_joined desc, id desc"

    group_id = fields.Many2one("social.affinity.group", required=True, index=True, ondelete="cascade", tracking=True)
    partner_id = fields.Many2one("res.partner", string="Member", required=True, index=True, ondelete="cascade")
    role = fields.Selection(
        [("member", "Member"), ("leader", "Leader")], required=True, default="member", tracking=True
    )
    state = fields.Selection(
        [("invited", "Invited"), ("joined", "Joined"), ("left", "Left")],
        required=True,
        default="joined",
        index=True,
        tracking=True,
    )
    date_joined = fields.Datetime("Joined On", readonly=True, copy=False, tracking=True)
    date_left = fields.Datetime("Left On", readonly=True, copy=False, tracking=True)
    date_invited = fields.Datetime("Invited On", readonly=True, copy=False, groups="base.group_user")
    source = fields.Selection(
        [
            ("website", "Website"),
            ("invitation", "Invitation"),
            ("backend", "Backend"),
            ("import", "Import"),
        ],
        required=True,
        default="backend",
        groups="base.group_user",
        help="Where the membership started.",
    )
    invited_by_id = fields.Many2one("res.users", readonly=True, groups="base.group_user")
    company_id = fields.Many2one(related="group_id.company_id", store=True, index=True)
    passion = fields.Char(related="group_id.passion")
    group_visibility = fields.Selection(related="group_id.visibility", string="Visibility")

    _sql_constraints = [
        ("group_partner_uniq", "unique (group_id, partner_id)", "This person already has a membership in this group."),
    ]

    @api.depends("partner_id", "group_id")
    def _compute_display_name(self):
        for membership in self.sudo():
            membership.display_name = f"{membership.partner_id.name} — {membership.group_id.name}"

    @api.constrains("role", "state")
    def _check_leader_joined(self):
        if any(m.role == "leader" and m.state != "joined" for m in self):
            raise ValidationError(self.env._("Only members who joined the group can lead it."))

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        now = fields.Datetime.now()
        for vals in vals_list:
            state = vals.setdefault("state", "joined")
            if state == "joined":
                vals.setdefault("date_joined", now)
            elif state == "invited":
                vals.setdefault("date_invited", now)
                vals.setdefault("invited_by_id", self.env.uid)
        self._check_private_joins(vals_list)
        memberships = super(SocialAffinityMembership, self.with_context(mail_create_nosubscribe=True)).create(vals_list)
        memberships._social_crm_sync_engagement()
        memberships.filtered(lambda m: m.state == "invited")._send_invitations()
        return memberships.with_env(self.env)

    def write(self, vals):
        if {"group_id", "partner_id"} & set(vals) and not self.env.su:
            raise UserError(self.env._("A membership cannot be moved: remove it and add another one."))
        invited = self.browse()
        if "state" in vals:
            now = fields.Datetime.now()
            if vals["state"] == "joined":
                self._check_private_joins([dict(vals, group_id=m.group_id.id, previous=m.state) for m in self])
                vals.setdefault("date_joined", now)
                vals.setdefault("date_left", False)
            elif vals["state"] == "left":
                vals.setdefault("date_left", now)
                vals.setdefault("role", "member")
            elif vals["state"] == "invited":
                vals.setdefault("date_invited", now)
                invited = self.filtered(lambda m: m.state != "invited")
        res = super().write(vals)
        if {"state", "date_joined", "group_id", "partner_id"} & set(vals):
            self._social_crm_sync_engagement()
        invited._send_invitations()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_compensate_engagement(self):
        self._social_crm_sync_engagement(removed=True)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_private_joins(self, vals_list):
        """Nobody joins a private group without an invitation, staff included.

        Staff invite (state "invited"); the person accepts on the website. Only
        installation data (superuser) may create joined members of a private group.
        """
        if self.env.su:
            return
        group_ids = {vals.get("group_id") for vals in vals_list if vals.get("state") == "joined"}
        private = (
            self.env["social.affinity.group"].sudo().browse(group_ids).filtered(lambda g: g.visibility == "private")
        )
        for vals in vals_list:
            if (
                vals.get("state") == "joined"
                and vals.get("group_id") in private.ids
                and vals.get("previous") != "invited"
            ):
                raise ValidationError(
                    self.env._(
                        "“%(group)s” is private: invite people, they join it by accepting the invitation.",
                        group=private.browse(vals["group_id"]).name,
                    )
                )

    @api.model
    def _create_joined(self, group, partner, source):
        """Create the joined membership of ``partner``; a concurrent join of the same
        person (the unique constraint) counts as done, not as an error."""
        try:
            with self.env.cr.savepoint():
                return self.sudo().create(
                    {"group_id": group.id, "partner_id": partner.id, "state": "joined", "source": source}
                )
        except UniqueViolation as error:
            if error.diag.constraint_name != UNIQUE_CONSTRAINT:
                raise
            _logger.info("Concurrent join of partner %s to group %s: already joined", partner.id, group.id)
            return self.browse()

    def _join(self):
        self.sudo().write({"state": "joined"})

    def _leave(self):
        self.sudo().write({"state": "left"})

    def _send_invitations(self):
        """E-mail the invitation to the people who accept to be contacted (others see it on
        their portal page only)."""
        template = self.env.ref("social_crm.mail_template_group_invitation", raise_if_not_found=False)
        if not template:
            return
        recipients = self.sudo().filtered(lambda m: m.partner_id.community_contact_consent and m.partner_id.email)
        if recipients:
            template.sudo().send_mail_batch(recipients.ids)

    # ------------------------------------------------------------------
    # Engagement (the one place where memberships meet the ledger)
    # ------------------------------------------------------------------

    def _social_crm_sync_engagement(self, removed=False):
        """State what these memberships are worth in the ledger: one join event while joined.

        ``sync_events`` makes it idempotent and reversible: leaving compensates, rejoining
        records again, and the net points of a membership never exceed one join.
        """
        memberships = self.sudo()
        if not memberships:
            return {"recorded": 0, "compensated": 0}
        events = []
        if not removed:
            events = [
                {
                    "partner_id": membership.partner_id.id,
                    "type_code": JOIN_TYPE_CODE,
                    "res_model": self._name,
                    "res_id": membership.id,
                    "date": membership.date_joined or fields.Datetime.now(),
                    "company_id": membership.company_id.id,
                }
                for membership in memberships
                if membership.state == "joined"
            ]
        return (
            self.env["social.engagement"]
            .sudo()
            .sync_events(
                [(self._name, membership.id) for membership in memberships], events, type_codes=[JOIN_TYPE_CODE]
            )
        )
