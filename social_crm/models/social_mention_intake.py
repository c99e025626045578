import hashlib

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .social_mention_intake_validation import MAX_EVENTS, IntakeError


def tombstone_key(external_id):
    """Erased mentions leave only a hash of their external id behind."""
    return hashlib.sha256(external_id.encode()).hexdigest()


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

    @api.model
    def _social_crm_intake_answer(self, results):
        counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
        for result in results:
            counts[result["status"]] += 1
        return {**counts, "results": results}

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


def _sql_value(column, value):
    """Booleans stay booleans; empty values of other columns are NULL (never 'false')."""
    return bool(value) if column in _BOOLEAN_COLUMNS else (value or None)


def _key(row):
    return (row["channel_id"], row["external_id"])
