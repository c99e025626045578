import math
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL


class SocialEngagement(models.Model):
    """What the producer contract accepts: access, events validated and resolved, keys.

    Every public call of ``social_engagement_api.py`` goes through here first, so that bad
    input gets a clear ValidationError before anything is written.
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
            date = value
        else:
            try:
                date = fields.Datetime.to_datetime(value)
            except (ValueError, TypeError, OverflowError) as error:
                raise ValidationError(self.env._("Invalid event date %(date)r.", date=value)) from error
        # an engagement happened: not before the epoch, not later than tomorrow (clock skew);
        # a year-9999 row would outweigh every decayed score and overflow date arithmetic
        if date.year < 1970 or date > default + timedelta(days=1):
            raise ValidationError(
                self.env._("Invalid event date %(date)s: engagement dates lie between 1970 and tomorrow.", date=value)
            )
        return date

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
    # Keys
    # ------------------------------------------------------------------

    @api.model
    def _key(self, partner_id, type_ref, res_model, res_id):
        return (partner_id, type_ref, res_model or False, res_id or False)

    @api.model
    def _keys_condition(self, keys, by_code=False):
        """SQL condition on ``e``/``t`` matching exactly these keys (type as code or id)."""
        type_refs = [key[1] for key in keys]
        if by_code:
            type_column, type_array = SQL("t.code"), SQL("%s::varchar[]", type_refs)
        else:
            type_column, type_array = SQL("e.type_id"), SQL("%s::int[]", type_refs)
        return SQL(
            "(e.partner_id, %s, COALESCE(e.res_model, ''), COALESCE(e.res_id, 0)) IN ("
            "SELECT * FROM unnest(%s::int[], %s, %s::varchar[], %s::int[]))",
            type_column,
            [key[0] for key in keys],
            type_array,
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
            for partner_id, type_id, res_model, res_id, net, company_id in self.env.cr.fetchall()
        }
