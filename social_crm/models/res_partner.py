from odoo import api, fields, models, tools
from odoo.exceptions import AccessError

from ..tools import precreate_column

CONSENT_SOURCES = [
    ("backend", "Backend"),
    ("portal", "Portal"),
    ("import", "Import"),
    ("event", "Event"),
]


# Kept by the system alone: the scoring service (score, gain, last activity, tier) and the consent
# writes, which stamp when and where a consent changed. Nobody sets them over RPC.
SYSTEM_FIELDS = frozenset(
    {
        "ambassador_score",
        "ambassador_recent_gain",
        "ambassador_tier_id",
        "community_last_activity",
        "community_contact_consent_date",
        "community_contact_consent_source",
        "community_public_consent_date",
        "community_public_consent_source",
    }
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    community_member = fields.Boolean(tracking=True, groups="social_crm.group_social_crm_user")
    community_join_date = fields.Date(string="Joined Community", groups="social_crm.group_social_crm_user")
    community_role = fields.Selection(
        [("customer", "Customer"), ("partner", "Partner"), ("employee", "Employee")],
        default="customer",
        tracking=True,
        groups="social_crm.group_social_crm_user",
        help="Employees are scored but never get an ambassador tier.",
    )
    community_handle_ids = fields.One2many(
        "social.partner.handle", "partner_id", string="Social Handles", groups="social_crm.group_social_crm_user"
    )
    community_last_activity = fields.Datetime(
        string="Last Community Activity",
        compute="_compute_ambassador_score",
        store=True,
        readonly=True,
        groups="social_crm.group_social_crm_user",
    )
    community_contact_consent = fields.Boolean(
        string="Contact Consent",
        tracking=True,
        groups="social_crm.group_social_crm_user",
        help="May we contact this person about their community activity?",
    )
    community_contact_consent_date = fields.Datetime(
        string="Contact Consent Date", readonly=True, tracking=True, groups="social_crm.group_social_crm_user"
    )
    community_contact_consent_source = fields.Selection(
        CONSENT_SOURCES,
        string="Contact Consent Source",
        readonly=True,
        tracking=True,
        groups="social_crm.group_social_crm_user",
    )
    community_public_consent = fields.Boolean(
        string="Public Visibility Consent",
        tracking=True,
        groups="social_crm.group_social_crm_user",
        help="May this person's name be shown publicly: as the author of their ideas, on the community "
        "leaderboard and to the other members of their groups? Forum posts are public as the forum shows "
        "them, whatever this says.",
    )
    community_public_consent_date = fields.Datetime(
        string="Public Consent Date", readonly=True, tracking=True, groups="social_crm.group_social_crm_user"
    )
    community_public_consent_source = fields.Selection(
        CONSENT_SOURCES,
        string="Public Consent Source",
        readonly=True,
        tracking=True,
        groups="social_crm.group_social_crm_user",
    )
    # Score, recent gain, last activity and tier are stored computes of the scoring service.
    # No @api.depends on purpose: ledger rows are written set-based, and the ledger marks the
    # partners it touches (social.engagement.scoring._mark_touched), once per transaction.
    ambassador_score = fields.Float(
        compute="_compute_ambassador_score",
        store=True,
        readonly=True,
        digits=(16, 2),
        groups="social_crm.group_social_crm_user",
        help="Sum of engagement points, each decayed by the half-life of its type. "
        "Companies include the engagement of their contacts. Not the forum's karma, which "
        "unlocks forum rights and counts the forum only.",
    )
    ambassador_recent_gain = fields.Float(
        string="Points Last 30 Days",
        compute="_compute_ambassador_score",
        store=True,
        readonly=True,
        digits=(16, 2),
        groups="social_crm.group_social_crm_user",
    )
    ambassador_tier_id = fields.Many2one(
        "social.ambassador.tier",
        compute="_compute_ambassador_score",
        store=True,
        readonly=True,
        index=True,
        tracking=True,
        ondelete="set null",
        groups="social_crm.group_social_crm_user",
    )
    ambassador_tier_color = fields.Integer(
        related="ambassador_tier_id.color", groups="social_crm.group_social_crm_user"
    )
    community_engagement_count = fields.Integer(
        compute="_compute_community_engagement_count", groups="social_crm.group_social_crm_user"
    )
    community_breakdown_ids = fields.One2many(
        "social.engagement.breakdown",
        "partner_id",
        string="Score Breakdown",
        groups="social_crm.group_social_crm_user",
    )
    community_recent_engagement_ids = fields.One2many(
        "social.engagement",
        compute="_compute_community_recent_engagement_ids",
        string="Latest Engagement",
        groups="social_crm.group_social_crm_user",
    )

    def _auto_init(self):
        # the install on a big database: the ledger is new and empty, so every partner's score
        # is 0 and no tier is earned; the ORM would compute that for every partner
        precreate_column(self, "ambassador_score", 0)
        precreate_column(self, "ambassador_recent_gain", 0)
        precreate_column(self, "community_last_activity")
        precreate_column(self, "ambassador_tier_id")
        return super()._auto_init()

    def _compute_ambassador_score(self):
        self.env["social.engagement.scoring"]._compute_scores(self)

    def _compute_community_engagement_count(self):
        counts = dict(
            self.env["social.engagement"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.community_engagement_count = counts.get(partner, 0)

    def _compute_community_recent_engagement_ids(self):
        Engagement = self.env["social.engagement"]
        for partner in self:
            if not partner.id:
                partner.community_recent_engagement_ids = Engagement
                continue
            # a company's tab shows which of its people earned what (its roll-up)
            domain = [("partner_id", "=", partner.id)]
            if partner.is_company:
                domain = ["|", ("partner_id", "=", partner.id), ("commercial_partner_id", "=", partner.id)]
            partner.community_recent_engagement_ids = Engagement.search(domain, limit=10)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_system_fields(vals)
            self._stamp_consent_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_system_fields(vals)
        vals = self._stamp_consent_vals(dict(vals))
        # A contact moving to another company takes its engagement along: both the old
        # and the new company's rolled-up scores change.
        moved = self.browse()
        if {"parent_id", "is_company"} & set(vals):
            moved = self.sudo().filtered("ambassador_score")
        old_commercial = moved.commercial_partner_id
        res = super().write(vals)
        Scoring = self.env["social.engagement.scoring"]
        if moved:
            Scoring._mark_touched((moved | old_commercial | moved.commercial_partner_id).ids)
        if "community_role" in vals:
            # employees are scored but never tiered
            Scoring._mark_touched(self.ids)
        return res

    @api.model
    def _social_crm_system_fields(self):
        """Names of the fields only the system writes (producer addons add theirs)."""
        return SYSTEM_FIELDS

    def _check_system_fields(self, vals):
        """Score, tier and consent stamps are written by the system only (readonly is a UI hint)."""
        if self.env.su:
            return
        forbidden = self._social_crm_system_fields().intersection(vals)
        if forbidden:
            raise AccessError(
                self.env._(
                    "These fields are kept by the system and cannot be set: %(fields)s",
                    fields=", ".join(sorted(forbidden)),
                )
            )

    def _stamp_consent_vals(self, vals):
        """Record when and where a consent was given or withdrawn, and when a member joined.

        The source comes from the context only for system writes (the portal's consent form
        writes with sudo); a person changing it in the backend is always the backend.
        """
        source = self.env.context.get("community_consent_source", "backend") if self.env.su else "backend"
        now = fields.Datetime.now()
        if vals.get("community_member") and "community_join_date" not in vals:
            if not self or not all(self.sudo().mapped("community_join_date")):
                vals["community_join_date"] = fields.Date.context_today(self)
        for kind in ("contact", "public"):
            field = f"community_{kind}_consent"
            if field in vals:
                vals.setdefault(f"{field}_date", now)
                vals.setdefault(f"{field}_source", source if source in dict(CONSENT_SOURCES) else "backend")
        return vals

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_community_engagement(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("social_crm.social_engagement_action")
        action["domain"] = [
            "|",
            ("partner_id", "=", self.id),
            ("commercial_partner_id", "=", self.id),
        ]
        action["context"] = {"default_partner_id": self.id, "search_default_group_by_type": 1}
        return action

    def action_invite_ambassador_program(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invite to Ambassador Program"),
            "res_model": "social.ambassador.invite",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # Scoring (glue: the rules live in social.engagement.scoring)
    # ------------------------------------------------------------------

    @api.model
    def _community_eligible_domain(self):
        """An eligible member: who may hold an ambassador tier and show as rising.

        Employees are scored but never tiered, and neither are our own companies.
        """
        # ids, not a subquery: the domain also travels to the web client in the dashboard's actions
        return [("community_role", "!=", "employee"), ("id", "not in", list(self._social_crm_company_partner_ids()))]

    @api.model
    @tools.ormcache()
    def _social_crm_company_partner_ids(self):
        """The partners of our own companies (archived ones included): a handful, cached, so that
        rescoring costs no query for them. res.company clears the cache when companies are
        created, deleted or get another partner (cache_invalidation_fields)."""
        companies = self.env["res.company"].sudo().with_context(active_test=False).search_fetch([], ["partner_id"])
        return tuple(companies.partner_id.ids)

    @api.model
    def _recompute_ambassador_scores(self, partner_ids=None):
        """Rescore partners now, in one statement (None: everyone); kept for callers and data."""
        self.env["social.engagement.scoring"]._rescore(partner_ids)

    @api.model
    def _recompute_ambassador_tiers(self, partner_ids=None):
        """Re-assign tiers without touching scores (thresholds changed)."""
        self.env["social.engagement.scoring"]._retier(partner_ids)

    @api.model
    def _cron_recompute_ambassador_scores(self, batch_size=1000):
        """Nightly decay (the cron's entry point)."""
        self.env["social.engagement.scoring"]._cron_rescore(batch_size)
