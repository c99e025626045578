from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL


class SocialEngagement(models.Model):
    """Append-only ledger of scored community events.

    Rows are only ever added: undoing an event writes a compensating row so that the
    history stays auditable (see ``compensate_events``). The only deletion path is the
    privacy erase of a partner, run by managers.
    """

    _name = "social.engagement"
    _description = "Community Engagement"
    _order = "date desc, id desc"
    _rec_name = "type_id"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade", readonly=True)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer", store=True, index=True
    )
    type_id = fields.Many2one(
        "social.engagement.type",
        string="Engagement Type",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    channel_id = fields.Many2one(related="type_id.channel_id", store=True)
    points = fields.Float(readonly=True, aggregator="sum")
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    res_model = fields.Char(string="Origin Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(string="Origin Record", model_field="res_model", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, readonly=True
    )
    is_compensation = fields.Boolean(readonly=True)
    note = fields.Char(readonly=True, groups="base.group_user")

    @api.model_create_multi
    def create(self, vals_list):
        # Direct creates (manual events from the backend) go through the same checks,
        # caps and score recomputation as the producer API.
        if self.env.su and self.env.context.get("social_crm_ledger_write"):
            return super().create(vals_list)
        events = []
        for vals in vals_list:
            event = dict(vals)
            if not event.get("points"):
                event["points"] = None  # the type's default points
            events.append(event)
        return self.record_events(events)

    def write(self, vals):
        if not (self.env.su and self.env.context.get("social_crm_ledger_write")):
            raise UserError(self.env._("The engagement ledger is append-only: record a compensating event instead."))
        return super().write(vals)

    def unlink(self):
        if not (self.env.su and self.env.context.get("social_crm_privacy_erase")):
            raise UserError(self.env._("The engagement ledger is append-only: record a compensating event instead."))
        return super().unlink()

    @api.model
    def _search(self, domain, *args, **kwargs):
        if not self.env.su and self.env.user._is_portal():
            self._check_portal_domain(domain)
        return super()._search(domain, *args, **kwargs)

    @api.model
    def _check_portal_domain(self, domain):
        """Customers asking for someone else's ledger get an error, not an empty list."""
        own = self.env.user.partner_id.id
        for leaf in domain or []:
            if not isinstance(leaf, list | tuple) or len(leaf) != 3:
                continue
            field, operator, value = leaf
            if field not in ("partner_id", "partner_id.id", "commercial_partner_id"):
                continue
            if operator in ("=", "in") and value:
                values = value if isinstance(value, list | tuple) else [value]
                if any(v != own for v in values):
                    raise AccessError(self.env._("You can only see your own community engagement."))

    # ------------------------------------------------------------------
    # Producer API (see docs/PRODUCER_API.md)
    # ------------------------------------------------------------------

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
    def _resolve_events(self, events):
        """Validate events and resolve their partners and types in one query.

        Returns the events as dicts completed with ``partner_company_id`` and the
        type's ``type_id``, ``type_code``, ``default_points``, ``daily_cap``. Raises
        ValidationError before anything is written when any event is invalid.
        """
        if not isinstance(events, list | tuple):
            raise ValidationError(self.env._("Events must be given as a list of dictionaries."))
        partner_ids = set()
        type_codes = set()
        type_ids = set()
        for event in events:
            if not isinstance(event, dict):
                raise ValidationError(self.env._("Each event must be a dictionary."))
            partner_id = event.get("partner_id")
            if not partner_id or not isinstance(partner_id, int):
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
                SELECT 'partner', id, NULL, company_id, NULL::float, NULL::float
                  FROM res_partner WHERE id = ANY(%(partners)s)
                 UNION ALL
                SELECT 'type', id, code, NULL, default_points, daily_cap
                  FROM social_engagement_type
                 WHERE code = ANY(%(codes)s) OR id = ANY(%(type_ids)s)
                """,
                partners=list(partner_ids),
                codes=list(type_codes),
                type_ids=list(type_ids),
            )
        )
        partner_company = {}
        types_by_code = {}
        types_by_id = {}
        for kind, rec_id, code, company_id, default_points, daily_cap in self.env.cr.fetchall():
            if kind == "partner":
                partner_company[rec_id] = company_id
            else:
                info = {
                    "type_id": rec_id,
                    "type_code": code,
                    "default_points": default_points or 0.0,
                    "daily_cap": daily_cap or 0.0,
                }
                types_by_code[code] = info
                types_by_id[rec_id] = info
        missing_partners = partner_ids - set(partner_company)
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
        resolved = []
        for event in events:
            info = types_by_code[event["type_code"]] if event.get("type_code") else types_by_id[event["type_id"]]
            resolved.append(dict(event, **info, partner_company_id=partner_company[event["partner_id"]]))
        return resolved

    @api.model
    def record_events(self, events):
        """Record one or many engagement events at once, all or nothing.

        Each event is a dict with ``partner_id``, ``type_code`` and optionally
        ``res_model``, ``res_id``, ``date``, ``points``, ``company_id``, ``note``.
        The daily cap of the type is applied to positive points; events fully above the
        cap are not written. Scores of touched partners are recomputed afterwards.
        """
        self._check_ledger_api_access("create")
        resolved = self._resolve_events(events)
        if not resolved:
            return self.browse()
        now = fields.Datetime.now()
        vals_list = []
        for event in resolved:
            points = event.get("points")
            if points is None:
                points = event["default_points"]
            date = event.get("date") or now
            if not isinstance(date, datetime):
                try:
                    date = fields.Datetime.to_datetime(date)
                except ValueError as error:
                    raise ValidationError(self.env._("Invalid event date %(date)r.", date=event.get("date"))) from error
            vals_list.append(
                {
                    "partner_id": event["partner_id"],
                    "type_id": event["type_id"],
                    "points": float(points),
                    "date": date,
                    "res_model": event.get("res_model") or False,
                    "res_id": event.get("res_id") or False,
                    "company_id": event.get("company_id") or event["partner_company_id"] or self.env.company.id,
                    "is_compensation": bool(event.get("is_compensation")),
                    "note": event.get("note") or False,
                }
            )
        caps = {e["type_id"]: e["daily_cap"] for e in resolved}
        vals_list = self._apply_daily_caps(vals_list, caps)
        rows = self.sudo().with_context(social_crm_ledger_write=True).create(vals_list)
        touched = {vals["partner_id"] for vals in vals_list}
        if touched:
            self.env["res.partner"]._recompute_ambassador_scores(list(touched))
        return rows.with_env(self.env)

    @api.model
    def _apply_daily_caps(self, vals_list, caps):
        """Clip positive points to the remaining daily cap of each (partner, type, day).

        ``caps`` maps type ids to their daily cap (0 = no cap).
        """
        capped_types = {tid for tid, cap in caps.items() if cap > 0}
        if not capped_types:
            return vals_list
        keys = {
            (v["partner_id"], v["type_id"], v["date"].date())
            for v in vals_list
            if v["type_id"] in capped_types and v["points"] > 0
        }
        if not keys:
            return vals_list
        days = {k[2] for k in keys}
        self.flush_model(["partner_id", "type_id", "points", "date"])
        already = defaultdict(float)
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, type_id, date::date, SUM(points)
                  FROM social_engagement
                 WHERE partner_id = ANY(%(partners)s)
                   AND type_id = ANY(%(types)s)
                   AND points > 0
                   AND date >= %(start)s AND date < %(stop)s
              GROUP BY partner_id, type_id, date::date
                """,
                partners=list({k[0] for k in keys}),
                types=list({k[1] for k in keys}),
                start=datetime.combine(min(days), time.min),
                stop=datetime.combine(max(days) + timedelta(days=1), time.min),
            )
        )
        for partner_id, type_id, day, points in self.env.cr.fetchall():
            already[(partner_id, type_id, day)] += points
        result = []
        for vals in vals_list:
            cap = caps[vals["type_id"]]
            if cap > 0 and vals["points"] > 0:
                key = (vals["partner_id"], vals["type_id"], vals["date"].date())
                remaining = cap - already[key]
                if remaining <= 0:
                    continue
                if vals["points"] > remaining:
                    vals = dict(vals, points=remaining)
                already[key] += vals["points"]
            result.append(vals)
        return result

    @api.model
    def get_net_points(self, keys):
        """Net points per (partner_id, type_code, res_model, res_id) key."""
        self._check_ledger_api_access("read")
        keys = [self._key_from_dict(k) if isinstance(k, dict) else self._normalize_key(k) for k in keys]
        result = dict.fromkeys(keys, 0.0)
        if not keys:
            return result
        self.flush_model()
        # Filter on the origins too: a partner's whole history must not be read per call.
        origins = defaultdict(set)
        for _partner_id, _code, res_model, res_id in keys:
            origins[res_model].add(res_id)
        origin_filter = SQL(" OR ").join(
            SQL("(e.res_model = %s AND e.res_id = ANY(%s))", res_model, [r for r in res_ids if r])
            if res_model
            else SQL("e.res_model IS NULL")
            for res_model, res_ids in origins.items()
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT e.partner_id, t.code, COALESCE(e.res_model, ''), COALESCE(e.res_id, 0),
                       SUM(e.points)
                  FROM social_engagement e
                  JOIN social_engagement_type t ON t.id = e.type_id
                 WHERE e.partner_id = ANY(%(partners)s)
                   AND t.code = ANY(%(codes)s)
                   AND (%(origin_filter)s)
              GROUP BY 1, 2, 3, 4
                """,
                partners=list({k[0] for k in keys}),
                codes=list({k[1] for k in keys}),
                origin_filter=origin_filter,
            )
        )
        for partner_id, code, res_model, res_id, points in self.env.cr.fetchall():
            key = (partner_id, code, res_model or False, res_id or False)
            if key in result:
                # Float sums of compensations may leave tiny residues.
                result[key] = round(points, 6)
        return result

    @api.model
    def _normalize_key(self, key):
        partner_id, type_code, res_model, res_id = key
        return (partner_id, type_code, res_model or False, res_id or False)

    @api.model
    def _key_from_dict(self, event):
        return self._normalize_key(
            (event["partner_id"], event["type_code"], event.get("res_model"), event.get("res_id"))
        )

    @api.model
    def compensate_events(self, events):
        """Write, for each key with non-zero net points, one compensating row of -net."""
        self._check_ledger_api_access("create")
        resolved = self._resolve_events(events)
        keys = [
            self._normalize_key((e["partner_id"], e["type_code"], e.get("res_model"), e.get("res_id")))
            for e in resolved
        ]
        net = self.get_net_points(keys)
        to_write = []
        seen = set()
        for key, event in zip(keys, resolved, strict=True):
            if key in seen or not net.get(key):
                continue
            seen.add(key)
            to_write.append(
                {
                    "partner_id": key[0],
                    "type_code": key[1],
                    "res_model": key[2],
                    "res_id": key[3],
                    "points": -net[key],
                    "date": event.get("date"),
                    "company_id": event.get("company_id"),
                    "is_compensation": True,
                    "note": event.get("note"),
                }
            )
        if not to_write:
            return self.browse()
        return self.record_events(to_write)

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
        standing = self._standing_keys(origins, type_codes)
        desired = {}
        for event in events:
            desired.setdefault(self._key_from_dict(event), event)
        to_compensate = [
            {"partner_id": k[0], "type_code": k[1], "res_model": k[2], "res_id": k[3]}
            for k in standing
            if k not in desired
        ]
        to_record = [event for key, event in desired.items() if not standing.get(key)]
        compensated = self.compensate_events(to_compensate) if to_compensate else self.browse()
        recorded = self.record_events(to_record) if to_record else self.browse()
        return {"recorded": len(recorded), "compensated": len(compensated)}

    @api.model
    def _standing_keys(self, origins, type_codes=None):
        """{(partner_id, type_code, res_model, res_id): net points} of keys whose net is not 0."""
        self.flush_model()
        models, ids = zip(*sorted(origins), strict=True)
        type_filter = SQL("TRUE") if type_codes is None else SQL("t.code = ANY(%s)", list(type_codes))
        self.env.cr.execute(
            SQL(
                """
                SELECT e.partner_id, t.code, e.res_model, e.res_id, SUM(e.points)
                  FROM social_engagement e
                  JOIN social_engagement_type t ON t.id = e.type_id
                  JOIN unnest(%(models)s::varchar[], %(ids)s::int[]) AS o(res_model, res_id)
                    ON o.res_model = e.res_model AND o.res_id = e.res_id
                 WHERE %(type_filter)s
              GROUP BY 1, 2, 3, 4
                """,
                models=list(models),
                ids=list(ids),
                type_filter=type_filter,
            )
        )
        return {
            (partner_id, code, res_model, res_id): round(points, 6)
            for partner_id, code, res_model, res_id, points in self.env.cr.fetchall()
            if round(points, 6)
        }

    @api.model
    def _purge_type_rows(self, type_codes):
        """Delete every ledger row of the given types and rescore their partners.

        For a producer's uninstall hook only: the ledger restricts the deletion of
        types that have rows, and once its producer is gone such engagement points
        to nothing (a reinstall records it again from the source). Returns the ids
        of the partners rescored.
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM social_engagement e
                 USING social_engagement_type t
                 WHERE t.id = e.type_id AND t.code = ANY(%s)
             RETURNING e.partner_id
                """,
                list(type_codes),
            )
        )
        partner_ids = list({row[0] for row in self.env.cr.fetchall()})
        self.env.invalidate_all()
        if partner_ids:
            self.env["res.partner"]._recompute_ambassador_scores(partner_ids)
        return partner_ids
