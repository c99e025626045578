import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

CONSENT_SOURCES = [
    ("backend", "Backend"),
    ("portal", "Portal"),
    ("import", "Import"),
    ("event", "Event"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    community_member = fields.Boolean(tracking=True, groups="base.group_user")
    community_join_date = fields.Date(string="Joined Community", groups="base.group_user")
    community_role = fields.Selection(
        [("customer", "Customer"), ("partner", "Partner"), ("employee", "Employee")],
        default="customer",
        tracking=True,
        groups="base.group_user",
        help="Employees are scored but never get an ambassador tier.",
    )
    community_handle_ids = fields.One2many(
        "social.partner.handle", "partner_id", string="Social Handles", groups="base.group_user"
    )
    community_last_activity = fields.Datetime(string="Last Community Activity", readonly=True, groups="base.group_user")
    community_contact_consent = fields.Boolean(
        string="Contact Consent",
        tracking=True,
        groups="base.group_user",
        help="May we contact this person about their community activity?",
    )
    community_contact_consent_date = fields.Datetime(
        string="Contact Consent Date", readonly=True, tracking=True, groups="base.group_user"
    )
    community_contact_consent_source = fields.Selection(
        CONSENT_SOURCES,
        string="Contact Consent Source",
        readonly=True,
        tracking=True,
        groups="base.group_user",
    )
    community_public_consent = fields.Boolean(
        string="Public Visibility Consent",
        tracking=True,
        groups="base.group_user",
        help="May this person appear on public leaderboards?",
    )
    community_public_consent_date = fields.Datetime(
        string="Public Consent Date", readonly=True, tracking=True, groups="base.group_user"
    )
    community_public_consent_source = fields.Selection(
        CONSENT_SOURCES,
        string="Public Consent Source",
        readonly=True,
        tracking=True,
        groups="base.group_user",
    )
    ambassador_score = fields.Float(
        readonly=True,
        digits=(16, 2),
        groups="base.group_user",
        help="Sum of engagement points, each decayed by the half-life of its type. "
        "Companies include the engagement of their contacts.",
    )
    ambassador_recent_gain = fields.Float(
        string="Points Last 30 Days", readonly=True, digits=(16, 2), groups="base.group_user"
    )
    ambassador_tier_id = fields.Many2one(
        "social.ambassador.tier",
        readonly=True,
        index=True,
        tracking=True,
        ondelete="set null",
        groups="base.group_user",
    )
    ambassador_tier_color = fields.Integer(related="ambassador_tier_id.color", groups="base.group_user")
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

    def _compute_community_engagement_count(self):
        counts = dict(
            self.env["social.engagement"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.community_engagement_count = counts.get(partner, 0)

    def _compute_community_recent_engagement_ids(self):
        Engagement = self.env["social.engagement"]
        for partner in self:
            partner.community_recent_engagement_ids = (
                Engagement.search([("partner_id", "=", partner.id)], limit=10) if partner.id else Engagement
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._stamp_consent_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        vals = self._stamp_consent_vals(dict(vals))
        # A contact moving to another company takes its engagement along: both the old
        # and the new company's rolled-up scores change.
        moved = self.browse()
        if {"parent_id", "is_company"} & set(vals):
            moved = self.sudo().filtered("ambassador_score")
        old_commercial = moved.commercial_partner_id
        res = super().write(vals)
        if moved:
            self._recompute_ambassador_scores((moved | old_commercial | moved.commercial_partner_id).ids)
        if "community_role" in vals:
            self._recompute_ambassador_tiers(self.ids)
        return res

    def _stamp_consent_vals(self, vals):
        """Record when and where a consent was given or withdrawn, and when a member joined."""
        source = self.env.context.get("community_consent_source", "backend")
        now = fields.Datetime.now()
        if vals.get("community_member") and "community_join_date" not in vals:
            if not self or not all(self.sudo().mapped("community_join_date")):
                vals["community_join_date"] = fields.Date.context_today(self)
        for kind in ("contact", "public"):
            field = f"community_{kind}_consent"
            if field in vals:
                vals.setdefault(f"{field}_date", now)
                vals.setdefault(f"{field}_source", source)
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

    def action_erase_community_data(self):
        """Privacy erase: ledger rows, handles, consent and score of these partners."""
        if not self.env.user.has_group("social_crm.group_social_crm_manager"):
            raise AccessError(self.env._("Only Social CRM managers can erase community data."))
        families = self | self.commercial_partner_id
        self.env["social.engagement"].sudo().with_context(social_crm_privacy_erase=True).search(
            [("partner_id", "in", self.ids)]
        ).unlink()
        self.sudo().community_handle_ids.unlink()
        self.sudo().with_context(tracking_disable=True).write(
            {
                "community_member": False,
                "community_join_date": False,
                "community_last_activity": False,
                "community_contact_consent": False,
                "community_public_consent": False,
            }
        )
        self._recompute_ambassador_scores(families.ids)
        for partner in self:
            partner.message_post(body=self.env._("Community data erased on request."))
        return True

    def action_export_community_data(self):
        self.ensure_one()
        self.check_access("read")
        payload = self.sudo()._get_community_export_data()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"community-data-{self.id}.json",
                "raw": json.dumps(payload, indent=2, default=str).encode(),
                "mimetype": "application/json",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _get_community_export_data(self):
        self.ensure_one()
        ledger = self.env["social.engagement"].search([("partner_id", "=", self.id)], order="date, id")
        return {
            "partner": {
                "id": self.id,
                "name": self.name,
                "email": self.email,
                "community_member": self.community_member,
                "community_join_date": self.community_join_date,
                "community_role": self.community_role,
                "community_contact_consent": self.community_contact_consent,
                "community_contact_consent_date": self.community_contact_consent_date,
                "community_contact_consent_source": self.community_contact_consent_source,
                "community_public_consent": self.community_public_consent,
                "community_public_consent_date": self.community_public_consent_date,
                "community_public_consent_source": self.community_public_consent_source,
                "ambassador_score": self.ambassador_score,
                "ambassador_tier": self.ambassador_tier_id.name or None,
                "community_last_activity": self.community_last_activity,
                "handles": [
                    {"channel": h.channel_id.name, "handle": h.handle, "url": h.url} for h in self.community_handle_ids
                ],
            },
            "ledger": [
                {
                    "date": row.date,
                    "type": row.type_id.code,
                    "channel": row.channel_id.code,
                    "points": row.points,
                    "origin": row.res_model and f"{row.res_model},{row.res_id}" or None,
                    "compensation": row.is_compensation,
                }
                for row in ledger
            ],
        }

    # ------------------------------------------------------------------
    # Scoring
    # ------------------------------------------------------------------

    @api.model
    def _sql_decayed_points(self, engagement, engagement_type, now):
        """SQL expression of one ledger row's points decayed to ``now``."""
        return SQL(
            """(%(e)s.points * CASE WHEN %(t)s.half_life_days > 0
                   THEN POWER(0.5, GREATEST(EXTRACT(EPOCH FROM (%(now)s - %(e)s.date)), 0)
                                   / 86400.0 / %(t)s.half_life_days)
                   ELSE 1 END)""",
            e=engagement,
            t=engagement_type,
            now=now,
        )

    @api.model
    def _sql_expected_tier(self, partner):
        """SQL expression of the tier a partner row should have (NULL for none).

        Employees, our own companies and partners without a positive score get none.
        """
        return SQL(
            """(SELECT tier.id
                  FROM social_ambassador_tier tier
                 WHERE tier.active
                   AND %(p)s.ambassador_score > 0
                   AND tier.min_score <= %(p)s.ambassador_score
                   AND COALESCE(%(p)s.community_role, 'customer') != 'employee'
                   AND %(p)s.id NOT IN (SELECT partner_id FROM res_company)
              ORDER BY tier.min_score DESC
                 LIMIT 1)""",
            p=partner,
        )

    @api.model
    def _recompute_ambassador_scores(self, partner_ids=None):
        """Recompute stored scores of the given partners in one SQL statement.

        ``partner_ids=None`` recomputes everyone. A partner's score covers its own ledger
        rows and, for a commercial partner, the rows of its contacts, so the commercial
        partners of the given partners are recomputed too. The same statement returns
        the partners whose tier must change; only those are then written through the
        ORM, so that the change is tracked in their chatter.
        """
        if partner_ids is not None:
            partner_ids = list(partner_ids)
            if not partner_ids:
                return
        self.env["social.engagement"].flush_model()
        self.env["social.engagement.type"].flush_model(["half_life_days"])
        self.env["social.ambassador.tier"].flush_model()
        self.flush_model(["commercial_partner_id", "ambassador_score", "ambassador_tier_id", "community_role"])
        now = fields.Datetime.now()
        if partner_ids is None:
            targets = SQL("SELECT NULL::int AS id WHERE FALSE")
            own_filter = SQL("TRUE")
            target_filter = SQL("TRUE")
        else:
            # ARRAY(...) subqueries are evaluated once, so that PostgreSQL filters the
            # ledger through its partner index; an IN/OR subquery made it scan the
            # whole ledger for every recorded event.
            target_filter = SQL("tp.id = ANY(ARRAY(SELECT id FROM targets))")
            targets = SQL(
                """SELECT id FROM res_partner WHERE id = ANY(%(ids)s)
                   UNION
                   SELECT commercial_partner_id FROM res_partner WHERE id = ANY(%(ids)s)""",
                ids=partner_ids,
            )
            own_filter = SQL(
                """e.partner_id = ANY(ARRAY(
                       SELECT id FROM targets
                       UNION
                       SELECT id FROM res_partner
                        WHERE commercial_partner_id = ANY(ARRAY(SELECT id FROM targets))))"""
            )
        self.env.cr.execute(
            SQL(
                """
                WITH targets AS (%(targets)s),
                own AS (
                    SELECT e.partner_id,
                           SUM(%(decayed)s) AS score,
                           SUM(e.points) FILTER (WHERE e.date >= %(since)s) AS recent,
                           MAX(e.date) AS last_date
                      FROM social_engagement e
                      JOIN social_engagement_type t ON t.id = e.type_id
                     WHERE %(own_filter)s
                  GROUP BY e.partner_id
                ), rolled AS (
                    SELECT c.commercial_partner_id AS id,
                           SUM(own.score) AS score,
                           SUM(own.recent) AS recent
                      FROM own
                      JOIN res_partner c ON c.id = own.partner_id
                     WHERE c.commercial_partner_id <> c.id
                  GROUP BY c.commercial_partner_id
                ), scores AS (
                    SELECT tp.id,
                           ROUND((COALESCE(own.score, 0) + COALESCE(rolled.score, 0))::numeric, 4)
                               ::float AS score,
                           ROUND((COALESCE(own.recent, 0) + COALESCE(rolled.recent, 0))::numeric, 4)
                               ::float AS recent,
                           COALESCE(own.last_date, tp.community_last_activity) AS last_date
                      FROM res_partner tp
                 LEFT JOIN own ON own.partner_id = tp.id
                 LEFT JOIN rolled ON rolled.id = tp.id
                     WHERE %(target_filter)s
                )
                UPDATE res_partner p
                   SET ambassador_score = scores.score,
                       ambassador_recent_gain = scores.recent,
                       community_last_activity = scores.last_date
                  FROM scores
                 WHERE p.id = scores.id
                   AND (p.ambassador_score IS DISTINCT FROM scores.score
                        OR p.ambassador_recent_gain IS DISTINCT FROM scores.recent
                        OR p.community_last_activity IS DISTINCT FROM scores.last_date)
             RETURNING p.id, p.ambassador_tier_id, %(expected_tier)s
                """,
                targets=targets,
                target_filter=target_filter,
                decayed=self._sql_decayed_points(SQL("e"), SQL("t"), SQL("%s", now)),
                since=now - timedelta(days=30),
                own_filter=own_filter,
                expected_tier=self._sql_expected_tier(SQL("p")),
            )
        )
        changed = self.env.cr.fetchall()
        self.invalidate_model(["ambassador_score", "ambassador_recent_gain", "community_last_activity"])
        self._write_ambassador_tiers([(pid, expected) for pid, current, expected in changed if current != expected])

    @api.model
    def _recompute_ambassador_tiers(self, partner_ids=None):
        """Re-assign tiers without touching scores (thresholds or roles changed)."""
        self.flush_model(["ambassador_score", "ambassador_tier_id", "community_role"])
        self.env["social.ambassador.tier"].flush_model()
        partner_filter = SQL("TRUE") if partner_ids is None else SQL("p.id = ANY(%s)", list(partner_ids))
        self.env.cr.execute(
            SQL(
                """
                SELECT id, expected
                  FROM (SELECT p.id, p.ambassador_tier_id, %(expected_tier)s AS expected
                          FROM res_partner p
                         WHERE %(partner_filter)s
                           AND (p.ambassador_score > 0 OR p.ambassador_tier_id IS NOT NULL)) sub
                 WHERE ambassador_tier_id IS DISTINCT FROM expected
                """,
                expected_tier=self._sql_expected_tier(SQL("p")),
                partner_filter=partner_filter,
            )
        )
        self._write_ambassador_tiers(self.env.cr.fetchall())

    @api.model
    def _write_ambassador_tiers(self, changes):
        """Write new tiers grouped by tier, through the ORM so that chatter tracks them."""
        by_tier = {}
        for partner_id, tier_id in changes:
            by_tier.setdefault(tier_id or False, []).append(partner_id)
        for tier_id, ids in by_tier.items():
            self.sudo().browse(ids).write({"ambassador_tier_id": tier_id})

    @api.model
    def _cron_recompute_ambassador_scores(self, batch_size=1000):
        """Nightly decay: recompute every partner with a score or a ledger row."""
        self.env.cr.execute(
            """
            SELECT id FROM res_partner
             WHERE ambassador_score != 0 OR ambassador_tier_id IS NOT NULL
                OR id IN (SELECT partner_id FROM social_engagement)
                OR id IN (SELECT commercial_partner_id FROM social_engagement)
          ORDER BY id
            """
        )
        ids = [r[0] for r in self.env.cr.fetchall()]
        done = 0
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            self._recompute_ambassador_scores(batch)
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(ids) - done)
        if not ids:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
