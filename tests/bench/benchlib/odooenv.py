"""Where Odoo is, how to run it, and the databases the benchmarks own.

``make bench`` sets Odoo up and runs the benchmarks with its Python; Odoo is started through
the project's one launcher, ``tools/odoo_runner.py``. Run by hand, Odoo is found as
``import odoo`` or through ``ODOO_PATH`` (an Odoo 18 source tree).
Every database created here starts with ``bench_`` and every server listens on
127.0.0.1 on one of the ports 8173-8179.
"""

import os
import re
import shutil
import sys
import time
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tools"))
from odoo_runner import OdooRunner  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent.parent
# the addons measured: this checkout, or another one (e.g. an exported commit)
REPO_ROOT = Path(os.environ.get("BENCH_ADDONS_ROOT") or BENCH_DIR.parent.parent).resolve()
DB_PREFIX = "bench_"
PORTS = range(8173, 8180)


def find_odoo():
    """Return (odoo package dir, source tree root) and make ``import odoo`` work."""
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path:
        odoo_path = str(Path(odoo_path).resolve())
        if odoo_path not in sys.path:
            sys.path.insert(0, odoo_path)
    try:
        import odoo  # noqa: PLC0415 (located at run time on purpose)
    except ImportError as exc:
        raise SystemExit(
            "Odoo 18 not found: install it so that `import odoo` works, or set ODOO_PATH to an Odoo 18 source tree"
        ) from exc
    package_dir = Path(odoo.__file__).resolve().parent
    return package_dir, package_dir.parent


ODOO_PACKAGE, ODOO_ROOT = find_odoo()
ADDONS_PATH = f"{ODOO_ROOT / 'addons'},{REPO_ROOT}"
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", "/tmp/social_crm_bench"))
RUNNER = OdooRunner(sys.executable, ODOO_ROOT, ADDONS_PATH, DATA_DIR / "odoo")


def odoo_cmd(*args):
    """Odoo's command line with the benchmark's addons path and data dir, on 127.0.0.1."""
    return RUNNER.cmd("--http-interface=127.0.0.1", *args)


def log_path(name):
    path = DATA_DIR / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path / f"bench_{name}.log"


def run_odoo(db, args, log_name, timeout=3600):
    """Run odoo-bin --stop-after-init on ``db``; return wall time in seconds.

    The log goes to the data dir; on failure its tail is raised with the error.
    """
    assert db.startswith(DB_PREFIX), db
    log = log_path(log_name)
    log.unlink(missing_ok=True)  # --logfile appends; judge this run only
    t0 = time.perf_counter()
    rc, output = RUNNER.run(
        db,
        "--http-interface=127.0.0.1",
        "--stop-after-init",
        "--without-demo=all",
        "--max-cron-threads=0",
        f"--http-port={PORTS[-1]}",
        "--log-level=info",
        f"--logfile={log}",
        *args,
        timeout=timeout,
    )
    elapsed = time.perf_counter() - t0
    text = log.read_text(errors="replace") if log.exists() else ""
    bad = [line for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line]
    if rc or bad:
        raise RuntimeError(f"{failure_summary(text + output)} (odoo {' '.join(args)} on {db}, rc={rc}, log {log})")
    return elapsed


def failure_summary(text):
    """The exception line of the last traceback in an Odoo log, else its first ERROR line."""
    lines = text.splitlines()
    exc_lines = [
        line for line in lines if re.match(r"^[A-Za-z_][\w.]*: \S", line) and not line.startswith(("ERROR:", "LINE"))
    ]
    if exc_lines:
        return exc_lines[-1].strip()[:300]
    errors = [line for line in lines if " ERROR " in line or " CRITICAL " in line]
    return (errors[0] if errors else (lines[-1] if lines else "no output")).strip()[:300]


# --------------------------------------------------------------------- databases


def connect(db, autocommit=False):
    assert db == "postgres" or db.startswith(DB_PREFIX), db
    cnx = psycopg2.connect(dbname=db)
    cnx.autocommit = autocommit
    return cnx


def _admin(sql, params=None):
    cnx = connect("postgres", autocommit=True)
    try:
        with cnx.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else None
    finally:
        cnx.close()


def _ident(db):
    assert db.startswith(DB_PREFIX) and db.replace("_", "").isalnum(), db
    return '"%s"' % db


def _terminate(db):
    _admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        (db,),
    )


def db_exists(db):
    return bool(_admin("SELECT 1 FROM pg_database WHERE datname = %s", (db,)))


def drop_db(db):
    if db_exists(db):
        _terminate(db)
        _admin(f"DROP DATABASE IF EXISTS {_ident(db)}")
    shutil.rmtree(DATA_DIR / "odoo" / "filestore" / db, ignore_errors=True)


def create_db(db):
    drop_db(db)
    _admin(f"CREATE DATABASE {_ident(db)} ENCODING 'unicode' TEMPLATE template0")


def clone_db(source, target):
    """Copy a database and its filestore (CREATE DATABASE ... TEMPLATE, a file copy)."""
    drop_db(target)
    _terminate(source)
    _admin(f"CREATE DATABASE {_ident(target)} ENCODING 'unicode' TEMPLATE {_ident(source)}")
    src = DATA_DIR / "odoo" / "filestore" / source
    if src.exists():
        shutil.copytree(src, DATA_DIR / "odoo" / "filestore" / target)


def list_bench_dbs():
    rows = _admin("SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_%%'")
    return sorted(r[0] for r in rows)


def vacuum(db, *tables):
    cnx = connect(db, autocommit=True)
    try:
        with cnx.cursor() as cr:
            for table in tables or [None]:
                cr.execute(f"VACUUM ANALYZE {table}" if table else "VACUUM ANALYZE")
    finally:
        cnx.close()


def installed_modules(db):
    cnx = connect(db)
    try:
        with cnx.cursor() as cr:
            cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
            return {r[0] for r in cr.fetchall()}
    finally:
        cnx.close()


def addon_available(name):
    """An addon of the repository is there and declares itself installable."""
    manifest = REPO_ROOT / name / "__manifest__.py"
    if not manifest.exists():
        return False
    import ast  # noqa: PLC0415

    data = ast.literal_eval(manifest.read_text())
    return data.get("installable", True)
