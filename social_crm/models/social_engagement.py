from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
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
    note = fields.Char(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        # Direct creates (manual events from the backend) go through the same checks,
        # caps and score recomputation as the producer API.
        if self.env.context.get("social_crm_ledger_write"):
            return super().create(vals_list)
        self.check_access("create")
        events = []
        for vals in vals_list:
            event = dict(vals)
            event.setdefault("points", None)
            events.append(event)
        return self.record_events(events)

    def write(self, vals):
        raise UserError(self.env._("The engagement ledger is append-only: record a compensating event instead."))

    def unlink(self):
        if not self.env.context.get("social_crm_privacy_erase"):
            raise UserError(self.env._("The engagement ledger is append-only: record a compensating event instead."))
        return super().unlink()

    # ------------------------------------------------------------------
    # Producer API (see docs/PRODUCER_API.md)
    # ------------------------------------------------------------------

    @api.model
    def _resolve_events(self, events):
        """Validate events and resolve partners and types in two queries.

        Returns a list of dicts with ``partner`` and ``type`` records. Raises
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
            if not event.get("partner_id"):
                raise ValidationError(self.env._("An engagement event needs a partner."))
            partner_ids.add(event["partner_id"])
            if event.get("type_code"):
                type_codes.add(event["type_code"])
            elif event.get("type_id"):
                type_ids.add(event["type_id"])
            else:
                raise ValidationError(self.env._("An engagement event needs a type code."))
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        partners = partners.browse(partner_ids).exists()
        missing_partners = partner_ids - set(partners.ids)
        if missing_partners:
            raise ValidationError(
                self.env._(
                    "Unknown partner(s) in engagement events: %(ids)s",
                    ids=", ".join(str(pid) for pid in sorted(missing_partners, key=str)),
                )
            )
        Type = self.env["social.engagement.type"].sudo().with_context(active_test=False)
        types = Type.search(["|", ("code", "in", list(type_codes)), ("id", "in", list(type_ids))])
        by_code = {t.code: t for t in types}
        by_id = {t.id: t for t in types}
        missing_codes = {c for c in type_codes if c not in by_code} | {i for i in type_ids if i not in by_id}
        if missing_codes:
            raise ValidationError(
                self.env._(
                    "Unknown engagement type(s): %(codes)s",
                    codes=", ".join(sorted(str(c) for c in missing_codes)),
                )
            )
        partners_by_id = {p.id: p for p in partners}
        resolved = []
        for event in events:
            engagement_type = by_code[event["type_code"]] if event.get("type_code") else by_id[event["type_id"]]
            resolved.append(dict(event, partner=partners_by_id[event["partner_id"]], type=engagement_type))
        return resolved

    @api.model
    def record_events(self, events):
        """Record one or many engagement events at once, all or nothing.

        Each event is a dict with ``partner_id``, ``type_code`` and optionally
        ``res_model``, ``res_id``, ``date``, ``points``, ``company_id``, ``note``.
        The daily cap of the type is applied to positive points; events fully above the
        cap are not written. Scores of touched partners are recomputed afterwards.
        """
        resolved = self._resolve_events(events)
        if not resolved:
            return self.browse()
        now = fields.Datetime.now()
        vals_list = []
        for event in resolved:
            engagement_type = event["type"]
            points = event.get("points")
            if points is None:
                points = engagement_type.default_points
            date = event.get("date") or now
            if not isinstance(date, datetime):
                date = fields.Datetime.to_datetime(date)
            partner = event["partner"]
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "type_id": engagement_type.id,
                    "points": float(points),
                    "date": date,
                    "res_model": event.get("res_model") or False,
                    "res_id": event.get("res_id") or False,
                    "company_id": event.get("company_id") or partner.company_id.id or self.env.company.id,
                    "is_compensation": bool(event.get("is_compensation")),
                    "note": event.get("note") or False,
                }
            )
        vals_list = self._apply_daily_caps(vals_list, {e["type"].id: e["type"] for e in resolved})
        rows = self.sudo().with_context(social_crm_ledger_write=True).create(vals_list)
        touched = self.env["res.partner"].browse({v["partner_id"] for v in vals_list})
        if touched:
            self.env["res.partner"]._recompute_ambassador_scores(touched.ids)
        return rows.with_env(self.env)

    @api.model
    def _apply_daily_caps(self, vals_list, types_by_id):
        """Clip positive points to the remaining daily cap of each (partner, type, day)."""
        capped_types = {tid for tid, t in types_by_id.items() if t.daily_cap > 0}
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
            engagement_type = types_by_id[vals["type_id"]]
            if engagement_type.daily_cap > 0 and vals["points"] > 0:
                key = (vals["partner_id"], vals["type_id"], vals["date"].date())
                remaining = engagement_type.daily_cap - already[key]
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
        keys = [self._key_from_dict(k) if isinstance(k, dict) else self._normalize_key(k) for k in keys]
        result = dict.fromkeys(keys, 0.0)
        if not keys:
            return result
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT e.partner_id, t.code, COALESCE(e.res_model, ''), COALESCE(e.res_id, 0),
                       SUM(e.points)
                  FROM social_engagement e
                  JOIN social_engagement_type t ON t.id = e.type_id
                 WHERE e.partner_id = ANY(%(partners)s)
                   AND t.code = ANY(%(codes)s)
              GROUP BY 1, 2, 3, 4
                """,
                partners=list({k[0] for k in keys}),
                codes=list({k[1] for k in keys}),
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
        resolved = self._resolve_events(events)
        keys = [
            self._normalize_key((e["partner_id"], e["type"].code, e.get("res_model"), e.get("res_id")))
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
