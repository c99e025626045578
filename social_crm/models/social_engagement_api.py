import math
from collections import defaultdict
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL


class SocialEngagement(models.Model):
    """The producer contract: the only way into the ledger (see docs/ARCHITECTURE.md).

    ``record_events``, ``compensate_events``, ``get_net_points`` and ``sync_events`` take and
    return plain values (RPC-safe); producers written as Odoo models use the producer mixin
    (``social.engagement.producer``), which calls ``_restate`` with their SQL rule, and the
    backfill (``social.engagement.backfill``) for their history.
    """

    # one job per file (docs/ARCHITECTURE.md), against OCA's advice to merge the inheriting classes
    _inherit = "social.engagement"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _check_ledger_api_access(self, operation):
        """The API is public (RPC): without sudo, it requires the ledger access rights.

        Producers call it with sudo() from their own controllers, as documented.
        """
        if self.env.su:
            return
        if operation == "read" and not self.env.user._is_internal():
            raise AccessError(self.env._("You are not allowed to read ledger totals."))
        self.check_access(operation)

    @api.model
    def _check_points(self, points):
        """Points are a finite number (NaN and infinities would poison every sum they reach)."""
        if points is None:
            return None
        if isinstance(points, bool) or not isinstance(points, int | float) or not math.isfinite(points):
            raise ValidationError(self.env._("Engagement points must be a finite number, got %(value)r.", value=points))
        return float(points)

    @api.model
    def _check_date(self, value, default):
        if not value:
            return default
        if isinstance(value, datetime):
            return value
        try:
            return fields.Datetime.to_datetime(value)
        except (ValueError, TypeError) as error:
            raise ValidationError(self.env._("Invalid event date %(date)r.", date=value)) from error

    @api.model
    def _resolve_events(self, events):
        """Validate events and resolve their partners and types in one query.

        Returns the events as dicts completed with the type's ``type_id`` and ``type_code``,
        their ``points`` checked (None: the type's default) and their ``date`` parsed (None:
        now). Raises ValidationError before anything is written when any event is invalid.
        """
        if not isinstance(events, list | tuple):
            raise ValidationError(self.env._("Events must be given as a list of dictionaries."))
        partner_ids, type_codes, type_ids = set(), set(), set()
        for event in events:
            if not isinstance(event, dict):
                raise ValidationError(self.env._("Each event must be a dictionary."))
            partner_id = event.get("partner_id")
            if not partner_id or not isinstance(partner_id, int) or isinstance(partner_id, bool):
                raise ValidationError(
                    self.env._("An engagement event needs a partner id, got %(value)r.", value=partner_id)
                )
            partner_ids.add(partner_id)
            if event.get("type_code"):
                type_codes.add(event["type_code"])
            elif event.get("type_id"):
                type_ids.add(event["type_id"])
            else:
                raise ValidationError(self.env._("An engagement event needs a type code."))
        if not events:
            return []
        self.env["res.partner"].flush_model(["company_id"])
        self.env["social.engagement.type"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT 'partner', id, NULL FROM res_partner WHERE id = ANY(%(partners)s)
                 UNION ALL
                SELECT 'type', id, code FROM social_engagement_type
                 WHERE code = ANY(%(codes)s) OR id = ANY(%(type_ids)s)
                """,
                partners=list(partner_ids),
                codes=[str(code) for code in type_codes],
                type_ids=[tid for tid in type_ids if isinstance(tid, int)],
            )
        )
        found_partners, types_by_code, types_by_id = set(), {}, {}
        for kind, rec_id, code in self.env.cr.fetchall():
            if kind == "partner":
                found_partners.add(rec_id)
            else:
                types_by_code[code] = types_by_id[rec_id] = {"type_id": rec_id, "type_code": code}
        missing_partners = partner_ids - found_partners
        if missing_partners:
            raise ValidationError(
                self.env._(
                    "Unknown partner(s) in engagement events: %(ids)s",
                    ids=", ".join(str(pid) for pid in sorted(missing_partners)),
                )
            )
        missing_types = {c for c in type_codes if c not in types_by_code} | {
            i for i in type_ids if i not in types_by_id
        }
        if missing_types:
            raise ValidationError(
                self.env._(
                    "Unknown engagement type(s): %(codes)s",
                    codes=", ".join(sorted(str(c) for c in missing_types)),
                )
            )
        now = fields.Datetime.now()
        resolved = []
        for event in events:
            info = types_by_code[event["type_code"]] if event.get("type_code") else types_by_id[event["type_id"]]
            resolved.append(
                dict(
                    event,
                    **info,
                    points=self._check_points(event.get("points")),
                    date=self._check_date(event.get("date"), now),
                )
            )
        return resolved

    @api.model
    def _row(self, event, **overrides):
        """A resolved event as a row of ``_insert_sql``'s source."""
        row = {
            "partner_id": event["partner_id"],
            "type_id": event["type_id"],
            "points": event.get("points"),
            "date": event["date"],
            "res_model": event.get("res_model") or None,
            "res_id": event.get("res_id") or None,
            "company_id": event.get("company_id") or None,
            "is_compensation": bool(event.get("is_compensation")),
            "note": event.get("note") or None,
        }
        row.update(overrides)
        return row

    # ------------------------------------------------------------------
    # The contract
    # ------------------------------------------------------------------

    @api.model
    def record_events(self, events):
        """Record one or many engagement events at once, all or nothing.

        Each event is a dict with ``partner_id``, ``type_code`` (or ``type_id``) and optionally
        ``res_model``, ``res_id``, ``date`` (default now; a producer recording history passes
        the original date), ``points`` (default the type's), ``company_id``, ``note``. The
        daily cap of the type applies to the net points of the day; an event entirely above
        it is not written. Returns the rows written; their partners are rescored.
        """
        self._check_ledger_api_access("create")
        resolved = self._resolve_events(events)
        if not resolved:
            return self.browse()
        rows = self._insert_rows(self._values_sql([self._row(event) for event in resolved]))
        return self.browse([row[0] for row in rows])

    @api.model
    def compensate_events(self, events):
        """Write, for each key with non-zero net points, one compensating row of -net.

        Keys are (partner, type, origin); keys already at 0 write nothing, so reverting twice is
        harmless and accept/unaccept loops net to 0. Returns the rows written.
        """
        self._check_ledger_api_access("create")
        resolved = self._resolve_events(events)
        if not resolved:
            return self.browse()
        nets = self._key_nets(resolved)
        rows, seen = [], set()
        for event in resolved:
            key = self._key(event["partner_id"], event["type_id"], event.get("res_model"), event.get("res_id"))
            net, company_id = nets.get(key, (0.0, None))
            if key in seen or not net:
                continue
            seen.add(key)
            rows.append(
                self._row(
                    event,
                    points=-net,
                    is_compensation=True,
                    company_id=event.get("company_id") or company_id,
                )
            )
        if not rows:
            return self.browse()
        return self.browse([row[0] for row in self._insert_rows(self._values_sql(rows))])

    @api.model
    def get_net_points(self, keys):
        """Net points per ``(partner_id, type_code, res_model, res_id)`` key (dicts accepted)."""
        self._check_ledger_api_access("read")
        keys = [
            self._key(k["partner_id"], k["type_code"], k.get("res_model"), k.get("res_id"))
            if isinstance(k, dict)
            else self._key(*k)
            for k in keys
        ]
        result = dict.fromkeys(keys, 0.0)
        if not keys:
            return result
        self.flush_model()
        self.env.cr.execute(self._net_points_sql(self._keys_condition(keys, by_code=True)))
        for partner_id, _type_id, code, res_model, res_id, net, _company in self.env.cr.fetchall():
            key = self._key(partner_id, code, res_model, res_id)
            if key in result:
                result[key] = net
        return result

    @api.model
    def sync_events(self, origins, events, type_codes=None):
        """Restate what some source records are worth: the ledger ends up with exactly ``events``.

        ``origins`` are the ``(res_model, res_id)`` pairs whose events are restated; ``events``
        are the events that should stand for them now (dicts as for ``record_events``, each
        with its ``res_model``/``res_id`` among ``origins``). For every key (partner, type,
        origin) of those origins, restricted to ``type_codes`` when given: a standing key that
        is not in ``events`` is compensated, an event whose key has no net points is recorded.
        Running it twice writes nothing, so a producer calls it after any change (vote
        toggled, answer unaccepted, post unpublished or deleted, ideas merged).

        Returns ``{"recorded": <rows>, "compensated": <rows>}``.
        """
        self._check_ledger_api_access("create")
        origins = {(model, res_id) for model, res_id in origins if model and res_id}
        for event in events:
            if (event.get("res_model"), event.get("res_id")) not in origins:
                raise ValidationError(
                    self.env._(
                        "Event of %(model)s,%(id)s is outside the origins being synchronized.",
                        model=event.get("res_model"),
                        id=event.get("res_id"),
                    )
                )
        if not origins:
            return {"recorded": 0, "compensated": 0}
        resolved = self._resolve_events(list(events))
        by_model = defaultdict(lambda: ([], []))
        for res_model, res_id in origins:
            by_model[res_model][0].append(res_id)
        for event in resolved:
            by_model[event["res_model"]][1].append(event)
        sources = []
        for res_model, (ids, model_events) in by_model.items():
            values = SQL(
                "SELECT r.partner_id, r.type_code, r.res_model, r.res_id, r.date, r.points, r.company_id, r.note"
                " FROM unnest(%s::int[], %s::varchar[], %s::varchar[], %s::int[], %s::timestamp[], %s::float8[],"
                " %s::int[], %s::varchar[]) AS r(partner_id, type_code, res_model, res_id, date, points,"
                " company_id, note)",
                *(
                    [event.get(name) or None for event in model_events]
                    for name in ("partner_id", "type_code", "res_model", "res_id")
                ),
                [event["date"] for event in model_events],
                [event["points"] for event in model_events],
                [event.get("company_id") or None for event in model_events],
                [event.get("note") or None for event in model_events],
            )
            sources.append((res_model, SQL("SELECT unnest(%s::int[])", ids), values))
        return self._restate(sources, type_codes=type_codes)

    # ------------------------------------------------------------------
    # Keys
    # ------------------------------------------------------------------

    @api.model
    def _key(self, partner_id, type_ref, res_model, res_id):
        return (partner_id, type_ref, res_model or False, res_id or False)

    @api.model
    def _keys_condition(self, keys, by_code=False):
        """SQL condition on ``e``/``t`` matching exactly these keys (type as code or id)."""
        type_column = SQL("t.code") if by_code else SQL("e.type_id")
        sql_type = "varchar" if by_code else "int"
        return SQL(
            "(e.partner_id, %s, COALESCE(e.res_model, ''), COALESCE(e.res_id, 0)) IN ("
            "SELECT * FROM unnest(%s::int[], %s::" + sql_type + "[], %s::varchar[], %s::int[]))",
            type_column,
            [key[0] for key in keys],
            [key[1] for key in keys],
            [key[2] or "" for key in keys],
            [key[3] or 0 for key in keys],
        )

    @api.model
    def _key_nets(self, resolved):
        """{(partner_id, type_id, res_model, res_id): (net, company_id)} of resolved events' keys."""
        keys = [self._key(e["partner_id"], e["type_id"], e.get("res_model"), e.get("res_id")) for e in resolved]
        self.flush_model()
        self.env.cr.execute(self._net_points_sql(self._keys_condition(keys)))
        return {
            self._key(partner_id, type_id, res_model, res_id): (net, company_id)
            for partner_id, type_id, _code, res_model, res_id, net, company_id in self.env.cr.fetchall()
        }

    @api.model
    def _purge_type_rows(self, type_codes):
        """Delete every ledger row of the given types and rescore their partners.

        Kept for producers written against the first version of the contract: deleting an
        engagement type now removes its rows (and rescores) by itself, which is what happens
        when its producer is uninstalled. Returns the ids of the partners rescored.
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM social_engagement e
                 USING social_engagement_type t
                 WHERE t.id = e.type_id AND t.code = ANY(%s)
             RETURNING e.partner_id, e.commercial_partner_id
                """,
                list(type_codes),
            )
        )
        rows = self.env.cr.fetchall()
        partner_ids = {pid for pid, _cp in rows} | {cp for _pid, cp in rows if cp}
        self.invalidate_model()
        self._after_rows_written(partner_ids)
        self.env["res.partner"].flush_model()
        return sorted({pid for pid, _cp in rows})
