from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, create_index

TITLE_MAX_LENGTH = 120
# Fields the author (a portal user) may change while the idea is still in the first stage.
AUTHOR_EDITABLE_FIELDS = {"name", "description", "tag_ids"}


class SocialIdea(models.Model):
    _name = "social.idea"
    _description = "Idea"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "vote_count desc, id desc"
    # Portal users who can read a published idea may comment on it.
    _mail_post_access = "read"

    name = fields.Char("Title", required=True, tracking=True)
    description = fields.Html(sanitize=True, sanitize_overridable=False)
    author_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        default=lambda self: self.env.user.partner_id,
        tracking=True,
    )
    stage_id = fields.Many2one(
        "social.idea.stage",
        "Status",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        default=lambda self: self._default_stage_id(),
        group_expand="_read_group_stage_ids",
        copy=False,
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True)
    is_first_stage = fields.Boolean(compute="_compute_is_first_stage")
    date_stage = fields.Datetime("Last Status Change", default=fields.Datetime.now, readonly=True, copy=False)
    tag_ids = fields.Many2many("social.idea.tag", string="Tags")
    is_published = fields.Boolean("Published", index=True, tracking=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    vote_ids = fields.One2many("social.idea.vote", "idea_id", "Voters")
    # Maintained in SQL from the vote table, inside the transaction that changes the votes.
    vote_count = fields.Integer("Votes", readonly=True, copy=False, aggregator="sum")
    recent_vote_count = fields.Integer(
        "Recent Votes", readonly=True, copy=False, help="Votes of the last 14 days (trending)."
    )
    merged_into_id = fields.Many2one(
        "social.idea",
        index="btree_not_null",
        readonly=True,
        copy=False,
        tracking=True,
    )
    merged_idea_ids = fields.One2many("social.idea", "merged_into_id", "Merged Duplicates")
    lead_ids = fields.Many2many(
        "crm.lead",
        "social_idea_crm_lead_rel",
        "idea_id",
        "lead_id",
        "Opportunities",
        groups="sales_team.group_sale_salesman",
        copy=False,
    )
    lead_count = fields.Integer(compute="_compute_lead_count", groups="sales_team.group_sale_salesman")
    demand_value = fields.Monetary(
        readonly=True,
        copy=False,
        groups="base.group_user",
        aggregator="sum",
        help="Expected revenue of the open opportunities of the distinct companies voting for this idea.",
    )
    demand_company_count = fields.Integer("Voting Companies", readonly=True, copy=False, groups="base.group_user")
    website_url = fields.Char(compute="_compute_website_url")

    _sql_constraints = [
        (
            "not_merged_into_self",
            "CHECK (merged_into_id IS NULL OR merged_into_id != id)",
            "An idea cannot be merged into itself.",
        ),
    ]

    def init(self):
        # The website lists published, unmerged ideas by votes: serve it from an index.
        create_index(
            self.env.cr,
            "social_idea_listed_top_idx",
            self._table,
            ["vote_count DESC", "id DESC"],
            where="is_published AND merged_into_id IS NULL",
        )

    def _default_stage_id(self):
        return self.env["social.idea.stage"].search([], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # Every stage is a kanban column, even empty ones; there are only a handful.
        return stages.search([])  # pylint: disable=no-search-all

    @api.depends("stage_id")
    def _compute_is_first_stage(self):
        first = self._default_stage_id()
        for idea in self:
            idea.is_first_stage = idea.stage_id == first

    @api.depends("lead_ids")
    def _compute_lead_count(self):
        for idea in self:
            idea.lead_count = len(idea.lead_ids)

    def _compute_website_url(self):
        slug = self.env["ir.http"]._slug
        for idea in self:
            idea.website_url = f"/ideas/{slug(idea)}" if idea.id else False

    @api.constrains("name")
    def _check_name(self):
        for idea in self:
            title = (idea.name or "").strip()
            if not title:
                raise ValidationError(self.env._("An idea needs a title."))
            if len(title) > TITLE_MAX_LENGTH:
                raise ValidationError(
                    self.env._(
                        "The title is too long (%(length)s characters, at most %(max)s).",
                        length=len(title),
                        max=TITLE_MAX_LENGTH,
                    )
                )

    @api.constrains("merged_into_id")
    def _check_merged_into(self):
        if self._has_cycle("merged_into_id"):
            raise ValidationError(self.env._("Ideas cannot be merged in a cycle."))

    @api.model_create_multi
    def create(self, vals_list):
        if self._is_portal_user():
            self._check_submission_rate(len(vals_list))
            publish = self._auto_publish()
            first_stage = self._default_stage_id()
            for vals in vals_list:
                unknown = set(vals) - AUTHOR_EDITABLE_FIELDS
                if unknown:
                    raise AccessError(self.env._("You cannot set these fields: %s", ", ".join(sorted(unknown))))
                vals.update(
                    author_id=self.env.user.partner_id.id,
                    stage_id=first_stage.id,
                    is_published=publish,
                    company_id=self.env.company.id,
                )
        elif any(vals.get("is_published") for vals in vals_list):
            self._check_can_publish()
        ideas = super().create(vals_list)
        # Authors follow their idea; portal users cannot subscribe themselves.
        for idea in ideas.sudo():
            idea.message_subscribe(partner_ids=idea.author_id.ids)
        ideas.filtered("is_published")._record_submission_engagement()
        return ideas

    def write(self, vals):
        if self._is_portal_user():
            self._check_author_edit(vals)
        if "is_published" in vals or "stage_id" in vals:
            self._check_can_publish()
        if "merged_into_id" in vals and not self.env.su:
            raise UserError(self.env._("Use the merge wizard to merge ideas."))
        old_stages = {}
        if "stage_id" in vals:
            old_stages = {idea.id: idea.stage_id for idea in self}
            vals = dict(vals, date_stage=fields.Datetime.now())
        old_published = {idea.id: idea.is_published for idea in self}
        res = super().write(vals)
        if "is_published" in vals:
            self.filtered(lambda i: i.is_published and not old_published[i.id])._record_submission_engagement()
            self.filtered(lambda i: not i.is_published and old_published[i.id])._revert_submission_engagement()
        if old_stages:
            moved = self.filtered(lambda i: i.stage_id != old_stages[i.id])
            moved._on_stage_changed(old_stages)
        return res

    def message_post(self, **kwargs):
        # Visitors read the comments; writing one needs an account (the portal chatter
        # posts as sudo on behalf of whoever can read the idea).
        if self.env.user._is_public():
            raise AccessError(self.env._("Log in to comment on ideas."))
        return super().message_post(**kwargs)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_publish(self):
        self.write({"is_published": True})

    def action_unpublish(self):
        self.write({"is_published": False})

    def action_refresh_demand(self):
        self._refresh_demand_values()

    def action_open_website(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.website_url, "target": "self"}

    def action_view_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [("id", "in", self.lead_ids.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _is_portal_user(self):
        return not self.env.su and self.env.user._is_portal()

    @api.model
    def _auto_publish(self):
        return not self.env["ir.config_parameter"].sudo().get_param("social_crm_ideas.review_before_publish")

    def _check_can_publish(self):
        if self.env.su:
            return
        if not self.env.user.has_group("social_crm.group_social_crm_manager"):
            raise AccessError(self.env._("Only Social CRM managers can publish ideas or change their status."))

    @api.model
    def _check_submission_rate(self, new_count=1):
        limit = int(self.env["ir.config_parameter"].sudo().get_param("social_crm_ideas.submission_rate_limit", 5))
        if not limit:
            return
        since = fields.Datetime.now() - timedelta(hours=1)
        recent = (
            self.sudo()
            .with_context(active_test=False)
            .search_count([("create_uid", "=", self.env.uid), ("create_date", ">=", since)])
        )
        if recent + new_count > limit:
            raise UserError(
                self.env._(
                    "You have already submitted %(count)s ideas in the last hour. Please wait before submitting more.",
                    count=recent,
                )
            )

    def _check_author_edit(self, vals):
        unknown = set(vals) - AUTHOR_EDITABLE_FIELDS
        if unknown:
            raise AccessError(self.env._("You cannot change these fields: %s", ", ".join(sorted(unknown))))
        partner = self.env.user.partner_id
        first_stage = self._default_stage_id()
        for idea in self:
            if idea.author_id != partner:
                raise AccessError(self.env._("You can only edit your own ideas."))
            if idea.stage_id != first_stage or idea.merged_into_id:
                raise UserError(
                    self.env._(
                        "The idea “%s” is already being reviewed and can no longer be edited.",
                        idea.name,
                    )
                )

    def _check_votable(self):
        """Raise a clear error when one of the ideas does not accept votes."""
        for idea in self:
            if idea.merged_into_id:
                raise ValidationError(
                    self.env._(
                        "The idea “%(idea)s” was merged into “%(target)s”: vote there instead.",
                        idea=idea.name,
                        target=idea.merged_into_id.name,
                    )
                )
            if not idea.is_published:
                raise ValidationError(self.env._("The idea “%s” is not published: it cannot receive votes.", idea.name))
            if idea.is_closed:
                raise ValidationError(self.env._("The idea “%s” is closed: it no longer accepts votes.", idea.name))

    def _final_idea(self):
        """The idea this one was (transitively) merged into, or itself."""
        self.ensure_one()
        idea = self
        while idea.merged_into_id:
            idea = idea.merged_into_id
        return idea

    def _refresh_vote_counts(self):
        """Recount votes from the vote table in one statement.

        Runs in the transaction that changed the votes: the UPDATE locks the idea rows, so a
        concurrent vote on the same idea either waits or fails with a serialization error
        and is retried, and the stored count always equals the number of vote rows.
        """
        if not self.ids:
            return
        self.env["social.idea.vote"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                UPDATE social_idea idea
                   SET vote_count = counts.total,
                       recent_vote_count = counts.recent
                  FROM (
                        SELECT i.id,
                               COUNT(v.id) AS total,
                               COUNT(v.id) FILTER (
                                   WHERE v.date >= (now() AT TIME ZONE 'UTC') - interval '14 days'
                               ) AS recent
                          FROM social_idea i
                     LEFT JOIN social_idea_vote v ON v.idea_id = i.id
                         WHERE i.id = ANY(%s)
                      GROUP BY i.id
                       ) counts
                 WHERE counts.id = idea.id
                """,
                list(self.ids),
            )
        )
        self.invalidate_recordset(["vote_count", "recent_vote_count"])

    @api.model
    def _cron_refresh_counts(self):
        """Nightly: trending counts age, and the voters' pipeline moves."""
        self.env.cr.execute("SELECT id FROM social_idea")
        ideas = self.browse([row[0] for row in self.env.cr.fetchall()])
        ideas._refresh_vote_counts()
        self._refresh_demand_values()

    def _refresh_demand_values(self):
        """Demand value = expected revenue of the open opportunities of the distinct companies
        voting for each idea, in one set-based statement (all ideas when self is empty)."""
        self.env.flush_all()
        if self:
            idea_filter = SQL("WHERE i.id = ANY(%s)", list(self.ids))
            vote_filter = SQL("WHERE v.idea_id = ANY(%s)", list(self.ids))
        else:
            idea_filter = vote_filter = SQL("")
        self.env.cr.execute(
            SQL(
                """
                WITH voters AS (
                    SELECT DISTINCT v.idea_id, p.commercial_partner_id AS company_id
                      FROM social_idea_vote v
                      JOIN res_partner p ON p.id = v.partner_id
                      %(vote_filter)s
                ),
                pipeline AS (
                    SELECT lp.commercial_partner_id AS company_id,
                           SUM(l.expected_revenue) AS revenue
                      FROM crm_lead l
                      JOIN res_partner lp ON lp.id = l.partner_id
                 LEFT JOIN crm_stage s ON s.id = l.stage_id
                     WHERE l.active
                       AND l.type = 'opportunity'
                       AND COALESCE(s.is_won, FALSE) = FALSE
                       AND lp.commercial_partner_id IN (SELECT company_id FROM voters)
                  GROUP BY lp.commercial_partner_id
                ),
                demand AS (
                    SELECT i.id,
                           COALESCE(SUM(pipeline.revenue), 0) AS value,
                           COUNT(voters.company_id) AS companies
                      FROM social_idea i
                 LEFT JOIN voters ON voters.idea_id = i.id
                 LEFT JOIN pipeline ON pipeline.company_id = voters.company_id
                      %(idea_filter)s
                  GROUP BY i.id
                )
                UPDATE social_idea idea
                   SET demand_value = demand.value,
                       demand_company_count = demand.companies
                  FROM demand
                 WHERE demand.id = idea.id
                   AND (idea.demand_value IS DISTINCT FROM demand.value
                        OR idea.demand_company_count IS DISTINCT FROM demand.companies)
                """,
                vote_filter=vote_filter,
                idea_filter=idea_filter,
            )
        )
        self.invalidate_model(["demand_value", "demand_company_count"])

    def _merge_into(self, target):
        """Fold these duplicates into target: votes (no double votes), followers and comments
        move; the duplicates keep a pointer so their page redirects to the kept idea."""
        target.ensure_one()
        if target in self:
            raise UserError(self.env._("An idea cannot be merged into itself."))
        if target.merged_into_id:
            raise UserError(
                self.env._(
                    "“%(idea)s” was already merged into “%(target)s”: keep that one instead.",
                    idea=target.name,
                    target=target.merged_into_id.name,
                )
            )
        if not self:
            return
        sources, target = self.sudo(), target.sudo()
        self.env["social.idea.vote"]._lock_for_voting(sources | target, self.env["res.partner"])
        voters = target.vote_ids.partner_id | target.author_id
        moved = dropped = self.env["social.idea.vote"].sudo()
        for vote in sources.vote_ids.sorted(lambda v: (v.date, v.id)):
            if vote.partner_id in voters:
                dropped |= vote
            else:
                moved |= vote
                voters |= vote.partner_id
        # Points for received votes move from the duplicates' authors to the kept one's.
        self._compensate_events(moved._vote_received_keys())
        dropped.unlink()
        moved.write({"idea_id": target.id})
        self._record_missing_events(moved._vote_received_keys())
        target.message_subscribe(partner_ids=sources.message_partner_ids.ids)
        comments = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "social.idea"),
                    ("res_id", "in", sources.ids),
                    ("message_type", "=", "comment"),
                ]
            )
        )
        comments.write({"res_id": target.id})
        self.sudo().search([("merged_into_id", "in", sources.ids)]).write({"merged_into_id": target.id})
        sources.write({"merged_into_id": target.id})
        self.env["social.idea.vote"]._refresh_open_vote_counts(moved.partner_id)
        (sources | target)._refresh_vote_counts()
        (sources | target)._refresh_demand_values()
        for source in sources:
            target.message_post(
                body=self.env._("Merged the duplicate “%s” into this idea.", source.name),
                subtype_xmlid="mail.mt_note",
            )

    def _on_stage_changed(self, old_stages):
        reopened_or_closed = self.filtered(lambda i: i.stage_id.is_closed != old_stages[i.id].is_closed)
        # Closing an idea gives its votes back to the voters' budget (and reopening takes them).
        self.env["social.idea.vote"]._refresh_open_vote_counts(reopened_or_closed.sudo().vote_ids.partner_id)
        for idea in self:
            old_adopted = old_stages[idea.id].is_adopted
            if idea.stage_id.is_adopted and not old_adopted:
                idea._record_adoption_engagement()
            elif old_adopted and not idea.stage_id.is_adopted:
                idea._revert_adoption_engagement()
        self._notify_stage_change()

    def _notify_stage_change(self):
        """Tell voters and followers, with the template of the new stage."""
        for idea in self.sudo():
            template = idea.stage_id.mail_template_id
            if not template:
                continue
            idea.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=idea.vote_ids.partner_id.ids,
            )

    # ------------------------------------------------------------------
    # Engagement (producer of the social_crm ledger)
    # ------------------------------------------------------------------

    def _submission_keys(self):
        return [
            {
                "partner_id": idea.author_id.id,
                "type_code": "idea_submitted",
                "res_model": "social.idea",
                "res_id": idea.id,
            }
            for idea in self
        ]

    def _adoption_keys(self):
        keys = []
        for idea in self:
            keys.append(
                {
                    "partner_id": idea.author_id.id,
                    "type_code": "idea_adopted",
                    "res_model": "social.idea",
                    "res_id": idea.id,
                }
            )
            keys += [
                {
                    "partner_id": partner.id,
                    "type_code": "idea_vote_adopted",
                    "res_model": "social.idea",
                    "res_id": idea.id,
                }
                for partner in idea.sudo().vote_ids.partner_id
            ]
        return keys

    @api.model
    def _record_missing_events(self, keys):
        """Record the events whose key has no net points yet (idempotent)."""
        if not keys:
            return
        engagement = self.env["social.engagement"].sudo()
        net = engagement.get_net_points([(k["partner_id"], k["type_code"], k["res_model"], k["res_id"]) for k in keys])
        missing = [k for k in keys if not net.get((k["partner_id"], k["type_code"], k["res_model"], k["res_id"]))]
        if missing:
            engagement.record_events(missing)

    @api.model
    def _compensate_events(self, keys):
        if keys:
            self.env["social.engagement"].sudo().compensate_events(keys)

    def _record_submission_engagement(self):
        ideas = self.sudo()
        self._record_missing_events(ideas._submission_keys() + ideas.vote_ids._vote_received_keys())

    def _revert_submission_engagement(self):
        ideas = self.sudo()
        self._compensate_events(ideas._submission_keys() + ideas.vote_ids._vote_received_keys())

    def _record_adoption_engagement(self):
        self._record_missing_events(self.sudo()._adoption_keys())

    def _revert_adoption_engagement(self):
        self._compensate_events(self.sudo()._adoption_keys())
