import hashlib
import hmac
import secrets

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SocialMentionConnector(models.Model):
    """A community platform that pushes its conversations to us through signed webhooks.

    Each connector holds the shared secret of its webhook; a delivery is processed only
    when its HMAC-SHA256 signature of the raw body matches (compared in constant time),
    and a connector without a secret refuses every delivery. The adapters that turn a
    platform's payloads into intake events live in ``social_mention_connector_<kind>.py``.
    """

    _name = "social.mention.connector"
    _description = "Listening Connector"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection([("discourse", "Discourse"), ("github", "GitHub")], required=True, string="Platform")
    channel_id = fields.Many2one(
        "social.channel",
        required=True,
        ondelete="cascade",
        help="Channel of the mentions received; contacts' handles on it are used for matching.",
    )
    secret = fields.Char(
        copy=False,
        groups="social_crm.group_social_crm_manager",
        help="Shared secret of the webhook, also entered on the platform. Without it every delivery is refused.",
    )
    has_secret = fields.Boolean(compute="_compute_has_secret")
    instance_url = fields.Char(
        string="Instance URL",
        help="Address of the platform (for Discourse, the site sending X-Discourse-Instance). "
        "When set, deliveries from another instance are refused.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        help="Team of the mentions that need a response (default: the team of the listening settings).",
    )
    needs_response = fields.Boolean(
        string="New Conversations Need a Response",
        default=True,
        help="New topics, issues and discussions are marked as needing a response.",
    )
    webhook_url = fields.Char(string="Webhook URL", compute="_compute_webhook_url")
    mention_count = fields.Integer(compute="_compute_mention_count")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    @api.depends("kind")
    def _compute_has_secret(self):
        # the secret itself is for managers only; whether there is one is not a secret
        for connector, privileged in zip(self, self.sudo(), strict=True):
            connector.has_secret = bool(privileged.secret)

    @api.depends("kind")
    def _compute_webhook_url(self):
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for connector in self:
            connector.webhook_url = (
                f"{base_url}/social_crm/webhook/{connector.kind}/{connector.id}"
                if connector.kind and connector.id
                else False
            )

    def _compute_mention_count(self):
        counts = dict(
            self.env["social.mention"]._read_group([("connector_id", "in", self.ids)], ["connector_id"], ["__count"])
        )
        for connector in self:
            connector.mention_count = counts.get(connector, 0)

    @api.constrains("instance_url")
    def _check_instance_url(self):
        for connector in self:
            if connector.instance_url and not connector.instance_url.startswith(("https://", "http://")):
                raise ValidationError(self.env._("The instance URL must start with https:// or http://."))

    def action_generate_secret(self):
        """A new random secret, to paste into the platform's webhook settings."""
        self.check_access("write")
        for connector in self:
            connector.sudo().secret = secrets.token_urlsafe(32)
        return True

    def action_view_mentions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("social_crm.social_mention_action")
        action["domain"] = [("connector_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Deliveries
    # ------------------------------------------------------------------

    def _social_crm_check_signature(self, body, signature):
        """Whether ``signature`` ("sha256=<hex>") is the HMAC-SHA256 of ``body`` with our secret.

        Fails closed: no secret, no signature or another scheme is never valid.
        """
        self.ensure_one()
        secret = self.sudo().secret
        if not secret or not signature or not isinstance(body, bytes):
            return False
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected.encode(), signature.strip().encode(errors="replace"))

    def _social_crm_webhook_events(self, headers, payload):
        """Turn a delivery into ``(answer, events)`` with the adapter of the platform.

        ``answer`` is None when ``events`` must be ingested, else the JSON answer of a
        delivery that carries no mention (ping, an action we do not listen to). A payload
        that is not what the platform documents raises ValidationError.
        """
        self.ensure_one()
        if not isinstance(payload, dict):
            raise ValidationError(self.env._("The payload must be a JSON object."))
        return getattr(self, f"_social_crm_{self.kind}_events")(headers, payload)

    def _social_crm_receive(self, headers, payload):
        """Ingest a verified delivery; returns the JSON answer."""
        self.ensure_one()
        answer, events = self._social_crm_webhook_events(headers, payload)
        if answer is not None:
            return answer
        result = self.env["social.mention"].sudo()._social_crm_ingest(events, connector=self)
        return {"status": "ok", **result}
