import hashlib
import re
from datetime import datetime, timedelta, timezone

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, email_normalize, html2plaintext
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


def tombstone_key(external_id):
    """Erased mentions leave only a hash of their external id behind."""
    return hashlib.sha256(external_id.encode()).hexdigest()


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


class SocialMentionIntake(models.Model):
    """The intake: batches of outside events become mentions, each stored once.

    Used by the HTTP API, by the webhook adapters of the connectors and in-process
    (benchmarks, imports). Every event is validated first; valid events are inserted by
    one ``INSERT ... ON CONFLICT DO NOTHING`` on (channel, external id), so a redelivered
    or concurrently delivered event is stored once, then the new mentions go through
    matching, answers, the ledger and buying signals as a set.
    """

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.mention"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _social_crm_ingest(self, events, atomic=False, connector=None):
        """Store a batch of events; returns the per-event answer (see INGESTION_API.md).

        ``atomic``: when any event is rejected, nothing is written. ``connector``: the
        webhook connector the events came through (team, company). Raises
        ValidationError only when ``events`` is not a list or holds too many events.
        """
        if not isinstance(events, list):
            raise ValidationError(self.env._("The events must be a list."))
        if len(events) > MAX_EVENTS:
            raise ValidationError(
                self.env._("A batch holds at most %(max)s events, got %(count)s.", max=MAX_EVENTS, count=len(events))
            )
        company = connector.company_id if connector else self.env.company
        channels = self._social_crm_intake_channels(events)
        results, rows = [], []
        for index, event in enumerate(events):
            try:
                row = self._social_crm_intake_row(event, channels, company, connector)
            except IntakeError as error:
                results.append(self._social_crm_intake_rejection(index, event, error.code, error.message))
                continue
            results.append({"index": index, "external_id": row["external_id"]})
            rows.append((index, row))
        rejected = [r for r in results if r.get("status") == "rejected"]
        if atomic and rejected:
            for result in results:
                if "status" not in result:
                    result.update(
                        status="rejected",
                        error="batch_aborted",
                        message=self.env._("Not written: another event of this atomic batch was rejected."),
                    )
            return self._social_crm_intake_answer(results)
        erased = self._social_crm_erased_keys(rows)
        batch_keys = set()
        to_insert = []
        for index, row in rows:
            key = (row["channel_id"], row["external_id"])
            if key in erased:
                results[index].update(
                    status="rejected",
                    error="erased",
                    message=self.env._("This item was erased on request and is not stored again."),
                )
            elif key in batch_keys:
                results[index].update(status="duplicate")
            else:
                batch_keys.add(key)
                to_insert.append((index, row))
        inserted = self._social_crm_insert_rows([row for _index, row in to_insert])
        existing = self._social_crm_existing_ids([row for _index, row in to_insert if _key(row) not in inserted])
        edited = self.browse()
        for index, row in to_insert:
            key = _key(row)
            if key in inserted:
                results[index].update(status="accepted", id=inserted[key])
            else:
                results[index].update(status="duplicate", id=existing.get(key))
                if row["edit"] and existing.get(key):
                    mention = self.browse(existing[key])
                    if mention._social_crm_apply_edit(row):
                        edited |= mention
                        results[index].update(status="accepted", updated=True)
        self.browse(sorted(inserted.values()))._social_crm_process_new()
        edited._social_crm_apply_buying_signals()
        return self._social_crm_intake_answer(results)

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------

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
    def _social_crm_intake_answer(self, results):
        counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
        for result in results:
            counts[result["status"]] += 1
        return {**counts, "results": results}

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

    # ------------------------------------------------------------------
    # Storage
    # ------------------------------------------------------------------

    @api.model
    def _social_crm_erased_keys(self, rows):
        if not rows:
            return set()
        Tombstone = self.env["social.mention.tombstone"].sudo()
        Tombstone.flush_model()
        by_hash = {(row["channel_id"], tombstone_key(row["external_id"])): _key(row) for _index, row in rows}
        self.env.cr.execute(
            SQL(
                """
                SELECT t.channel_id, t.external_id_hash
                  FROM social_mention_tombstone t
                  JOIN unnest(%(channels)s::int[], %(hashes)s::varchar[]) AS k(channel_id, external_id_hash)
                    ON k.channel_id = t.channel_id AND k.external_id_hash = t.external_id_hash
                """,
                channels=[key[0] for key in by_hash],
                hashes=[key[1] for key in by_hash],
            )
        )
        return {by_hash[found] for found in self.env.cr.fetchall()}

    @api.model
    def _social_crm_insert_rows(self, rows):
        """Insert the rows whose (channel, external id) is new; {key: id} of those inserted.

        Raw SQL on the model's own table: ``ON CONFLICT DO NOTHING`` is what makes a
        concurrent duplicate wait for the first delivery instead of failing on the
        unique constraint. Stored fields are all given here; the ORM processing runs
        on the inserted records afterwards.
        """
        if not rows:
            return {}
        self.flush_model()
        now = fields.Datetime.now()
        uid = self.env.uid
        columns = [
            "channel_id",
            "external_id",
            "kind",
            "url",
            "title",
            "excerpt",
            "thread_ref",
            "author_handle",
            "author_key",
            "author_name",
            "author_email",
            "author_email_key",
            "author_is_staff",
            "posted_at",
            "needs_response",
            "team_id",
            "connector_id",
            "delivery_ref",
            "company_id",
        ]
        values = SQL(", ").join(
            SQL(
                "(%s, 'new', false, %s, %s, %s, %s)",
                SQL(", ").join(SQL("%s", _sql_value(column, row[column])) for column in columns),
                uid,
                now,
                uid,
                now,
            )
            for row in rows
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO social_mention (%(columns)s, status, escalated,
                                            create_uid, create_date, write_uid, write_date)
                VALUES %(values)s
                ON CONFLICT (channel_id, external_id) DO NOTHING
                RETURNING id, channel_id, external_id
                """,
                columns=SQL(", ").join(SQL.identifier(column) for column in columns),
                values=values,
            )
        )
        inserted = {
            (channel_id, external_id): mention_id for mention_id, channel_id, external_id in self.env.cr.fetchall()
        }
        self.invalidate_model()
        return inserted

    @api.model
    def _social_crm_existing_ids(self, rows):
        if not rows:
            return {}
        self.env.cr.execute(
            SQL(
                """
                SELECT m.id, m.channel_id, m.external_id
                  FROM social_mention m
                  JOIN unnest(%(channels)s::int[], %(ids)s::varchar[]) AS k(channel_id, external_id)
                    ON k.channel_id = m.channel_id AND k.external_id = m.external_id
                """,
                channels=[row["channel_id"] for row in rows],
                ids=[row["external_id"] for row in rows],
            )
        )
        return {(channel_id, external_id): mention_id for mention_id, channel_id, external_id in self.env.cr.fetchall()}

    def _social_crm_apply_edit(self, row):
        """An edited item (e.g. Discourse's post_edited) updates its mention; True if it changed."""
        self.ensure_one()
        vals = {
            field: row[field] or False
            for field in ("title", "excerpt", "url")
            if row[field] and row[field] != self[field]
        }
        if vals:
            # the delivery that brought the edit, so that its redelivery is a duplicate
            if row.get("delivery_ref"):
                vals["delivery_ref"] = row["delivery_ref"]
            self.sudo().write(vals)
        return bool(vals)


_BOOLEAN_COLUMNS = {"author_is_staff", "needs_response"}


def _echo(value, limit):
    """Part of a received string, safe to send back in JSON (lone surrogates escaped)."""
    return value[:limit].encode("utf-8", "backslashreplace").decode()


def _sql_value(column, value):
    """Booleans stay booleans; empty values of other columns are NULL (never 'false')."""
    return bool(value) if column in _BOOLEAN_COLUMNS else (value or None)


def _key(row):
    return (row["channel_id"], row["external_id"])


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
