#!/usr/bin/env python3
"""Project harness behind the Makefile: check, demo, test, compat, lint, bench.

Every target first sets up what it runs on through ``tools/bootstrap.py`` (Odoo 18.0 fetched
and cached when none is found, its virtualenv, system packages, PostgreSQL, Chromium) and then
starts Odoo through ``tools/odoo_runner.py``, the project's one Odoo launcher.
"""

import argparse
import hashlib
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bootstrap  # noqa: E402
from odoo_runner import LOG_LINE, OdooError, OdooRunner, free_port, psql, wait_http  # noqa: E402

REPO = bootstrap.REPO
ADDONS = ["social_crm", "social_crm_forum", "social_crm_ideas"]
# Bridges to optional Odoo apps: installed automatically where their app is. Not in ADDONS (the
# test and demo databases would install the app and its dependencies, ~account for loyalty, on
# every run); their tests install them on a database of their own (tests/test_bridges.py).
BRIDGE_ADDONS = ["social_crm_loyalty"]
COMPAT_MODULES = ["crm", "website_forum", "portal"]
COMPAT_BASELINE = REPO / ".ci" / "compat_baseline.txt"
RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
FAILED_TEST = re.compile(r"^(FAIL|ERROR): (\S+)")
say = bootstrap.say


def die(msg, code=2):
    print(f"[social-crm] ERROR: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


def setup(browser=False):
    """Everything a target needs, set up or found; the runner that starts Odoo on it."""
    try:
        env = bootstrap.prepare(browser=browser)
    except bootstrap.SetupError as exc:
        die(str(exc))
    return OdooRunner(env.python, env.odoo_root, env.addons_path)


# ---------------------------------------------------------------- running Odoo


def run_odoo(runner, db, args, log_path, echo=True):
    """Run Odoo until it stops; return the parsed log summary."""

    def show(line):
        if _interesting(line):
            sys.stdout.write(line)
            sys.stdout.flush()

    rc, _log = runner.run(db, *args, log_path=log_path, echo=show if echo else None)
    return summarize_log(log_path, rc)


def _interesting(line):
    m = LOG_LINE.match(line)
    if not m:
        return False
    if m["level"] in ("ERROR", "CRITICAL") or RESULT.search(m["msg"]):
        return True
    return m["logger"] == "odoo.modules.loading" and bool(re.match(r"(loading \d+ modules|Modules loaded)", m["msg"]))


def summarize_log(log_path, rc):
    summary = {
        "rc": rc,
        "failed": 0,
        "errors": 0,
        "tests": 0,
        "result_found": False,
        "failed_tests": set(),
        "error_lines": [],
    }
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


# ---------------------------------------------------------------- targets


def cmd_check(args):
    setup(browser=args.browser)


def addons_fingerprint():
    """Hash of the addons' files: a demo database built from other files is upgraded."""
    digest = hashlib.sha256()
    for addon in ADDONS:
        for path in sorted((REPO / addon).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(REPO)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


FINGERPRINT_KEY = "social_crm.demo_fingerprint"


def port_free(port):
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def demo_state(db):
    """(database exists, installed addons, fingerprint stored at the last build) of the demo database."""
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{db}'", check=False).stdout.strip() != "1":
        return False, set(), None
    names = ", ".join(f"'{a}'" for a in ADDONS)
    out = psql(f"SELECT name FROM ir_module_module WHERE state = 'installed' AND name IN ({names})", db=db, check=False)
    installed = set(out.stdout.split()) if out.returncode == 0 else set()
    stored = psql(f"SELECT value FROM ir_config_parameter WHERE key = '{FINGERPRINT_KEY}'", db=db, check=False)
    return True, installed, stored.stdout.strip() or None


def cmd_demo(args):
    runner = setup()
    db = args.db
    fingerprint = addons_fingerprint()
    exists, installed, stored = demo_state(db)
    log = Path(args.log_dir) / f"{db}-install.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    if args.reset or not exists or not installed:
        say(f"creating the demo database {db} with {', '.join(ADDONS)} and their demo data")
        runner.drop_db(db)
        step = ["-i", ",".join(ADDONS)]
    elif installed != set(ADDONS) or stored != fingerprint:
        say(f"the demo database {db} was built from other addon files: upgrading it (RESET=1 rebuilds it)")
        step = ["-i", ",".join(ADDONS), "-u", ",".join(ADDONS)]
    else:
        say(f"reusing the demo database {db}: its addons are current (RESET=1 rebuilds it)")
        step = None
    if step:
        summary = run_odoo(runner, db, [*step, "--stop-after-init", "--no-http"], log)
        if summary["rc"] or summary["error_lines"]:
            die(f"the installation failed; see {log}")
        psql(
            f"INSERT INTO ir_config_parameter (key, value, create_date, write_date) "
            f"VALUES ('{FINGERPRINT_KEY}', '{fingerprint}', now(), now()) "
            f"ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = now()",
            db=db,
        )
    if not port_free(args.port):
        die(f"port {args.port} is in use (another `make demo`?): stop it, or choose another with DEMO_PORT=…")
    # Warnings and errors only on the console, so that the logins below stay in sight.
    cmd = runner.cmd("--http-port", str(args.port), "--log-level", "warn", db=db)
    say(f"starting Odoo on http://localhost:{args.port} (Ctrl-C to stop)")
    proc = subprocess.Popen(cmd, env=runner.env(), cwd="/")
    # Stopped by a signal other than Ctrl-C (kill, a CI timeout): stop the server too.
    signal.signal(signal.SIGTERM, lambda *_args: (proc.terminate(), sys.exit(143)))
    try:
        try:
            wait_http(f"http://localhost:{args.port}/web/login", proc, 180, "the console")
        except OdooError as exc:
            die(str(exc))
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


class _SkipPytest(Exception):
    pass


def cmd_test(args):
    runner = setup(browser=True)
    db = f"socialcrm_test_{os.getpid()}"
    logdir = Path(args.log_dir)
    logdir.mkdir(parents=True, exist_ok=True)
    passed = failed = skipped = 0
    started = time.time()
    runner.drop_db(db)
    try:
        # Lint first: it is quick, and code that does not pass it does not land (LINT=0 skips it
        # while working on a part; CI never sets it).
        if os.environ.get("LINT", "1") != "0":
            say("[0/2] lint: the blocking checks of make lint")
            if lint(runner, blocking_only=True):
                failed += 1
            else:
                passed += 1
        # TEST_TAGS narrows the Odoo tests while working on one part (all three addons are installed).
        tags = os.environ.get("TEST_TAGS") or ",".join(f"/{a}" for a in ADDONS)
        say(f"[1/2] Odoo tests {tags} (at_install and post_install, tours) on {db}")
        odoo_log = logdir / "odoo-tests.log"
        s = run_odoo(
            runner,
            db,
            [
                "-i",
                ",".join(ADDONS),
                "--test-enable",
                "--test-tags",
                tags,
                "--stop-after-init",
                "--http-port",
                str(free_port()),
            ],
            odoo_log,
        )
        bad = s["failed"] + s["errors"]
        passed += s["tests"] - bad
        failed += bad
        stray = [line for line in s["error_lines"] if not FAILED_TEST.search(line)]
        if not s["result_found"] or s["rc"] or (stray and not bad):
            say(f"Odoo did not finish its tests cleanly (rc={s['rc']}); see {odoo_log}")
            failed += 1
        say(f"Odoo tests: {s['tests']} run, {bad} failed or in error")

        pytest_args = [*shlex.split(os.environ.get("PYTEST_ARGS", "")), *args.pytest_args]
        if pytest_args == ["none"]:
            say("[2/2] pytest skipped (PYTEST_ARGS=none)")
            raise _SkipPytest
        say("[2/2] pytest: cross-addon, end-to-end (RPC), install/upgrade/uninstall and set-up tests")
        junit = logdir / "pytest.xml"
        server_log = logdir / "e2e-server.log"
        with runner.server(db, log_path=server_log, args=("--max-cron-threads", "0")) as url:
            env = runner.env()
            env.update(
                SOCIALCRM_TEST_DB=db,
                SOCIALCRM_TEST_URL=url,
                SOCIALCRM_TEST_SERVER_LOG=str(server_log),
                SOCIALCRM_BASE_PYTHON=sys.executable,
            )
            cmd = [
                runner.python,
                "-m",
                "pytest",
                "-c",
                str(REPO / "setup.cfg"),
                "--rootdir",
                str(REPO),
                str(REPO / "tests"),
                "--ignore",
                str(REPO / "tests" / "bench"),
                "--odoo-database",
                db,
                "--odoo-addons-path",
                runner.addons_path,
                "--odoo-log-level",
                "warn",
                f"--junitxml={junit}",
                "-p",
                "no:cacheprovider",
                *pytest_args,
            ]
            rc = subprocess.run(cmd, env=env, cwd=str(REPO)).returncode
        p, f, sk = junit_counts(junit)
        if rc not in (0, 1, 5) and f == 0:
            f = 1  # pytest itself failed (usage error, internal error)
        passed, failed, skipped = passed + p, failed + f, skipped + sk
    except _SkipPytest:
        pass
    finally:
        if not args.keep_db:
            runner.drop_db(db)
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
    runner = setup(browser=True)
    logdir = Path(args.log_dir)
    logdir.mkdir(parents=True, exist_ok=True)
    tags = ",".join(f"/{m}" for m in COMPAT_MODULES)
    runs = {"stock": COMPAT_MODULES, "with-social-crm": COMPAT_MODULES + ADDONS}
    results = {}
    for name, modules in runs.items():
        db = f"socialcrm_compat_{name.replace('-', '_')}_{os.getpid()}"
        runner.drop_db(db)
        say(f"Odoo's own tests of {', '.join(COMPAT_MODULES)}: {name} ({db})")
        try:
            results[name] = run_odoo(
                runner,
                db,
                [
                    "-i",
                    ",".join(modules),
                    "--test-enable",
                    "--test-tags",
                    tags,
                    "--stop-after-init",
                    "--http-port",
                    str(free_port()),
                ],
                logdir / f"compat-{name}.log",
            )
        finally:
            runner.drop_db(db)
        r = results[name]
        say(f"{name}: {r['tests']} tests, {r['failed']} failed, {r['errors']} errors {sorted(r['failed_tests']) or ''}")
    baseline = read_baseline()
    stock, ours = results["stock"], results["with-social-crm"]
    introduced = sorted(ours["failed_tests"] - stock["failed_tests"] - baseline)
    broken = not ours["result_found"] or (ours["failed"] + ours["errors"] and not ours["failed_tests"])
    report = {
        "stock": _jsonable(stock),
        "with_social_crm": _jsonable(ours),
        "introduced": introduced,
        "baseline": sorted(baseline),
    }
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


def lint(runner, blocking_only=False):
    """ruff check, ruff format --check and pylint-odoo's blocking checks (.pylintrc-mandatory)
    fail the build; pylint-odoo's optional checks (.pylintrc) are printed to be read, never fail.
    The same four steps as the pre-commit hooks (.pre-commit-config.yaml). Returns what failed."""
    env = runner.env()
    addons = [str(REPO / a) for a in ADDONS + BRIDGE_ADDONS]
    paths = addons + [str(REPO / "tests"), str(REPO / "tools")]
    python = [runner.python, "-m"]
    steps = [
        ("ruff check", [*python, "ruff", "check", *paths], True),
        ("ruff format --check", [*python, "ruff", "format", "--check", *paths], True),
        (
            "pylint-odoo, blocking checks (.pylintrc-mandatory)",
            [*python, "pylint", "--rcfile", str(REPO / ".pylintrc-mandatory"), *addons],
            True,
        ),
        (
            "pylint-odoo, optional checks (.pylintrc): findings to read, not blocking",
            [*python, "pylint", "--rcfile", str(REPO / ".pylintrc"), "--exit-zero", *addons],
            False,
        ),
    ]
    failed = []
    for label, cmd, blocking in steps:
        if blocking_only and not blocking:
            continue
        say(f"lint: {label}")
        if subprocess.run(cmd, cwd=str(REPO), env=env).returncode and blocking:
            failed.append(label)
    say(f"lint: failed: {', '.join(failed)}" if failed else "lint: clean")
    return failed


def cmd_lint(args):
    sys.exit(1 if lint(setup()) else 0)


def cmd_i18n(args):
    """Export each addon's .pot from a database with our addons (bridges and their apps included),
    merge it into it.po."""
    runner = setup()
    db = f"socialcrm_i18n_{os.getpid()}"
    log = Path(args.log_dir) / "i18n.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    runner.drop_db(db)
    try:
        runner.check_run(db, "-i", ",".join(ADDONS + BRIDGE_ADDONS), "--without-demo", "all", log_path=log)
        for addon in args.addons or ADDONS + BRIDGE_ADDONS:
            pot = REPO / addon / "i18n" / f"{addon}.pot"
            pot.parent.mkdir(exist_ok=True)
            rc, output = runner.run(db, f"--i18n-export={pot}", f"--modules={addon}", "--stop-after-init")
            if rc or not pot.is_file():
                die(f"exporting {pot} failed:\n{output[-2000:]}")
            po = pot.with_name("it.po")
            if po.is_file():
                subprocess.run(
                    [
                        "msgmerge",
                        "--quiet",
                        "--update",
                        "--backup=none",
                        "--no-fuzzy-matching",
                        "--no-wrap",
                        str(po),
                        str(pot),
                    ],
                    check=True,
                )
            else:
                subprocess.run(
                    ["msginit", "--no-translator", "--no-wrap", "--locale=it", f"--input={pot}", f"--output-file={po}"],
                    check=True,
                )
            stats = subprocess.run(
                ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
            )
            say(f"{addon}: {pot.name} exported, it.po merged: {stats.stderr.strip()}")
    finally:
        runner.drop_db(db)


def cmd_bench(args):
    runner = setup()
    cmd = [runner.python, str(REPO / "tests" / "bench" / "run.py"), *args.bench_args]
    sys.exit(subprocess.run(cmd, env=runner.env(), cwd=str(REPO)).returncode)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="target", required=True)
    p = sub.add_parser("check", help="set up and check the prerequisites")
    p.add_argument("--browser", action="store_true")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("demo", help="create (or reuse) the demo database and serve it")
    p.add_argument("--db", default=os.environ.get("DEMO_DB", "socialcrm_demo"))
    p.add_argument("--port", type=int, default=int(os.environ.get("DEMO_PORT", 8069)))
    p.add_argument("--reset", action="store_true", default=os.environ.get("RESET", "") not in ("", "0"))
    p.add_argument("--log-dir", default=os.environ.get("SOCIALCRM_LOG_DIR", "/tmp/social-crm-demo"))
    p.set_defaults(func=cmd_demo)
    for name, func in (("test", cmd_test), ("compat", cmd_compat)):
        p = sub.add_parser(name)
        p.add_argument("--log-dir", default=os.environ.get("SOCIALCRM_LOG_DIR", f"/tmp/social-crm-{name}"))
        p.add_argument("--keep-db", action="store_true")
        p.add_argument("pytest_args", nargs="*", help="extra pytest arguments (test only), e.g. -k install")
        p.set_defaults(func=func)
    sub.add_parser("lint").set_defaults(func=cmd_lint)
    p = sub.add_parser("i18n", help="refresh each addon's .pot and merge it into it.po")
    p.add_argument("addons", nargs="*")
    p.add_argument("--log-dir", default=os.environ.get("SOCIALCRM_LOG_DIR", "/tmp/social-crm-i18n"))
    p.set_defaults(func=cmd_i18n)
    p = sub.add_parser("bench", help="run tests/bench/run.py with the set-up Odoo")
    p.add_argument("bench_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_bench)
    # argparse's REMAINDER does not take options after a subcommand ("bench --scale 0.05" was
    # refused): everything after "bench" goes to tests/bench/run.py as it is.
    argv = sys.argv[1:]
    if argv[:1] == ["bench"]:
        args = parser.parse_args(["bench"])
        args.bench_args = [a for a in argv[1:] if a != "--"]
    else:
        args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
