"""The one way this project starts Odoo: the harness, the pytest suite and the benchmarks use it.

Standard library only. An :class:`OdooRunner` knows the Python that runs Odoo, Odoo's source
tree, the addons path and the data dir; it builds Odoo's command line, runs Odoo until it stops
(returning its log), serves databases over HTTP for as long as a ``with`` block lasts, runs a
script in an Odoo environment, and drops databases with their filestores.

The harness passes what it found to the others through the environment
(``SOCIALCRM_ODOO_PYTHON``, ``SOCIALCRM_ODOO_ROOT``, ``SOCIALCRM_ADDONS_PATH``,
``SOCIALCRM_DATA_DIR``): :meth:`OdooRunner.from_env` reads them.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>\S+): (?P<msg>.*)$"
)
ERROR_LINE = re.compile(r"^\d{4}-\d\d-\d\d [\d:,]+ \d+ (ERROR|CRITICAL) ", re.M)

SCRIPT_PRELUDE = """
import sys, odoo
from odoo.tools import config
config.parse_config(['-d', sys.argv[1], '--addons-path', sys.argv[2], '--data-dir', sys.argv[3],
                     '--log-level', 'warn'])
registry = odoo.modules.registry.Registry.new(sys.argv[1])
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
"""


def default_data_dir():
    return Path(os.environ.get("SOCIALCRM_DATA_DIR") or Path.home() / ".local/share/Odoo")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooError(RuntimeError):
    """Odoo stopped with an error; the message carries the relevant lines of its log."""


class OdooRunner:
    def __init__(self, python, odoo_root, addons_path, data_dir=None):
        self.python = str(python)
        self.odoo_root = str(odoo_root)
        self.addons_path = addons_path
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()

    @classmethod
    def from_env(cls, data_dir=None):
        """The runner the harness set up (through ``make``); a clear error otherwise."""
        missing = [
            n
            for n in ("SOCIALCRM_ODOO_PYTHON", "SOCIALCRM_ODOO_ROOT", "SOCIALCRM_ADDONS_PATH")
            if not os.environ.get(n)
        ]
        if missing:
            raise OdooError(f"{', '.join(missing)} not set: run this through `make` (tools/harness.py)")
        return cls(
            os.environ["SOCIALCRM_ODOO_PYTHON"],
            os.environ["SOCIALCRM_ODOO_ROOT"],
            os.environ["SOCIALCRM_ADDONS_PATH"],
            data_dir,
        )

    # ------------------------------------------------------------ command lines

    def env(self):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (self.odoo_root, env.get("PYTHONPATH")) if p)
        env.update(
            SOCIALCRM_ODOO_PYTHON=self.python,
            SOCIALCRM_ODOO_ROOT=self.odoo_root,
            SOCIALCRM_ADDONS_PATH=self.addons_path,
            SOCIALCRM_DATA_DIR=str(self.data_dir),
        )
        return env

    def cmd(self, *args, db=None):
        """Odoo's command line; with ``db``, bound to that one database."""
        cmd = [self.python, "-m", "odoo", "--addons-path", self.addons_path, "--data-dir", str(self.data_dir)]
        if db:
            dbs = [db] if isinstance(db, str) else list(db)
            cmd += ["--db-filter", "^(%s)$" % "|".join(re.escape(d) for d in dbs)]
            if len(dbs) == 1:
                cmd += ["-d", dbs[0]]
        return [*cmd, *args]

    # ------------------------------------------------------------ running until it stops

    def run(self, db, *args, log_path=None, echo=None, timeout=None):
        """Run Odoo on ``db`` until it stops; return (returncode, log text).

        ``echo`` is a function called with each log line (to show progress); the whole log
        goes to ``log_path`` when given.
        """
        cmd = self.cmd(*args, db=db)
        lines = []
        log = open(log_path, "w") if log_path else contextlib.nullcontext()  # noqa: SIM115
        with log:
            proc = subprocess.Popen(
                cmd,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env=self.env(),
                cwd="/",
                start_new_session=True,
            )
            deadline = time.monotonic() + timeout if timeout else None
            try:
                for line in proc.stdout:
                    lines.append(line)
                    if log_path:
                        log.write(line)
                    if echo:
                        echo(line)
                    if deadline and time.monotonic() > deadline:
                        raise subprocess.TimeoutExpired(cmd, timeout)
                rc = proc.wait()
            except BaseException:
                self._kill(proc)
                raise
        return rc, "".join(lines)

    def check_run(self, db, *args, timeout=1800, log_path=None):
        """Run Odoo with ``--stop-after-init`` and no HTTP; raise on an error in its log."""
        rc, log = self.run(
            db, "--stop-after-init", "--no-http", "--log-level", "info", *args, timeout=timeout, log_path=log_path
        )
        errors = [line for line in log.splitlines() if ERROR_LINE.match(line)]
        if rc or errors:
            raise OdooError(
                "odoo %s on %s failed (rc=%s):\n%s"
                % (" ".join(args), db, rc, "\n".join(errors or log.splitlines()[-30:]))
            )
        return log

    def script(self, db, body, timeout=1200):
        """Run ``body`` (Python, with ``env`` as superuser; committed at the end); return its stdout."""
        code = SCRIPT_PRELUDE + textwrap.indent(textwrap.dedent(body), "    ")
        proc = subprocess.run(
            [self.python, "-c", code, db, self.addons_path, str(self.data_dir)],
            capture_output=True,
            text=True,
            env=self.env(),
            cwd="/",
            timeout=timeout,
        )
        if proc.returncode:
            raise OdooError(f"script on {db} failed:\n{proc.stderr[-4000:]}")
        return proc.stdout

    # ------------------------------------------------------------ serving

    @contextlib.contextmanager
    def server(self, db, port=None, log_path=None, args=(), timeout=300):
        """Serve ``db`` (a name or a list) on 127.0.0.1 while the block runs; yield the base URL.

        The server runs in its own process group so that stopping it also stops prefork workers.
        """
        port = port or free_port()
        cmd = self.cmd("--http-port", str(port), "--http-interface", "127.0.0.1", *args, db=db)
        log = open(log_path or os.devnull, "w")  # noqa: SIM115
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, env=self.env(), cwd="/", start_new_session=True
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_http(url + "/web/login", proc, timeout, log_path or "the server's output")
            yield url
        finally:
            self._kill(proc)
            log.close()

    @staticmethod
    def _kill(proc, grace=30):
        if proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=grace)

    # ------------------------------------------------------------ databases

    def drop_db(self, name):
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', check=False)
        shutil.rmtree(self.data_dir / "filestore" / name, ignore_errors=True)


def psql(sql, db="postgres", check=True):
    return subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-d", db, "-c", sql], capture_output=True, text=True, check=check
    )


def wait_http(url, proc, timeout, where):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise OdooError(f"the Odoo server stopped while starting; see {where}")
        with contextlib.suppress(Exception):
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        time.sleep(0.5)
    raise OdooError(f"the Odoo server did not answer {url} within {timeout} s; see {where}")


if __name__ == "__main__":  # pragma: no cover - a convenience: python tools/odoo_runner.py <odoo args>
    runner = OdooRunner.from_env()
    sys.exit(subprocess.call(runner.cmd(*sys.argv[1:]), env=runner.env()))
