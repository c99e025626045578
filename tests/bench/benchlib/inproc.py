"""Odoo inside the benchmark process, for figures measured below HTTP (1 and 2)."""

from contextlib import contextmanager

from .odooenv import ADDONS_PATH, DATA_DIR, log_path

_CONFIGURED = False


def configure():
    global _CONFIGURED  # noqa: PLW0603 (one configuration per process)
    if _CONFIGURED:
        return
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(
        [
            f"--addons-path={ADDONS_PATH}",
            f"--data-dir={DATA_DIR / 'odoo'}",
            f"--logfile={log_path('inprocess')}",
            "--log-level=warn",
            "--max-cron-threads=0",
        ]
    )
    _CONFIGURED = True


@contextmanager
def environment(db, commit=False):
    """A superuser environment on a fresh cursor; rolled back unless ``commit``."""
    configure()
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    registry = Registry(db)
    cr = registry.cursor()
    try:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        yield env
        if commit:
            env.flush_all()
            cr.commit()
        else:
            cr.rollback()
    finally:
        cr.close()


def release(db):
    """Forget the registry and close the pooled connections of ``db``."""
    if not _CONFIGURED:
        return
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    Registry.delete(db)
    odoo.sql_db.close_db(db)
