from collections import defaultdict

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import rpc_safe


class SocialEngagement(models.Model):
    """The producer contract: the only way into the ledger (see docs/ARCHITECTURE.md).

    ``record_events``, ``compensate_events``, ``get_net_points`` and ``sync_events`` take and
    return plain values (RPC-safe); producers written as Odoo models use the producer mixin
    (``social.engagement.producer``), which calls ``_restate`` with their SQL rule, and the
    backfill (``social.engagement.backfill``) for their history.
    """

    # one job per file (docs/ARCHITECTURE.md), against OCA's advice to merge the inheriting classes
    _inherit = "social.engagement"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # The contract
    # ------------------------------------------------------------------

    @api.model
    @api.returns("self", rpc_safe)
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
    @api.returns("self", rpc_safe)
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
    @api.returns("self", rpc_safe)
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
        self.env.cr.execute(self._net_points_sql(self._keys_condition(keys, by_code=True), with_code=True))
        for partner_id, _type_id, code, res_model, res_id, net, _company in self.env.cr.fetchall():
            key = self._key(partner_id, code, res_model, res_id)
            if key in result:
                result[key] = net
        return result

    @api.model
    @api.returns("self", rpc_safe)
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
            sources.append((res_model, self._origins_sql(ids), values))
        return self._restate(sources, type_codes=type_codes)

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
