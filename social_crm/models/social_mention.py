from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

MENTION_KINDS = [
    ("post", "Post"),
    ("reply", "Reply"),
    ("comment", "Comment"),
    ("review", "Review"),
    ("star", "Star"),
    ("issue", "Issue"),
    ("discussion", "Discussion"),
    ("other", "Other"),
]
MENTION_STATUSES = [
    ("new", "New"),
    ("unmatched", "Unmatched"),
    ("matched", "Matched"),
    ("answered", "Answered"),
    ("ignored", "Ignored"),
]
# statuses of a mention that is attributed to its partner and worth its engagement event
COUNTED_STATUSES = ("matched", "answered")
# statuses still waiting for somebody
OPEN_STATUSES = ("new", "matched", "unmatched")


def normalize_handle(handle):
    """The key handles are compared on: ``@Alice `` and ``alice`` are the same person."""
    return (handle or "").strip().lstrip("@").strip().lower() or False


class SocialMention(models.Model):
    """One conversation item from outside Odoo: a post, reply, review, star...

    Mentions arrive through the intake API or the webhooks of a connector (checked in
    ``social_mention_intake_validation.py``, stored by ``social_mention_intake.py``), are
    matched to a partner by handle or e-mail (``social_mention_matching.py``) and, once
    attributed, are worth one engagement event in the ledger, dated when they were posted
    (``_social_crm_sync_engagement``, the only place that talks to the ledger).
    """

    _name = "social.mention"
    _description = "Community Mention"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "posted_at desc, id desc"
    _rec_names_search = ["title", "excerpt", "author_handle", "author_name", "author_email"]

    channel_id = fields.Many2one("social.channel", required=True, index=True, ondelete="cascade", readonly=True)
    external_id = fields.Char(
        string="External ID",
        required=True,
        readonly=True,
        copy=False,
        help="Identifier of the item on its channel; a channel never stores the same one twice.",
    )
    kind = fields.Selection(MENTION_KINDS, required=True, default="post", readonly=True)
    url = fields.Char(string="URL", readonly=True)
    title = fields.Char(readonly=True)
    excerpt = fields.Text(readonly=True, help="Plain-text excerpt of what was said, markup removed.")
    summary = fields.Char(compute="_compute_summary", help="The title, or the beginning of the excerpt.")
    thread_ref = fields.Char(
        string="Conversation",
        index=True,
        readonly=True,
        help="Key of the conversation (topic, issue...) the item belongs to on its channel.",
    )
    author_handle = fields.Char(readonly=True, tracking=True)
    author_key = fields.Char(
        compute="_compute_author_key",
        store=True,
        index=True,
        help="Handle as compared with the handles of contacts (lowercase, no leading @).",
    )
    author_name = fields.Char(readonly=True)
    author_email = fields.Char(readonly=True)
    author_email_key = fields.Char(compute="_compute_author_email_key", store=True, index=True)
    author_is_staff = fields.Boolean(
        string="From Our Team",
        readonly=True,
        help="The source says the author speaks for the company: a reply answers the conversation.",
    )
    posted_at = fields.Datetime(required=True, index=True, readonly=True, default=fields.Datetime.now)
    partner_id = fields.Many2one(
        "res.partner", string="Contact", index=True, ondelete="set null", readonly=True, tracking=True
    )
    partner_contact_consent = fields.Boolean(related="partner_id.community_contact_consent", string="Contact Consent")
    lead_id = fields.Many2one("crm.lead", index="btree_not_null", ondelete="set null", tracking=True)
    status = fields.Selection(MENTION_STATUSES, required=True, default="new", index=True, tracking=True, readonly=True)
    needs_response = fields.Boolean(tracking=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", index="btree_not_null", tracking=True)
    escalated = fields.Boolean(readonly=True, copy=False)
    answered_by_id = fields.Many2one("res.users", readonly=True)
    answered_at = fields.Datetime(readonly=True)
    connector_id = fields.Many2one("social.mention.connector", ondelete="set null", readonly=True)
    delivery_ref = fields.Char(
        string="Delivery", readonly=True, index="btree_not_null", help="Identifier of the delivery that brought it."
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, readonly=True
    )

    _sql_constraints = [
        (
            "channel_external_id_unique",
            "UNIQUE(channel_id, external_id)",
            "A channel cannot store the same external item twice.",
        ),
    ]

    @api.depends("author_handle")
    def _compute_author_key(self):
        for mention in self:
            mention.author_key = normalize_handle(mention.author_handle)

    @api.depends("author_email")
    def _compute_author_email_key(self):
        for mention in self:
            mention.author_email_key = (mention.author_email or "").strip().lower() or False

    @api.depends("title", "excerpt")
    def _compute_summary(self):
        for mention in self:
            text = mention.title or (mention.excerpt or "").split("\n", 1)[0]
            mention.summary = text[:79] + "…" if len(text) > 80 else text

    @api.depends("summary", "author_handle", "author_name", "channel_id")
    def _compute_display_name(self):
        for mention in self:
            author = mention.author_name or mention.author_handle or mention.author_email or ""
            mention.display_name = " · ".join(
                part for part in (mention.channel_id.name, author, mention.summary) if part
            )

    @api.constrains("url")
    def _check_url(self):
        # the link is opened from the backend: only web addresses (no javascript: or data:)
        for mention in self:
            if mention.url and not mention.url.lower().startswith(("https://", "http://")):
                raise ValidationError(self.env._("The link of a mention must be an http(s) address."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # Mentions created by hand (backend, demo) go through the same processing as the
        # intake, which inserts its rows itself (see _social_crm_ingest).
        mentions = super().create(vals_list)
        mentions._social_crm_process_new()
        return mentions

    def write(self, vals):
        res = super().write(vals)
        if {"partner_id", "status", "kind", "posted_at", "channel_id"} & set(vals):
            self._social_crm_sync_engagement()
        return res

    def unlink(self):
        # the ledger keeps its history: compensate before the origin disappears (a privacy
        # erase has already removed the partner's rows)
        if not self.env.context.get("social_crm_privacy_erase"):
            self.sudo().with_context(tracking_disable=True).status = "ignored"
        return super().unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_ignore(self):
        self.write({"status": "ignored", "needs_response": False})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_restore(self):
        for mention in self.filtered(lambda m: m.status == "ignored"):
            mention.status = mention._social_crm_expected_status()
        return True

    def action_mark_answered(self):
        open_mentions = self.filtered(lambda m: not m.answered_at)
        open_mentions.write({"answered_at": fields.Datetime.now(), "answered_by_id": self.env.user.id})
        for mention in open_mentions.filtered(lambda m: m.status != "ignored"):
            mention.status = mention._social_crm_expected_status()
        open_mentions.activity_feedback(
            ["mail.mail_activity_data_todo"], feedback=self.env._("Answered by %(name)s", name=self.env.user.name)
        )
        return True

    def action_open_url(self):
        self.ensure_one()
        if not self.url:
            raise UserError(self.env._("This mention has no link."))
        return {"type": "ir.actions.act_url", "url": self.url, "target": "new"}

    def action_link_partner_wizard(self):
        # created here, not by the dialog: the buttons of its suggestion lines need saved lines
        wizard = self.env["social.mention.link"].create({"mention_ids": [Command.set(self.ids)]})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Link to a Contact"),
            "res_model": "social.mention.link",
            "res_id": wizard.id,
            "views": [(False, "form")],
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    def _social_crm_expected_status(self):
        """Status of a mention that is not ignored, from its attribution and answer."""
        self.ensure_one()
        if not self.partner_id:
            return "unmatched"
        return "answered" if self.answered_at else "matched"

    def _social_crm_process_new(self):
        """Everything a fresh mention goes through: matching, answers, ledger, signals."""
        if not self:
            return
        self._social_crm_match()
        self._social_crm_mark_threads_answered()
        self._social_crm_sync_engagement()
        self._social_crm_apply_buying_signals()

    def _social_crm_engagement_types(self):
        """{(channel_id, kind): type code} of the listening engagement types.

        A type of kind "any" stands for every kind of its channel without a type of its own.
        """
        types = (
            self.env["social.engagement.type"]
            .sudo()
            .search([("mention_kind", "!=", False), ("channel_id", "in", self.channel_id.ids)])
        )
        mapping = {}
        for engagement_type in types.sorted(lambda t: t.mention_kind != "any"):
            mapping[(engagement_type.channel_id.id, engagement_type.mention_kind)] = engagement_type.code
        return mapping

    def _social_crm_sync_engagement(self):
        """State what these mentions are worth in the ledger: the one call to the producer API.

        An attributed mention (matched or answered) is worth one event of the type of its
        channel and kind, for its partner, dated when it was posted so that the decay is
        right even when it is attributed weeks later. Anything else (unmatched, ignored,
        moved to another partner, deleted) is worth nothing, and ``sync_events`` writes
        exactly the rows and compensations that bring the ledger there.
        """
        if not self:
            return {"recorded": 0, "compensated": 0}
        mentions = self.sudo()
        types = mentions._social_crm_engagement_types()
        events = []
        for mention in mentions:
            if not mention.partner_id or mention.status not in COUNTED_STATUSES:
                continue
            channel = mention.channel_id.id
            type_code = types.get((channel, mention.kind)) or types.get((channel, "any"))
            if not type_code:
                continue
            events.append(
                {
                    "partner_id": mention.partner_id.id,
                    "type_code": type_code,
                    "res_model": self._name,
                    "res_id": mention.id,
                    "date": mention.posted_at,
                    "company_id": mention.company_id.id,
                }
            )
        return (
            self.env["social.engagement"]
            .sudo()
            .sync_events([(self._name, mention_id) for mention_id in mentions.ids], events)
        )
