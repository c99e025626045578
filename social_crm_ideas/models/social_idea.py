from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, create_index

TITLE_MAX_LENGTH = 120
# The description as a person types it (plain text); its HTML limit: social_idea_submission.py.
DESCRIPTION_MAX_LENGTH = 10000
# Fields the author (a portal user) may change while the idea is still in the first stage.
AUTHOR_EDITABLE_FIELDS = {"name", "description", "tag_ids"}
# Kept by the system alone (counts, demand, status date): nobody sets them over RPC.
SYSTEM_FIELDS = frozenset(
    {"vote_count", "recent_vote_count", "demand_value", "demand_company_count", "date_stage", "merged_into_id"}
)


class SocialIdea(models.Model):
    """An idea of the ideas board: submission, publication, votes counted, status workflow.

    Vote counts: ``social_idea_vote_count.py``; engagement: ``social_idea_engagement.py``;
    demand value: ``social_idea_demand.py``; merging duplicates: ``social_idea_merge.py``;
    vote budget: ``social_idea_vote_budget.py``; what customers may submit and edit:
    ``social_idea_submission.py``.
    """

    _name = "social.idea"
    _description = "Idea"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "vote_count desc, id desc"
    # Portal users who can read a published idea may comment on it.
    _mail_post_access = "read"

    name = fields.Char("Title", required=True, tracking=True)
    description = fields.Html(sanitize=True, sanitize_overridable=False)
    # Internal users only: customers see an author's name only where the author gave public
    # consent, through the website's pages (author_display_name), never through this field.
    author_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        default=lambda self: self.env.user.partner_id,
        tracking=True,
        groups="base.group_user",
    )
    author_display_name = fields.Char("Author Name", compute="_compute_author_display_name", compute_sudo=True)
    is_my_idea = fields.Boolean(compute="_compute_is_my_idea", search="_search_is_my_idea")
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

    @api.depends("author_id")
    @api.depends_context("uid")
    def _compute_author_display_name(self):
        me = self.env.user.partner_id
        for idea in self:
            author = idea.author_id
            shown = author == me or author.community_public_consent or not self.env.user.share
            idea.author_display_name = author.name if shown else self.env._("A customer")

    @api.depends("author_id")
    @api.depends_context("uid")
    def _compute_is_my_idea(self):
        me = self.env.user.partner_id
        for idea in self:
            idea.is_my_idea = idea.sudo().author_id == me

    def _search_is_my_idea(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on “My idea”."))
        mine = self.sudo()._search([("author_id", "=", self.env.user.partner_id.id)])
        return [("id", "in" if (operator == "=") == value else "not in", mine)]

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
        for vals in vals_list:
            self._check_text_vals(vals)
        if self._is_portal_user():
            self._check_submission_rate(len(vals_list))
            publish = self._auto_publish()
            first_stage = self._default_stage_id()
            for vals in vals_list:
                unknown = set(vals) - AUTHOR_EDITABLE_FIELDS
                if unknown:
                    raise AccessError(
                        self.env._("You cannot set these fields: %(fields)s", fields=", ".join(sorted(unknown)))
                    )
                vals.update(
                    author_id=self.env.user.partner_id.id,
                    stage_id=first_stage.id,
                    is_published=publish,
                    company_id=self.env.company.id,
                )
        else:
            for vals in vals_list:
                self._check_system_fields(vals)
            if any(vals.get("is_published") for vals in vals_list):
                self._check_can_publish()
        ideas = super().create(vals_list)
        # Authors follow their idea; portal users cannot subscribe themselves.
        for idea in ideas.sudo():
            idea.message_subscribe(partner_ids=idea.author_id.ids)
        return ideas

    def write(self, vals):
        self._check_text_vals(vals)
        if self._is_portal_user():
            self._check_author_edit(vals)
        if "merged_into_id" in vals and not self.env.su:
            raise UserError(self.env._("Use the merge wizard to merge ideas."))
        self._check_system_fields(vals)
        if "is_published" in vals or "stage_id" in vals:
            self._check_can_publish()
        if "stage_id" in vals:
            # the status history and the voters' e-mail: social_idea_status_history.py
            vals = dict(vals, date_stage=fields.Datetime.now())
        return super().write(vals)

    def message_post(self, **kwargs):
        # Visitors read the comments; writing one needs an account (the portal chatter
        # posts as sudo on behalf of whoever can read the idea).
        user = self.env.user
        if user._is_public():
            raise AccessError(self.env._("Log in to comment on ideas."))
        if user.share:
            # a customer's comment is theirs: never another author or sender (impersonation)
            kwargs["author_id"] = user.partner_id.id
            kwargs.pop("email_from", None)
        if kwargs.get("message_type") == "comment":
            self._check_comment_body(kwargs.get("body") or "")
        return super().message_post(**kwargs)

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

    def action_view_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [("id", "in", self.lead_ids.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_votable(self):
        """Raise a clear error when one of the ideas does not accept votes."""
        for idea in self:
            if not idea.is_published:
                # the same answer as for an idea that does not exist: no title, nothing
                raise ValidationError(self.env._("This idea does not exist or is not published."))
            if idea.merged_into_id:
                target = idea._final_idea()
                if not target.is_published:
                    raise ValidationError(
                        self.env._("This idea was merged into another one: it no longer takes votes.")
                    )
                raise ValidationError(
                    self.env._(
                        "The idea “%(idea)s” was merged into “%(target)s”: vote there instead.",
                        idea=idea.name,
                        target=target.name,
                    )
                )
            if idea.is_closed:
                raise ValidationError(
                    self.env._("The idea “%(idea)s” is closed: it no longer accepts votes.", idea=idea.name)
                )

    def _final_idea(self):
        """The idea this one was (transitively) merged into, or itself."""
        self.ensure_one()
        idea = self
        while idea.merged_into_id:
            idea = idea.merged_into_id
        return idea

    @api.model
    def _store_computed(self, query, fnames):
        """Store the values of stored computes for every idea in one UPDATE (nightly jobs).

        ``query`` selects (id, <one column per field of fnames>), as the compute methods read
        it for their own records; rows whose values did not change are not rewritten.
        """
        columns = [SQL.identifier(fname) for fname in fnames]
        values = [SQL.identifier("value_%s" % index) for index in range(len(fnames))]
        self.env.cr.execute(
            SQL(
                """
                UPDATE social_idea idea SET %(assign)s
                  FROM (%(query)s) AS computed(id, %(values)s)
                 WHERE computed.id = idea.id AND (%(changed)s)
                """,
                assign=SQL(", ").join(SQL("%s = computed.%s", c, v) for c, v in zip(columns, values, strict=True)),
                query=query,
                values=SQL(", ").join(values),
                changed=SQL(" OR ").join(
                    SQL("idea.%s IS DISTINCT FROM computed.%s", c, v) for c, v in zip(columns, values, strict=True)
                ),
            )
        )
        self.invalidate_model(fnames)
