import logging

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Origins restated per batch: one statement of a few tens of thousands of events.
BACKFILL_BATCH_SIZE = 20000


class SocialEngagementBackfill(models.Model):
    """A producer's whole history restated in the ledger, batch after batch.

    ``_backfill(res_model)`` restates every record of a producer model (one that inherits
    ``social.engagement.producer``) in id order: caps, compensation and scores are applied in
    SQL, one batch of origins per statement, with the progress in the log. A history that
    fits in one batch is restated at once (in the calling transaction, e.g. an install); a
    larger one is queued and run by the cron job "Social CRM: engagement backfill", one
    transaction per batch, so that installing a producer on a big database stays quick. The
    same job serves a re-sync after the engagement types or their rules changed.
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

    @api.model
    def _backfill(self, res_model, batch_size=BACKFILL_BATCH_SIZE):
        """Restate the history of ``res_model``: at once when small, else queued for the cron.

        Returns ``{"recorded": n, "compensated": n, "queued": bool}``.
        """
        Producer = self.env[res_model].sudo().with_context(active_test=False)
        job = self.sudo().create({"res_model": res_model, "origin_count": Producer._social_crm_origin_count()})
        if job.origin_count > batch_size:
            self.env.ref("social_crm.ir_cron_engagement_backfill")._trigger()
            _logger.info(
                "Social CRM backfill of %s: %d origins queued for the cron job, %d per batch",
                res_model,
                job.origin_count,
                batch_size,
            )
            return {"recorded": 0, "compensated": 0, "queued": True}
        job._run(batch_size)
        return {"recorded": job.recorded_count, "compensated": job.compensated_count, "queued": False}

    def _run(self, batch_size=BACKFILL_BATCH_SIZE):
        """Run these jobs to the end, in this transaction."""
        for job in self:
            while job.state == "pending":
                job._run_batch(batch_size)

    def _run_batch(self, batch_size=BACKFILL_BATCH_SIZE):
        """Restate the next batch of origins of this job; the last batch also restates the
        origins whose record is gone (their events are compensated)."""
        self.ensure_one()
        Producer = self.env[self.res_model].sudo().with_context(active_test=False)
        # the previous batch (or an import) changed the ledger a lot: plans built on stale
        # statistics of it turn the restatement's joins into nested loops over every row
        self.env["social.engagement"].flush_model()
        self.env.cr.execute("ANALYZE social_engagement")
        last_id, count, result = Producer._social_crm_backfill_batch(self.last_id, batch_size)
        if not count:
            result = Producer._social_crm_backfill_orphans()
        vals = {
            "recorded_count": self.recorded_count + result["recorded"],
            "compensated_count": self.compensated_count + result["compensated"],
        }
        Scoring = self.env["social.engagement.scoring"]
        if count:
            vals.update(last_id=last_id, done_count=self.done_count + count)
            # every batch touches most of the same partners: rescore them once, at the end
            Scoring._forget_pending()
        else:
            vals.update(state="done", date_done=fields.Datetime.now())
            Scoring._forget_pending()
            Scoring._rescore(self._partner_ids(Producer._social_crm_engagement_types))
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
        pending = self.search([("state", "=", "pending")])
        remaining = sum(max(j.origin_count - j.done_count, 0) // batch_size + 1 for j in pending)
        self.env["ir.cron"]._notify_progress(done=1, remaining=remaining)
