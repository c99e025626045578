#!/usr/bin/env python3
"""Project harness behind the Makefile: demo, test, compat, lint.

Odoo 18.0 is a prerequisite: this script finds it (importable ``odoo`` or the
source tree named by ``ODOO_PATH``) and stops at once when it cannot; it never
downloads or builds Odoo. It installs the project's own tools (requirements.txt),
Debian's chromium for the browser tests, and starts PostgreSQL when it is down.
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDONS = ["social_crm", "social_crm_forum", "social_crm_ideas"]
COMPAT_MODULES = ["crm", "website_forum", "portal"]
COMPAT_BASELINE = REPO / ".ci" / "compat_baseline.txt"
PYTHON = sys.executable

# Python modules the tests need, by the distribution that provides them.
TOOLS = {
    "pytest": "pytest",
    "pytest_odoo": "pytest-odoo",
    "odoorpc": "OdooRPC",
    "ruff": "ruff",
    "pylint_odoo": "pylint-odoo",
    "phonenumbers": "phonenumbers",
    # Odoo skips its browser tests (tours) silently when this one is missing.
    "websocket": "websocket-client",
}

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>\S+): (?P<msg>.*)$"
)
RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
FAILED_TEST = re.compile(r"^(FAIL|ERROR): (\S+)")


def say(msg):
    print(f"[social-crm] {msg}", flush=True)


def die(msg, code=2):
    print(f"[social-crm] ERROR: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


# ---------------------------------------------------------------- prerequisites

def find_odoo():
    """Return (odoo_root, stock_addons_dir or None). Fast: a few seconds at most."""
    hint = (
        "Odoo 18.0 Community is a prerequisite of this project and was not found.\n"
        "  Either make it importable by this Python (%s): `python3 -c 'import odoo'` must work,\n"
        "  or point ODOO_PATH to an Odoo 18.0 source tree (the folder holding odoo-bin,\n"
        "  odoo/ and addons/), e.g.  make test ODOO_PATH=$HOME/src/odoo-18.0\n"
        "  Odoo's own Python requirements must be installed (pip install -r <odoo>/requirements.txt)." % PYTHON
    )
    env_path = os.environ.get("ODOO_PATH")
    if env_path:
        root = Path(env_path).expanduser().resolve()
        if not (root / "odoo" / "__init__.py").is_file():
            die(f"ODOO_PATH={env_path} does not hold an Odoo source tree (no odoo/__init__.py there).\n" + hint)
    else:
        try:
            out = subprocess.run(
                [PYTHON, "-c", "import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))"],
                capture_output=True, text=True, timeout=30, cwd="/",
            )
        except subprocess.TimeoutExpired:
            die("importing odoo took more than 30 s.\n" + hint)
        if out.returncode != 0 or not out.stdout.strip():
            die("`import odoo` fails and ODOO_PATH is not set.\n" + hint)
        root = Path(out.stdout.strip().splitlines()[-1])
    probe = subprocess.run(
        [PYTHON, "-c", "import odoo.release as r, odoo.modules.registry; print(r.version_info[0])"],
        capture_output=True, text=True, timeout=60, cwd="/", env=odoo_env(root),
    )
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["?"])[-1]
        die(f"Odoo at {root} does not import ({last}).\n"
            "  Install its Python requirements: pip install -r %s/requirements.txt" % root)
    if probe.stdout.strip().splitlines()[-1] != "18":
        die(f"Odoo at {root} is not version 18.0.\n" + hint)
    stock = root / "addons"
    return root, stock if (stock / "web").is_dir() else None


def odoo_env(root):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(root), env.get("PYTHONPATH", "")] if p)
    return env


def ensure_tools(root):
    missing = []
    for module, dist in TOOLS.items():
        check = subprocess.run([PYTHON, "-c", f"import {module}"], capture_output=True, cwd="/", env=odoo_env(root))
        if check.returncode != 0:
            missing.append(dist)
    if missing:
        say("installing missing tools from requirements.txt: %s" % ", ".join(missing))
        rc = subprocess.run([PYTHON, "-m", "pip", "install", "-q", "-r", str(REPO / "requirements.txt")]).returncode
        if rc:
            die("pip could not install requirements.txt")


def ensure_chromium():
    if any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")):
        return
    if not shutil.which("apt-get"):
        die("Chromium is needed for the browser tests (tours): install it (Debian/Ubuntu package `chromium`).")
    say("installing Debian's chromium for the browser tests (tours)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "update", "-qq"], env=env, check=False)
    if subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "chromium"], env=env).returncode:
        die("could not install chromium with apt-get; install it and run again.")


def psql(sql, db="postgres", check=True):
    return subprocess.run(["psql", "-X", "-q", "-t", "-A", "-d", db, "-c", sql],
                          capture_output=True, text=True, check=check)


def ensure_postgres():
    if not shutil.which("psql"):
        die("PostgreSQL client (psql) not found: install PostgreSQL (Debian package postgresql).")
    role = _db_role()
    if role == "postgres":
        die("Odoo refuses the database role `postgres`: run as another user or set PGUSER to another role.")
    if _pg_ready():
        return _ensure_role(role)
    say("PostgreSQL is down: starting it")
    for version in sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []:
        for cluster in os.listdir(f"/etc/postgresql/{version}"):
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "start"], check=False)
    for _ in range(30):
        if _pg_ready():
            return _ensure_role(role)
        time.sleep(1)
    die("PostgreSQL is not running and could not be started (pg_ctlcluster). Start it and run again.")


def _db_role():
    """The role libpq connects as: PGUSER, else the name of the user running this."""
    import pwd  # noqa: PLC0415

    return os.environ.get("PGUSER") or pwd.getpwuid(os.geteuid()).pw_name


def _pg_ready():
    return subprocess.run(["pg_isready", "-q"], check=False).returncode == 0 if shutil.which("pg_isready") \
        else psql("SELECT 1", check=False).returncode == 0


def _ensure_role(role):
    if psql("SELECT 1", check=False).returncode == 0:
        return
    say(f"creating the PostgreSQL role {role} (superuser, as Odoo needs to create databases)")
    created = subprocess.run(["psql", "-X", "-q", "-U", "postgres", "-h", "127.0.0.1", "-d", "postgres", "-c",
                              f'CREATE ROLE "{role}" LOGIN SUPERUSER'], capture_output=True, text=True)
    if created.returncode or psql("SELECT 1", check=False).returncode:
        die(f"cannot connect to PostgreSQL as role {role}: create it (createuser -s {role}) or set PGUSER.")


def drop_db(name):
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', check=False)
    shutil.rmtree(data_dir() / "filestore" / name, ignore_errors=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup(browser=False):
    root, stock = find_odoo()
    ensure_tools(root)
    if browser:
        ensure_chromium()
    ensure_postgres()
    addons_path = ",".join(str(p) for p in [stock, REPO] if p)
    return root, addons_path


# ---------------------------------------------------------------- running Odoo

def odoo_cmd(addons_path, db, *args):
    return [PYTHON, "-m", "odoo", "--addons-path", addons_path, "-d", db, "--db-filter", f"^{re.escape(db)}$",
            "--data-dir", str(data_dir()), *args]


def data_dir():
    return Path(os.environ.get("SOCIALCRM_DATA_DIR", Path.home() / ".local/share/Odoo"))


def run_odoo(root, addons_path, db, args, log_path, echo=True):
    """Run Odoo until it stops; return the parsed log summary."""
    cmd = odoo_cmd(addons_path, db, *args)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env=odoo_env(root), cwd="/")
        for line in proc.stdout:
            log.write(line)
            if echo and _interesting(line):
                sys.stdout.write(line)
                sys.stdout.flush()
        rc = proc.wait()
    return summarize_log(log_path, rc)


def _interesting(line):
    m = LOG_LINE.match(line)
    if not m:
        return False
    if m["level"] in ("ERROR", "CRITICAL") or RESULT.search(m["msg"]):
        return True
    return m["logger"] == "odoo.modules.loading" and bool(re.match(r"(loading \d+ modules|Modules loaded)", m["msg"]))


def summarize_log(log_path, rc):
    summary = {"rc": rc, "failed": 0, "errors": 0, "tests": 0, "result_found": False,
               "failed_tests": set(), "error_lines": []}
    in_error = False
    for line in Path(log_path).read_text(errors="replace").splitlines():
        m = LOG_LINE.match(line)
        if m:
            in_error = m["level"] in ("ERROR", "CRITICAL")
            r = RESULT.search(m["msg"])
            if r:
                summary.update(failed=int(r[1]), errors=int(r[2]), tests=int(r[3]), result_found=True)
                continue
            if in_error:
                summary["error_lines"].append(line)
                f = FAILED_TEST.match(m["msg"])
                if f:
                    summary["failed_tests"].add(f"{m['logger']}:{f[2]}")
    return summary


@contextlib.contextmanager
def odoo_server(root, addons_path, db, port, log_path):
    cmd = odoo_cmd(addons_path, db, "--http-port", str(port), "--http-interface", "127.0.0.1",
                   "--max-cron-threads", "0")
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=odoo_env(root), cwd="/",
                                start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_http(url + "/web/login", proc, log_path)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def wait_http(url, proc, log_path, timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            die(f"the Odoo server stopped while starting; see {log_path}")
        with contextlib.suppress(Exception):
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        time.sleep(1)
    die(f"the Odoo server did not answer {url} within {timeout} s; see {log_path}")


# ---------------------------------------------------------------- targets

def cmd_check(args):
    root, addons_path = setup(browser=args.browser)
    say(f"Odoo 18.0 at {root}; addons path {addons_path}; PostgreSQL ready")


def cmd_demo(args):
    root, addons_path = setup()
    db = args.db
    say(f"creating the demo database {db} with {', '.join(ADDONS)} and their demo data")
    drop_db(db)
    log = Path(f"/tmp/{db}-install.log")
    summary = run_odoo(root, addons_path, db, ["-i", ",".join(ADDONS), "--stop-after-init", "--http-port",
                                               str(free_port())], log)
    if summary["rc"] or summary["error_lines"]:
        die(f"the installation failed; see {log}")
    # Warnings and errors only on the console, so that the logins below stay in sight.
    cmd = odoo_cmd(addons_path, db, "--http-port", str(args.port), "--log-level", "warn")
    say(f"starting Odoo on http://localhost:{args.port} (Ctrl-C to stop)")
    proc = subprocess.Popen(cmd, env=odoo_env(root), cwd="/")
    try:
        wait_http(f"http://localhost:{args.port}/web/login", proc, "the console")
        print(
            "\n"
            "  Social CRM demo is ready:  http://localhost:%d\n"
            "    administrator           admin  / admin\n"
            "    sales user (internal)   demo   / demo     -> Social CRM app, CRM\n"
            "    portal customer         portal / portal   -> /my/community, /ideas, /forum\n"
            "  Database: %s   Stop with Ctrl-C.\n" % (args.port, db),
            flush=True,
        )
        proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


def cmd_test(args):
    root, addons_path = setup(browser=True)
    db = f"socialcrm_test_{os.getpid()}"
    logdir = Path(args.log_dir)
    logdir.mkdir(parents=True, exist_ok=True)
    passed = failed = skipped = 0
    started = time.time()
    drop_db(db)
    try:
        say(f"[1/2] Odoo tests of {', '.join(ADDONS)} (at_install and post_install, tours) on {db}")
        tags = ",".join(f"/{a}" for a in ADDONS)
        odoo_log = logdir / "odoo-tests.log"
        s = run_odoo(root, addons_path, db, ["-i", ",".join(ADDONS), "--test-enable", "--test-tags", tags,
                                             "--stop-after-init", "--http-port", str(free_port())], odoo_log)
        bad = s["failed"] + s["errors"]
        passed += s["tests"] - bad
        failed += bad
        stray = [line for line in s["error_lines"] if not FAILED_TEST.search(line)]
        if not s["result_found"] or s["rc"] or (stray and not bad):
            say(f"Odoo did not finish its tests cleanly (rc={s['rc']}); see {odoo_log}")
            failed += 1
        say(f"Odoo tests: {s['tests']} run, {bad} failed or in error")

        say("[2/2] pytest: cross-addon, end-to-end (RPC) and install/upgrade/uninstall tests")
        port = free_port()
        junit = logdir / "pytest.xml"
        with odoo_server(root, addons_path, db, port, logdir / "e2e-server.log") as url:
            env = odoo_env(root)
            env.update(SOCIALCRM_TEST_DB=db, SOCIALCRM_TEST_URL=url, SOCIALCRM_ADDONS_PATH=addons_path,
                       SOCIALCRM_ODOO_ROOT=str(root))
            cmd = [PYTHON, "-m", "pytest", "-c", str(REPO / "setup.cfg"), "--rootdir", str(REPO),
                   str(REPO / "tests"), "--ignore", str(REPO / "tests" / "bench"),
                   "--odoo-database", db, "--odoo-addons-path", addons_path, "--odoo-log-level", "warn",
                   f"--junitxml={junit}", "-p", "no:cacheprovider"]
            rc = subprocess.run(cmd, env=env, cwd=str(REPO)).returncode
        p, f, sk = junit_counts(junit)
        if rc not in (0, 1, 5) and f == 0:
            f = 1  # pytest itself failed (usage error, internal error)
        passed, failed, skipped = passed + p, failed + f, skipped + sk
    finally:
        if not args.keep_db:
            drop_db(db)
    say(f"done in {time.time() - started:.0f} s; logs in {logdir}")
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line, flush=True)
    sys.exit(1 if failed or not passed else 0)


def junit_counts(path):
    if not Path(path).is_file():
        return 0, 1, 0
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    tests = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return tests - failed - skipped, failed, skipped


def cmd_compat(args):
    root, addons_path = setup(browser=True)
    logdir = Path(args.log_dir)
    logdir.mkdir(parents=True, exist_ok=True)
    tags = ",".join(f"/{m}" for m in COMPAT_MODULES)
    runs = {"stock": COMPAT_MODULES, "with-social-crm": COMPAT_MODULES + ADDONS}
    results = {}
    for name, modules in runs.items():
        db = f"socialcrm_compat_{name.replace('-', '_')}_{os.getpid()}"
        drop_db(db)
        say(f"Odoo's own tests of {', '.join(COMPAT_MODULES)}: {name} ({db})")
        try:
            results[name] = run_odoo(root, addons_path, db, [
                "-i", ",".join(modules), "--test-enable", "--test-tags", tags, "--stop-after-init",
                "--http-port", str(free_port())], logdir / f"compat-{name}.log")
        finally:
            drop_db(db)
        r = results[name]
        say(f"{name}: {r['tests']} tests, {r['failed']} failed, {r['errors']} errors "
            f"{sorted(r['failed_tests']) or ''}")
    baseline = read_baseline()
    stock, ours = results["stock"], results["with-social-crm"]
    introduced = sorted(ours["failed_tests"] - stock["failed_tests"] - baseline)
    broken = not ours["result_found"] or (ours["failed"] + ours["errors"] and not ours["failed_tests"])
    report = {"stock": _jsonable(stock), "with_social_crm": _jsonable(ours), "introduced": introduced,
              "baseline": sorted(baseline)}
    (logdir / "compat.json").write_text(json.dumps(report, indent=2))
    passed = ours["tests"] - len(ours["failed_tests"])
    if introduced or broken:
        for t in introduced:
            say(f"introduced by our addons: {t}")
        print(f"{passed} passed, {max(len(introduced), 1)} failed", flush=True)
        sys.exit(1)
    say("no failure introduced by our addons (stock failures: %s)" % (sorted(stock["failed_tests"]) or "none"))
    print(f"{passed} passed, 0 failed", flush=True)


def _jsonable(summary):
    return {k: sorted(v) if isinstance(v, set) else v for k, v in summary.items() if k != "error_lines"}


def read_baseline():
    if not COMPAT_BASELINE.is_file():
        return set()
    entries = set()
    for line in COMPAT_BASELINE.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.add(line)
    return entries


def cmd_lint(args):
    root, _stock = find_odoo()
    ensure_tools(root)
    paths = [str(REPO / a) for a in ADDONS] + [str(REPO / "tests"), str(REPO / "tools")]
    rc = subprocess.run([PYTHON, "-m", "ruff", "check", *paths], cwd=str(REPO)).returncode
    rc |= subprocess.run([PYTHON, "-m", "pylint", "--rcfile", str(REPO / "setup.cfg"),
                          *[str(REPO / a) for a in ADDONS]], cwd=str(REPO)).returncode
    sys.exit(1 if rc else 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="target", required=True)
    p = sub.add_parser("check", help="check the prerequisites")
    p.add_argument("--browser", action="store_true")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("demo", help="create the demo database and serve it")
    p.add_argument("--db", default=os.environ.get("DEMO_DB", "socialcrm_demo"))
    p.add_argument("--port", type=int, default=int(os.environ.get("DEMO_PORT", 8069)))
    p.set_defaults(func=cmd_demo)
    for name, func in (("test", cmd_test), ("compat", cmd_compat)):
        p = sub.add_parser(name)
        p.add_argument("--log-dir", default=os.environ.get("SOCIALCRM_LOG_DIR", f"/tmp/social-crm-{name}"))
        p.add_argument("--keep-db", action="store_true")
        p.set_defaults(func=func)
    sub.add_parser("lint").set_defaults(func=cmd_lint)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
