import re
from datetime import datetime, timedelta, timezone

from odoo import api, fields, models
from odoo.tools import email_normalize, html2plaintext
from odoo.tools.mail import single_email_re

from .social_mention import MENTION_KINDS, normalize_handle

# Limits of the intake, documented in docs/INGESTION_API.md.
MAX_EVENTS = 500
MAX_TEXT = 10_000
MAX_TITLE = 500
MAX_EXCERPT = 1_000
MAX_SHORT = 255
MAX_URL = 2_048
MIN_DATE = datetime(1990, 1, 1)
FUTURE_TOLERANCE = timedelta(days=1)

_KINDS = dict(MENTION_KINDS)
_HTML_TAG_RE = re.compile(r"<[a-zA-Z/!][^>]*>")
_HIDDEN_HTML_RE = re.compile(r"<(script|style|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANKS_RE = re.compile(r"[ \t\r\f\v]+")
_EMPTY_LINES_RE = re.compile(r"\n\s*\n\s*\n+")
_URL_RE = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$", re.IGNORECASE)


class IntakeError(Exception):
    """A per-event error: a stable ``code`` for programs and a message for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def make_excerpt(text):
    """Plain text of at most MAX_EXCERPT characters: markup removed, blanks collapsed."""
    if not text:
        return False
    if _HTML_TAG_RE.search(text):
        text = html2plaintext(_HIDDEN_HTML_RE.sub(" ", text))
    text = _CONTROL_RE.sub(" ", text)
    text = _BLANKS_RE.sub(" ", text)
    text = _EMPTY_LINES_RE.sub("\n\n", text).strip()
    if len(text) > MAX_EXCERPT:
        text = text[: MAX_EXCERPT - 1].rstrip() + "…"
    return text or False


class SocialMentionIntakeValidation(models.Model):
    """What the intake accepts: each outside event is checked and becomes the values of a row.

    A rejected event gets a stable error code and a message (docs/INGESTION_API.md); the
    intake (social_mention_intake.py) stores the rows of the events accepted.
    """

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.mention"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _social_crm_intake_channels(self, events):
        codes = {e.get("channel") for e in events if isinstance(e, dict) and isinstance(e.get("channel"), str)}
        codes = {code for code in codes if "\x00" not in code}
        if not codes:
            return {}
        channels = self.env["social.channel"].sudo().search_read([("code", "in", list(codes))], ["code"])
        return {channel["code"]: channel["id"] for channel in channels}

    @api.model
    def _social_crm_intake_rejection(self, index, event, code, message):
        external_id = event.get("external_id") if isinstance(event, dict) else None
        result = {"index": index, "status": "rejected", "error": code, "message": message}
        if isinstance(external_id, str):
            result["external_id"] = _echo(external_id, MAX_SHORT)
        elif isinstance(external_id, int) and not isinstance(external_id, bool) and abs(external_id) < 10**MAX_SHORT:
            result["external_id"] = str(external_id)
        return result

    @api.model
    def _social_crm_intake_row(self, event, channels, company, connector):
        """Validate one event and return the values of its row; raise IntakeError."""
        if not isinstance(event, dict):
            raise IntakeError("invalid_event", self.env._("Each event must be a JSON object."))
        channel_code = _text(event, "channel", MAX_SHORT, required=True, env=self.env)
        if channel_code not in channels:
            raise IntakeError("unknown_channel", self.env._("Unknown channel %(channel)r.", channel=channel_code))
        external_id = event.get("external_id")
        if isinstance(external_id, int) and not isinstance(external_id, bool):
            try:
                external_id = str(external_id)
            except ValueError:  # more digits than Python converts
                external_id = "9" * (MAX_SHORT + 1)
        if external_id is None or (isinstance(external_id, str) and not external_id.strip()):
            raise IntakeError("missing_external_id", self.env._("The event has no external_id."))
        external_id = _text({"external_id": external_id}, "external_id", MAX_SHORT, env=self.env).strip()
        kind = event.get("kind") or "post"
        if not isinstance(kind, str) or kind not in _KINDS:
            raise IntakeError(
                "invalid_kind",
                self.env._(
                    "Unknown kind %(kind)s; use one of %(kinds)s.", kind=repr(kind)[:64], kinds=", ".join(_KINDS)
                ),
            )
        author_handle = _text(event, "author_handle", MAX_SHORT, env=self.env)
        author_name = _text(event, "author_name", MAX_SHORT, env=self.env)
        author_email = _text(event, "author_email", MAX_SHORT, env=self.env)
        author_email_key = False
        if author_email:
            author_email_key = single_email_re.match(author_email.strip()) and email_normalize(author_email)
            if not author_email_key:
                raise IntakeError(
                    "invalid_email", self.env._("%(email)r is not an e-mail address.", email=author_email)
                )
        if not (author_handle or author_email or author_name):
            raise IntakeError(
                "missing_author", self.env._("The event needs an author_handle, an author_email or an author_name.")
            )
        url = _text(event, "url", MAX_URL, env=self.env)
        if url and not _URL_RE.match(url):
            raise IntakeError("invalid_url", self.env._("The url must be an http(s) address."))
        text = _text(event, "text", MAX_TEXT, env=self.env, code="text_too_long")
        needs_response = _flag(event, "needs_response", self.env)
        team = connector.team_id if connector and connector.team_id else company.social_crm_listening_team_id
        return {
            "channel_id": channels[channel_code],
            "external_id": external_id,
            "kind": kind,
            "url": url,
            "title": _text(event, "title", MAX_TITLE, env=self.env),
            "excerpt": make_excerpt(text),
            "thread_ref": _text(event, "thread", MAX_SHORT, env=self.env),
            "author_handle": author_handle,
            "author_key": normalize_handle(author_handle),
            "author_name": author_name,
            "author_email": author_email,
            "author_email_key": author_email_key,
            "author_is_staff": _flag(event, "from_staff", self.env),
            "posted_at": _date(event, "posted_at", self.env),
            "needs_response": needs_response,
            "team_id": team.id if needs_response and team else None,
            "connector_id": connector.id if connector else None,
            "delivery_ref": _text(event, "delivery", MAX_SHORT, env=self.env),
            "company_id": company.id,
            "edit": _flag(event, "edit", self.env),
        }


def _echo(value, limit):
    """Part of a received string, safe to send back in JSON (lone surrogates escaped)."""
    return value[:limit].encode("utf-8", "backslashreplace").decode()


def _text(event, name, limit, env, required=False, code=None):
    """A string field of an event, checked; False when absent."""
    value = event.get(name)
    if value is None or value == "":
        if required:
            raise IntakeError(f"missing_{name}", env._("The event has no %(field)s.", field=name))
        return False
    if not isinstance(value, str):
        raise IntakeError(f"invalid_{name}", env._("%(field)s must be a string.", field=name))
    if "\x00" in value:
        raise IntakeError("nul_byte", env._("%(field)s contains a NUL character.", field=name))
    try:
        value.encode()
    except UnicodeEncodeError as error:
        raise IntakeError("invalid_text", env._("%(field)s is not valid Unicode text.", field=name)) from error
    if len(value) > limit:
        raise IntakeError(
            code or f"{name}_too_long",
            env._("%(field)s is longer than %(limit)s characters.", field=name, limit=limit),
        )
    return value


def _flag(event, name, env):
    value = event.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise IntakeError(f"invalid_{name}", env._("%(field)s must be true or false.", field=name))
    return value


def _date(event, name, env):
    """An ISO 8601 date-time, as naive UTC, between 1990 and tomorrow; now when absent."""
    value = event.get(name)
    now = fields.Datetime.now()
    if value is None:
        return now
    if not isinstance(value, str) or "\x00" in value or len(value) > 64:
        raise IntakeError("invalid_date", env._("%(field)s must be an ISO 8601 date-time string.", field=name))
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        date = datetime.fromisoformat(text)
        if date.tzinfo:
            date = date.astimezone(timezone.utc).replace(tzinfo=None)
    except (ValueError, OverflowError) as error:
        raise IntakeError(
            "invalid_date", env._("%(value)s is not an ISO 8601 date-time.", value=repr(value[:64]))
        ) from error
    if date < MIN_DATE or date > now + FUTURE_TOLERANCE:
        raise IntakeError(
            "date_out_of_range",
            env._("%(field)s must lie between 1990 and tomorrow, got %(value)s.", field=name, value=_echo(value, 64)),
        )
    return date.replace(microsecond=0)
