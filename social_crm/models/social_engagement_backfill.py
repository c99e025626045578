import logging

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Origins restated per batch by the cron job: one short transaction of a few tens of thousands
# of events.
BACKFILL_BATCH_SIZE = 20000
# Origins restated per batch in one transaction (an install): fewer, larger statements, since
# each one reads the producer's tables whole (a post's question, a vote's post).
BACKFILL_INSTALL_BATCH_SIZE = 100000
# The largest history (in origins) an install restates itself, in its transaction; a larger one
# is queued for the cron job, triggered at once, which restates it batch after batch, each batch
# in a transaction of its own. An install from the Apps menu runs inside one web request, which
# the server's time limit cuts short, and holds the locks of every table it changes until it
# ends: a large history does not belong in it. Setting: social_crm.backfill_install_max_origins.
INSTALL_MAX_ORIGINS = 50000


class SocialEngagementBackfill(models.Model):
    """A producer's whole history restated in the ledger, batch after batch.

    ``_backfill(res_models)`` restates every record of producer models (that inherit
    ``social.engagement.producer``) in id order: caps, compensation and scores are applied in
    SQL, one batch of origins per statement, with the progress in the log. An install restates
    the history at once, in its transaction, as one bulk load of the ledger when it is large; a
    re-sync on a live database (after the engagement types or their rules changed) may queue
    it for the cron job "Social CRM: engagement backfill" instead, one transaction per batch.
    """

    _name = "social.engagement.backfill"
    _description = "Engagement Backfill"
    _order = "id"
    _rec_name = "res_model"

    res_model = fields.Char("Producer Model", required=True, readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Done")], default="pending", required=True, readonly=True
    )
    last_id = fields.Integer("Restated Up To Id", readonly=True, help="Origins up to this id are restated.")
    origin_count = fields.Integer("Origins", readonly=True)
    done_count = fields.Integer("Origins Restated", readonly=True)
    recorded_count = fields.Integer("Events Recorded", readonly=True)
    compensated_count = fields.Integer("Events Compensated", readonly=True)
    date_done = fields.Datetime("Done On", readonly=True)
    producer_name = fields.Char("Producer", compute="_compute_producer_name")
    progress = fields.Float("Progress (%)", compute="_compute_progress")

    @api.depends("res_model")
    def _compute_producer_name(self):
        for job in self:
            job.producer_name = self.env["ir.model"]._get(job.res_model).name or job.res_model

    @api.depends("state", "origin_count", "done_count")
    def _compute_progress(self):
        for job in self:
            if job.state == "done":
                job.progress = 100.0
            elif job.origin_count:
                job.progress = min(100.0 * job.done_count / job.origin_count, 99.0)
            else:
                job.progress = 0.0

    @api.model
    def _backfill(self, res_models, batch_size=None, queue=False):
        """Restate the history of the producer models ``res_models`` (a name or a list).

        By default the whole history is restated now, in the calling transaction (an install:
        the ledger is complete when it ends), batch after batch, as one bulk load of the ledger
        when it is large (``social.engagement._bulk_load``), and the partners touched are
        rescored once at the end. ``queue`` leaves it to the cron job instead, one transaction
        per batch (a re-sync on a live database); ``queue=None`` applies the install's rule
        (``_queue_at_install``). Returns ``{"recorded", "compensated", "queued"}``.
        """
        if isinstance(res_models, str):
            res_models = [res_models]
        origins = {name: self.env[name]._social_crm_origin_count() for name in res_models}
        if queue is None:
            queue = self._queue_at_install(sum(origins.values()))
        batch_size = batch_size or (BACKFILL_BATCH_SIZE if queue else BACKFILL_INSTALL_BATCH_SIZE)
        jobs = self.sudo().create([{"res_model": name, "origin_count": count} for name, count in origins.items()])
        if queue:
            self.env.ref("social_crm.ir_cron_engagement_backfill")._trigger()
            for job in jobs:
                _logger.info(
                    "Social CRM backfill of %s: %d origins queued for the cron job, %d per batch",
                    job.res_model,
                    job.origin_count,
                    batch_size,
                )
            return {"recorded": 0, "compensated": 0, "queued": True}
        jobs._run(batch_size)
        return {
            "recorded": sum(jobs.mapped("recorded_count")),
            "compensated": sum(jobs.mapped("compensated_count")),
            "queued": False,
        }

    @api.model
    def _queue_at_install(self, origins):
        """Whether an install leaves a history of ``origins`` records to the cron job: more than
        ``social_crm.backfill_install_max_origins`` (INSTALL_MAX_ORIGINS)."""
        param = self.env["ir.config_parameter"].sudo().get_param("social_crm.backfill_install_max_origins")
        try:
            limit = int(param) if param else INSTALL_MAX_ORIGINS
        except ValueError:
            _logger.warning(
                "social_crm.backfill_install_max_origins is not a number (%r): %d used", param, INSTALL_MAX_ORIGINS
            )
            limit = INSTALL_MAX_ORIGINS
        if origins <= limit:
            return False
        _logger.info(
            "Social CRM: a history of %d origins (more than %d) is restated by the cron job, not in the install",
            origins,
            limit,
        )
        return True

    def _run(self, batch_size=BACKFILL_INSTALL_BATCH_SIZE):
        """Run these jobs to the end, in this transaction, then rescore their partners once."""
        jobs = self.filtered(lambda job: job.state == "pending")
        if not jobs:
            return
        # partners the transaction marked before (e.g. demo data of the same install): the
        # batches forget what they mark, so these are rescored with the backfill's, at the end
        earlier = self.env["social.engagement.scoring"]._forget_pending()
        # most producers write about one event per origin: the expected size of the load
        expected = sum(max(job.origin_count - job.done_count, 0) for job in jobs)
        # a producer with no row in the ledger yet (its install) has no orphan to compensate
        in_ledger = self._res_models_in_ledger(jobs.mapped("res_model"))
        with self.env["social.engagement"]._bulk_load(expected) as bulk:
            for job in jobs:
                while job.state == "pending":
                    # a bulk load has no index to plan with: statistics would change nothing
                    job._run_batch(batch_size, analyze=not bulk, orphans=job.res_model in in_ledger)
        jobs._rescore_partners(earlier.ids)

    def _run_batch(self, batch_size=BACKFILL_BATCH_SIZE, analyze=True, orphans=True):
        """Restate the next batch of origins of this job; the last batch also restates the
        origins whose record is gone (their events are compensated), unless ``orphans`` is
        False. The partners touched are rescored by the caller, once (``_rescore_partners``)."""
        self.ensure_one()
        Producer = self.env[self.res_model].sudo().with_context(active_test=False)
        if analyze:
            # the previous batch (or an import) changed the ledger a lot: plans built on stale
            # statistics of it turn the restatement's joins into nested loops over every row
            self.env["social.engagement"].flush_model()
            self.env.cr.execute("ANALYZE social_engagement")
        last_id, count, result = Producer._social_crm_backfill_batch(self.last_id, batch_size)
        if not count:
            result = Producer._social_crm_backfill_orphans() if orphans else {"recorded": 0, "compensated": 0}
        # every batch touches most of the same partners: they are rescored once, at the end
        self.env["social.engagement.scoring"]._forget_pending()
        vals = {
            "recorded_count": self.recorded_count + result["recorded"],
            "compensated_count": self.compensated_count + result["compensated"],
        }
        if count:
            vals.update(last_id=last_id, done_count=self.done_count + count)
        else:
            vals.update(state="done", date_done=fields.Datetime.now())
        self.write(vals)
        _logger.info(
            "Social CRM backfill of %s: %d/%d origins restated, %d events recorded, %d compensated%s",
            self.res_model,
            self.done_count,
            self.origin_count,
            self.recorded_count,
            self.compensated_count,
            " (done)" if self.state == "done" else "",
        )

    def _rescore_partners(self, extra_ids=()):
        """Rescore, in one statement, the partners with ledger rows of these jobs' types (and
        ``extra_ids``)."""
        codes = set()
        for job in self:
            codes.update(self.env[job.res_model]._social_crm_engagement_types)
        partner_ids = set(self._partner_ids(codes)) | set(extra_ids)
        self.env["social.engagement.scoring"]._rescore(partner_ids, initial=True)

    @api.model
    def _res_models_in_ledger(self, res_models):
        """Those of ``res_models`` that are the origin of at least one ledger row."""
        self.env["social.engagement"].flush_model()
        present = set()
        for res_model in set(res_models):
            self.env.cr.execute(SQL("SELECT 1 FROM social_engagement WHERE res_model = %s LIMIT 1", res_model))
            if self.env.cr.rowcount:
                present.add(res_model)
        return present

    @api.model
    def _partner_ids(self, type_codes):
        """The partners with ledger rows of these types (their companies are rescored with them)."""
        self.env["social.engagement"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT e.partner_id FROM social_engagement e
                     JOIN social_engagement_type t ON t.id = e.type_id
                    WHERE t.code = ANY(%s)""",
                list(type_codes),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cron_run(self, batch_size=BACKFILL_BATCH_SIZE):
        """Cron entry point: one batch of the oldest pending job per call (the cron repeats it)."""
        job = self.search([("state", "=", "pending")], limit=1)
        if not job:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return
        job._run_batch(batch_size)
        if job.state == "done":
            job._rescore_partners()
        pending = self.search([("state", "=", "pending")])
        remaining = sum(max(j.origin_count - j.done_count, 0) // batch_size + 1 for j in pending)
        self.env["ir.cron"]._notify_progress(done=1, remaining=remaining)
