import logging
import time
from contextlib import contextmanager

from odoo import api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# A backfill of fewer rows is written through the indexes and foreign keys as they are.
BULK_LOAD_MIN_ROWS = 50000
# PostgreSQL settings of a bulk load's statements. Memory of the sorts and hashes (per
# operation): the restatement sorts its events three times, and spilling them to disk costs more
# than the statement itself. No nested loops: the restatement's CTEs are estimated at a few rows
# when they hold the whole history, and nested loops would then probe an index once per event (a
# vote's post, each event's partner); hash joins read each table once.
BULK_LOAD_SETTINGS = {"work_mem": "64MB", "enable_nestloop": "off"}


class SocialEngagement(models.Model):
    """Bulk loads of the ledger: a whole history written at once, as pg_restore writes a table.

    Checked row by row, each of the ledger's seven foreign keys costs about as much as writing
    the row, and each index is updated row by row. When a backfill writes at least as many rows
    as the ledger holds (the install of a producer on a database with history), the ledger's
    secondary indexes and foreign keys are dropped before it and rebuilt after it: one index
    build and one validation query per key instead of a check per row. The validation is the
    same check as the triggers', so a bad row still aborts the transaction.
    """

    # one job per file (docs/ARCHITECTURE.md), against OCA's advice to merge the inheriting classes
    _inherit = "social.engagement"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _bulk_load_worth_it(self, expected_rows):
        """Whether writing ``expected_rows`` rows is a bulk load: large, and no smaller than the
        ledger (rebuilding indexes and validating keys reads every row of the table)."""
        # the context key lets tests take the bulk path on small histories
        if expected_rows < self.env.context.get("social_crm_bulk_load_min_rows", BULK_LOAD_MIN_ROWS):
            return False
        self.flush_model()
        self.env.cr.execute("SELECT COUNT(*) FROM social_engagement")
        return expected_rows >= self.env.cr.fetchone()[0]

    @api.model
    def _bulk_load_schema(self):
        """(foreign keys, secondary indexes) of the ledger's table: [(name, definition)]."""
        self.env.cr.execute(
            """
            SELECT conname, pg_get_constraintdef(oid)
              FROM pg_constraint
             WHERE conrelid = 'social_engagement'::regclass AND contype = 'f'
          ORDER BY conname
            """
        )
        foreign_keys = self.env.cr.fetchall()
        # indexes that back a constraint (primary key, unique) stay: they are the constraint
        self.env.cr.execute(
            """
            SELECT c.relname, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid = 'social_engagement'::regclass
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
          ORDER BY 1
            """
        )
        return foreign_keys, self.env.cr.fetchall()

    @api.model
    def _bulk_load_settings(self, settings):
        """Set these PostgreSQL settings until the transaction ends; return their former values."""
        names = list(settings)
        self.env.cr.execute(SQL("SELECT %s", SQL(", ").join(SQL("current_setting(%s)", name) for name in names)))
        former = dict(zip(names, self.env.cr.fetchone(), strict=True))
        self.env.cr.execute(
            SQL("SELECT %s", SQL(", ").join(SQL("set_config(%s, %s, true)", name, settings[name]) for name in names))
        )
        return former

    @api.model
    @contextmanager
    def _bulk_load(self, expected_rows):
        """Context of a backfill expected to write ``expected_rows`` ledger rows.

        A bulk load (see ``_bulk_load_worth_it``) drops the ledger's secondary indexes and
        foreign keys, gives the statements more memory for their sorts and hash joins instead
        of nested loops, and restores all of it
        at the end, in a savepoint: an error inside leaves the table as it was. Locks the ledger
        (and, for its foreign keys, the tables they reference) until the transaction ends, as
        any change of a module's tables does during its install.
        """
        if not self._bulk_load_worth_it(expected_rows):
            yield False
            return
        cr = self.env.cr
        with cr.savepoint():
            started = time.perf_counter()
            foreign_keys, indexes = self._bulk_load_schema()
            saved = self._bulk_load_settings(BULK_LOAD_SETTINGS)
            if foreign_keys:
                cr.execute(
                    SQL(
                        "ALTER TABLE social_engagement %s",
                        SQL(", ").join(SQL("DROP CONSTRAINT %s", SQL.identifier(name)) for name, _def in foreign_keys),
                    )
                )
            if indexes:
                cr.execute(SQL("DROP INDEX %s", SQL(", ").join(SQL.identifier(name) for name, _def in indexes)))
            _logger.info(
                "Social CRM bulk load of the ledger (%d rows expected): %d indexes and %d foreign keys"
                " set aside until it ends",
                expected_rows,
                len(indexes),
                len(foreign_keys),
            )
            yield True
            self.flush_model()
            rebuilt = time.perf_counter()
            for _name, definition in indexes:
                cr.execute(definition)
            if foreign_keys:
                # validated here, in one query per key: the same check the triggers make per row
                cr.execute(
                    SQL(
                        "ALTER TABLE social_engagement %s",
                        SQL(", ").join(
                            # a definition from pg_get_constraintdef, a literal for SQL()
                            SQL("ADD CONSTRAINT %s %s", SQL.identifier(name), SQL(definition.replace("%", "%%")))
                            for name, definition in foreign_keys
                        ),
                    )
                )
            self._bulk_load_settings(saved)
            cr.execute("ANALYZE social_engagement")
            _logger.info(
                "Social CRM bulk load of the ledger done in %.1f s, indexes and foreign keys rebuilt in %.1f s",
                time.perf_counter() - started,
                time.perf_counter() - rebuilt,
            )
