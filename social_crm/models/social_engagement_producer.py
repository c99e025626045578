from odoo import api, fields, models, tools
from odoo.osv.expression import expression
from odoo.tools import SQL, Query

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


def _frozen(value):
    """``value`` (a domain) with its lists as tuples: a cache key."""
    return tuple(_frozen(item) for item in value) if isinstance(value, list | tuple) else value


class SocialEngagementProducer(models.AbstractModel):
    """Mixin of the models whose records are worth engagement: a producer states its rule once.

    A producer model inherits this mixin (as models inherit ``rating.mixin``) and declares

    * ``_social_crm_engagement_types``: the codes of the engagement types it produces (each
      event's ledger origin is the producing record);
    * ``_social_crm_engagement_fields``: the fields whose change may change what a record is worth;
    * ``_social_crm_engagement_query(origins)``: one SQL query of the events that the records
      whose id is in ``origins`` (SQL to put in ``IN (…)``: a query of ids or a list of them)
      are worth now (columns partner_id, type_code, res_model, res_id,
      date — the date the event happened, used when history is backfilled).

    The mixin keeps the ledger in line with that rule: after ``create``, after a ``write`` of
    those fields, before ``unlink``, and for the whole history through
    ``_social_crm_backfill_engagement()`` (install, re-sync). Events recorded live are dated now.
    A model extended from another module lists the mixin first, ``_inherit =
    ["social.engagement.producer", "forum.post"]``, so that these hooks wrap the model's own
    ``create``/``write`` (website_forum's ``create`` sets a post pending, for instance).
    Records whose events depend on others are restated with them through
    ``_social_crm_engagement_cascade`` (same fate: removed with them) and
    ``_social_crm_engagement_dependents`` (restated after them).
    """

    _name = "social.engagement.producer"
    _description = "Engagement Producer"

    _social_crm_engagement_types = ()
    _social_crm_engagement_fields = ()
    # other producer models whose history is backfilled with this one's (a forum's votes)
    _social_crm_backfill_with = ()

    def _social_crm_engagement_query(self, origins):
        """SQL of the events the records whose id is in ``origins`` (SQL for ``IN (…)``) are
        worth now. Flush what it reads besides the producer's own table."""
        raise NotImplementedError()

    def _social_crm_engagement_cascade(self, fnames=None):
        """Producer records restated (or removed) together with these ones (a recordset list).

        ``fnames`` are the fields just written: empty for a creation, None for a deletion.
        """
        return []

    def _social_crm_engagement_dependents(self):
        """Producer records whose events depend on these ones, restated after them."""
        return []

    @api.model
    def _social_crm_where(self, domain, alias):
        """SQL condition of ``domain`` on this model's table, aliased ``alias``.

        A rule is written once, as a domain (usable in ``search`` and ``filtered_domain``),
        and reaches the producer's SQL through this. Correlated to ``alias``, PostgreSQL
        checks it row by row through the indexes (a subquery of every matching id would scan
        the whole table for each event). The domain may not traverse relations.
        """
        return self._social_crm_where_sql(_frozen(domain), alias)

    @tools.ormcache("domain", "alias")
    def _social_crm_where_sql(self, domain, alias):
        # every restatement (each forum vote) needs the same rules: parsed once per registry
        # (the domain's values, such as record ids, are part of the key)
        model = self.sudo().with_context(active_test=False)
        query = Query(model.env, alias, SQL.identifier(model._table))
        where = expression(list(domain), model, alias=alias, query=query).query.where_clause
        if "JOIN" in query.from_clause.code:
            raise ValueError(f"{domain!r}: a producer's SQL rule may not traverse relations")
        return where

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._social_crm_sync_engagement(fnames=set())
        return records

    def write(self, vals):
        fnames = set(vals).intersection(self._social_crm_engagement_fields)
        if not fnames:
            return super().write(vals)
        dependents_before = self._social_crm_engagement_dependents()
        res = super().write(vals)
        self._social_crm_sync_engagement(fnames=fnames, extra=dependents_before)
        return res

    def unlink(self):
        if self.env.context.get(MODULE_UNINSTALL_FLAG):
            # the producer goes away, and its engagement types with their ledger rows
            return super().unlink()
        dependents = self._social_crm_engagement_dependents()
        self._social_crm_sync_engagement(removed=True)
        res = super().unlink()
        self.env["social.engagement.producer"]._social_crm_restate([dependent.exists() for dependent in dependents])
        return res

    # ------------------------------------------------------------------
    # Restating
    # ------------------------------------------------------------------

    def _social_crm_sync_engagement(self, fnames=None, removed=False, extra=()):
        """Restate these records (nothing once ``removed``), their cascade and dependents, in one statement."""
        if not self:
            return {"recorded": 0, "compensated": 0}
        records = [self, *self._social_crm_engagement_cascade(fnames)]
        if removed:
            return self.env["social.engagement.producer"]._social_crm_restate([], removed=records)
        dependents = [*extra, *self._social_crm_engagement_dependents()]
        return self.env["social.engagement.producer"]._social_crm_restate(records + dependents)

    @api.model
    def _social_crm_restate(self, recordsets, removed=(), date=None):
        """One ledger statement restating producer records (``removed``: worth nothing now).

        Records of one model are grouped; events recorded live are dated ``date`` or now.
        """
        sources, codes = [], set()
        by_model = {}
        for records in recordsets:
            if records:
                by_model.setdefault(records._name, [set(), set()])[0].update(records.ids)
        for records in removed:
            if records:
                by_model.setdefault(records._name, [set(), set()])[1].update(records.ids)
        Engagement = self.env["social.engagement"].sudo()
        for model_name, (ids, removed_ids) in by_model.items():
            Producer = self.env[model_name].sudo().with_context(active_test=False)
            codes.update(Producer._social_crm_engagement_types)
            Producer.flush_model()
            if ids - removed_ids:
                origins = Engagement._origins_sql(ids - removed_ids)
                events = Engagement._event_columns(Producer._social_crm_engagement_query(origins))
                sources.append((model_name, origins, events))
            if removed_ids:
                origins = Engagement._origins_sql(removed_ids)
                sources.append((model_name, origins, Engagement._event_columns(self._social_crm_no_events())))
        if not sources:
            return {"recorded": 0, "compensated": 0}
        return Engagement._restate(sources, type_codes=codes, date=date or fields.Datetime.now())

    @api.model
    def _social_crm_no_events(self):
        return SQL(
            "SELECT NULL::int AS partner_id, NULL::varchar AS type_code, NULL::varchar AS res_model,"
            " NULL::int AS res_id, NULL::timestamp AS date WHERE FALSE"
        )

    # ------------------------------------------------------------------
    # Backfill (install, re-sync)
    # ------------------------------------------------------------------

    @api.model
    def _social_crm_backfill_engagement(self, batch_size=None, queue=False):
        """Restate the whole history of this producer, and of ``_social_crm_backfill_with``'s,
        now (or, ``queue``, through the cron job; ``None``: the install's rule): see
        social.engagement.backfill.
        Returns ``{"recorded", "compensated", "queued"}``."""
        kwargs = {"batch_size": batch_size} if batch_size else {}
        return self.env["social.engagement.backfill"]._backfill(
            [self._name, *self._social_crm_backfill_with], queue=queue, **kwargs
        )

    @api.model
    def _social_crm_install_backfill(self):
        """The backfill of a producer's install (its ``post_init_hook``): the history is restated
        in the install when it is small, else queued for the cron job (see
        ``social.engagement.backfill._queue_at_install``)."""
        return self._social_crm_backfill_engagement(queue=None)

    @api.model
    def _social_crm_origin_count(self):
        self.flush_model()
        self.env.cr.execute(SQL("SELECT COUNT(*) FROM %s", SQL.identifier(self._table)))
        return self.env.cr.fetchone()[0]

    @api.model
    def _social_crm_backfill_batch(self, after_id, limit):
        """Restate the next ``limit`` records after ``after_id``, with the events' own dates.

        Returns ``(last id, records restated, {"recorded": n, "compensated": n})``.
        """
        self.flush_model()
        table = SQL.identifier(self._table)
        self.env.cr.execute(
            SQL(
                "SELECT MAX(id), COUNT(*) FROM (SELECT id FROM %s WHERE id > %s ORDER BY id LIMIT %s) b",
                table,
                after_id,
                limit,
            )
        )
        last_id, count = self.env.cr.fetchone()
        if not count:
            return after_id, 0, {"recorded": 0, "compensated": 0}
        origins = SQL("SELECT id FROM %s WHERE id > %s AND id <= %s", table, after_id, last_id)
        Engagement = self.env["social.engagement"].sudo()
        events = Engagement._event_columns(self._social_crm_engagement_query(origins))
        result = Engagement._restate(
            [(self._name, origins, events)], type_codes=self._social_crm_engagement_types, count_only=True
        )
        return last_id, count, result

    @api.model
    def _social_crm_backfill_orphans(self):
        """Compensate the standing events of records of this model that no longer exist."""
        self.flush_model()
        origins = SQL(
            "SELECT DISTINCT e.res_id FROM social_engagement e WHERE e.res_model = %s"
            " AND NOT EXISTS (SELECT 1 FROM %s r WHERE r.id = e.res_id)",
            self._name,
            SQL.identifier(self._table),
        )
        Engagement = self.env["social.engagement"].sudo()
        events = Engagement._event_columns(self._social_crm_no_events())
        return Engagement._restate(
            [(self._name, origins, events)], type_codes=self._social_crm_engagement_types, count_only=True
        )
