import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 60
CHAMPION_LIMIT = 5
# "Activity this month", "new members" and the group's growth look back this many days.
RECENT_DAYS = 30
VISIBILITIES = [
    ("public", "Public"),
    ("members", "Signed-in customers"),
    ("private", "Private, by invitation"),
]


class SocialAffinityGroup(models.Model):
    """A community around a passion that customers share (gravel riding, woodworking...).

    Its content is the forum and idea tags it owns (added by the producer addons); its
    standing and champions come from the engagement ledger (``social.affinity.group.standing``).

    Visibility: ``public`` groups are seen by everyone, visitors and search engines
    included; ``members`` groups by signed-in users only; ``private`` groups only by their
    members and invited people, and nobody joins them without an invitation.
    """

    _name = "social.affinity.group"
    _description = "Affinity Group"
    _inherit = ["mail.thread", "image.mixin"]
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    slug = fields.Char(
        "Web Address",
        required=True,
        copy=False,
        tracking=True,
        compute="_compute_slug",
        store=True,
        readonly=False,
        precompute=True,
        help="Address of the group's page: /groups/<slug>. Lowercase letters, digits and hyphens.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    passion = fields.Char(
        required=True,
        translate=True,
        tracking=True,
        help="What brings the members together, e.g. Gravel riding.",
    )
    description = fields.Html(sanitize=True, sanitize_overridable=False, translate=True)
    visibility = fields.Selection(
        VISIBILITIES,
        required=True,
        default="public",
        tracking=True,
        help="Public: everyone sees the group, search engines included. "
        "Signed-in customers: only logged-in users see and join it. "
        "Private: invisible to non-members; people join it only by invitation.",
    )
    is_published = fields.Boolean("Published", default=False, tracking=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        groups="base.group_user",
        help="Sales team that follows this community.",
    )
    # Staff only: portal users see the members who gave public consent through the
    # memberships' record rule, never the full list behind the group.
    membership_ids = fields.One2many(
        "social.affinity.membership", "group_id", string="Memberships", groups="base.group_user"
    )
    leader_ids = fields.Many2many(
        "res.partner",
        string="Leaders",
        compute="_compute_leader_ids",
        groups="base.group_user",
        help="Members with the leader role. On the website only those with public consent are shown.",
    )
    member_count = fields.Integer("Members", compute="_compute_member_figures", compute_sudo=True)
    new_member_count = fields.Integer(
        "New Members (30 days)", compute="_compute_member_figures", compute_sudo=True, groups="base.group_user"
    )
    left_member_count = fields.Integer(
        "Left (30 days)", compute="_compute_member_figures", compute_sudo=True, groups="base.group_user"
    )
    invited_count = fields.Integer(
        "Pending Invitations", compute="_compute_member_figures", compute_sudo=True, groups="base.group_user"
    )
    growth = fields.Integer(
        "Growth (30 days)",
        compute="_compute_member_figures",
        compute_sudo=True,
        groups="base.group_user",
        help="Members who joined minus members who left in the last 30 days.",
    )
    # The group figures from the ledger are stored and refreshed by _refresh_standing() (hourly
    # cron, and when a group's content changes): on a big ledger they cost a join of the
    # members' rows with the group's content, too much for every visit of /groups.
    standing = fields.Float(
        readonly=True,
        copy=False,
        digits=(16, 2),
        groups="base.group_user",
        help="Engagement of the members in the group's content (its forum and idea tags), "
        "each event decayed by the half-life of its type, like the ambassador score.",
    )
    activity_count = fields.Integer(
        "Activity (30 days)",
        readonly=True,
        copy=False,
        help="Engagement events of the members in the group's content during the last 30 days.",
    )
    active_member_count = fields.Integer(
        "Active Members (30 days)", readonly=True, copy=False, groups="base.group_user"
    )
    standing_date = fields.Datetime("Standing Computed On", readonly=True, copy=False, groups="base.group_user")
    champion_ids = fields.Many2many(
        "social.affinity.group.standing",
        string="Champions",
        compute="_compute_champion_ids",
        groups="social_crm.group_social_crm_user",
        help="Members with the highest standing in the group (employees excluded).",
    )
    website_url = fields.Char(compute="_compute_website_url")

    _sql_constraints = [
        ("slug_uniq", "unique (slug)", "Another group already uses this address."),
    ]

    @api.depends("name")
    def _compute_slug(self):
        # only a new group gets its address from its name: a published address stays
        for group in self:
            group.slug = group.slug or (group.name and self._slug_from_name(group.name)) or False

    @api.depends("membership_ids.role", "membership_ids.state")
    def _compute_leader_ids(self):
        leaders = (
            self.env["social.affinity.membership"]
            .sudo()
            ._read_group(
                [("group_id", "in", self.ids), ("role", "=", "leader"), ("state", "=", "joined")],
                ["group_id"],
                ["partner_id:array_agg"],
            )
        )
        by_group = {group.id: partner_ids for group, partner_ids in leaders}
        for group in self:
            group.leader_ids = self.env["res.partner"].browse(by_group.get(group.id, []))

    @api.depends("membership_ids.state", "membership_ids.date_joined", "membership_ids.date_left")
    def _compute_member_figures(self):
        figures = self._member_figures(fields.Datetime.now() - timedelta(days=RECENT_DAYS))
        for group in self:
            members, new, left, invited = figures.get(group.id, (0, 0, 0, 0))
            group.member_count = members
            group.new_member_count = new
            group.left_member_count = left
            group.invited_count = invited
            group.growth = new - left

    def _member_figures(self, since):
        """{group_id: (members, joined since, left since, invited)} in one query."""
        if not self.ids:
            return {}
        Membership = self.env["social.affinity.membership"]
        Membership.flush_model(["group_id", "state", "date_joined", "date_left"])
        self.env.cr.execute(
            SQL(
                """
                SELECT group_id,
                       COUNT(*) FILTER (WHERE state = 'joined'),
                       COUNT(*) FILTER (WHERE state = 'joined' AND date_joined >= %(since)s),
                       COUNT(*) FILTER (WHERE state = 'left' AND date_left >= %(since)s),
                       COUNT(*) FILTER (WHERE state = 'invited')
                  FROM social_affinity_membership
                 WHERE group_id = ANY(%(ids)s)
              GROUP BY group_id
                """,
                since=since,
                ids=list(self.ids),
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _compute_champion_ids(self):
        Standing = self.env["social.affinity.group.standing"]
        for group in self:
            group.champion_ids = Standing.search(
                [
                    ("group_id", "=", group.id),
                    ("decayed_points", ">", 0),
                    ("partner_id.community_role", "!=", "employee"),
                ],
                order="decayed_points desc, partner_id",
                limit=CHAMPION_LIMIT,
            )

    @api.depends("slug")
    def _compute_website_url(self):
        for group in self:
            group.website_url = f"/groups/{group.slug}" if group.slug else False

    @api.constrains("slug")
    def _check_slug(self):
        for group in self:
            if not SLUG_RE.match(group.slug or "") or len(group.slug) > SLUG_MAX_LENGTH:
                raise ValidationError(
                    self.env._(
                        "The address “%(slug)s” is not valid: use lowercase letters, digits and hyphens "
                        "(at most %(max)s characters).",
                        slug=group.slug,
                        max=SLUG_MAX_LENGTH,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        groups = super().create(vals_list)
        groups._refresh_standing()
        return groups

    def write(self, vals):
        res = super().write(vals)
        # the content (tags) or the company may have changed: a handful of groups, refreshed now
        if not {"standing", "activity_count", "active_member_count", "standing_date"} >= set(vals):
            self._refresh_standing()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_compensate_memberships(self):
        # memberships go with the group (ondelete cascade): take their join points back first
        self.sudo().membership_ids._social_crm_sync_engagement(removed=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_publish(self):
        self.write({"is_published": True})
        return True

    def action_unpublish(self):
        self.write({"is_published": False})
        return True

    def action_open_website(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.website_url, "target": "self"}

    def action_view_memberships(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("social_crm.social_affinity_membership_action")
        action["domain"] = [("group_id", "=", self.id)]
        action["context"] = {"default_group_id": self.id, "search_default_filter_joined": 1}
        if self.env.context.get("growth_graph"):
            # members over time: every membership, joined or not, by month of joining
            action["context"] = {"default_group_id": self.id}
            action["views"] = sorted(action["views"], key=lambda view: view[1] != "graph")
        return action

    def action_view_standing(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("social_crm.social_affinity_group_standing_action")
        action["domain"] = [("group_id", "=", self.id)]
        return action

    def action_invite_to_ambassador_program(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invite to Ambassador Program"),
            "res_model": "social.ambassador.invite",
            "view_mode": "form",
            "target": "new",
            "context": {"default_group_id": self.id},
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _slug_from_name(self, name):
        base = self.env["ir.http"]._slugify(name or "", max_length=SLUG_MAX_LENGTH) or "group"
        slug, suffix = base, 1
        Group = self.sudo().with_context(active_test=False)
        while Group.search_count([("slug", "=", slug)], limit=1):
            suffix += 1
            slug = f"{base[: SLUG_MAX_LENGTH - len(str(suffix)) - 1]}-{suffix}"
        return slug

    def _get_public_people(self, memberships):
        """The memberships whose partner may be shown on the website (public consent)."""
        return memberships.sudo().filtered(lambda m: m.partner_id.community_public_consent)

    def _get_public_leaders(self):
        self.ensure_one()
        leaders = self.sudo().membership_ids.filtered(lambda m: m.role == "leader" and m.state == "joined")
        return self._get_public_people(leaders)

    def _get_public_champions(self):
        """Champions who gave public consent, as standing rows."""
        self.ensure_one()
        Standing = self.env["social.affinity.group.standing"].sudo()
        return Standing.search(
            [
                ("group_id", "=", self.id),
                ("decayed_points", ">", 0),
                ("partner_id.community_role", "!=", "employee"),
                ("partner_id.community_public_consent", "=", True),
            ],
            order="decayed_points desc, partner_id",
            limit=CHAMPION_LIMIT,
        )
