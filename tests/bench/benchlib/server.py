"""An odoo-bin HTTP server on 127.0.0.1 that is always stopped, and a small client.

The server's log carries, on every request line, Odoo's perf info
(``<queries> <sql seconds> <python seconds>``); requests are tagged with a
``bench=<n>`` query parameter so each figure finds its own lines.
"""

import atexit
import os
import re
import signal
import socket
import subprocess
import time
import uuid

import requests

from .odooenv import DB_PREFIX, PORTS, RUNNER, log_path

_RUNNING = set()
_PERF_RE = re.compile(r'"(?:GET|POST) (\S+) HTTP/[\d.]+" (\d{3}) \S+ (\d+) ([\d.]+) ([\d.]+)')


def _stop_all():
    for server in list(_RUNNING):
        server.stop()


atexit.register(_stop_all)


def _port_free(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


class OdooServer:
    """Context manager: ``with OdooServer(["bench_a", "bench_b"]) as srv: ...``."""

    def __init__(self, dbs, name, workers=0, port=None):
        assert all(db.startswith(DB_PREFIX) for db in dbs)
        self.dbs = list(dbs)
        self.name = name
        self.workers = workers
        self.port = port or next((p for p in PORTS[:-2] if _port_free(p)), None)
        if self.port is None or not _port_free(self.port):
            raise RuntimeError("no free benchmark port in 8173-8177")
        self.log = log_path(f"server_{name}")
        self.proc = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=300):
        self.log.unlink(missing_ok=True)
        args = [
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            f"--gevent-port={self.port + 1}",
            f"--workers={self.workers}",
            "--max-cron-threads=0",
            "--log-level=info",
            f"--logfile={self.log}",
            "--limit-time-real=600",
            "--limit-time-cpu=600",
            "--limit-memory-soft=4294967296",
            "--limit-memory-hard=6442450944",
            "--db_maxconn=80",
            "--no-database-list",
        ]
        # own process group so that stop() also ends prefork workers
        self.proc = subprocess.Popen(
            RUNNER.cmd(*args, db=self.dbs),
            env=RUNNER.env(),
            cwd="/tmp",
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _RUNNING.add(self)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"server {self.name} exited early, see {self.log}")
            try:
                if requests.get(
                    self.url + "/web/webclient/version_info", timeout=5, headers={"Content-Type": "application/json"}
                ).status_code:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        else:
            self.stop()
            raise RuntimeError(f"server {self.name} did not answer within {timeout}s")
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
            except ProcessLookupError:
                pass
        _RUNNING.discard(self)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def perf_lines(self, tag):
        """{bench request number: (status, queries, sql s, python s)} for requests
        whose URL carries ``bench=<tag>-<n>``."""
        found = {}
        if not self.log.exists():
            return found
        needle = f"bench={tag}-"
        for line in self.log.read_text(errors="replace").splitlines():
            if needle not in line:
                continue
            match = _PERF_RE.search(line)
            if not match:
                continue
            num = match.group(1).split(needle, 1)[1].split("&", 1)[0]
            found[int(num)] = (int(match.group(2)), int(match.group(3)), float(match.group(4)), float(match.group(5)))
        return found

    def log_mark(self):
        return self.log.stat().st_size if self.log.exists() else 0

    def log_since(self, mark=0):
        if not self.log.exists():
            return ""
        with open(self.log, "rb") as f:
            f.seek(mark)
            return f.read().decode(errors="replace")

    def serialization_failures(self, db, mark=0, end=None):
        """Statements of ``db`` that hit a serialization failure (Odoo retries the request)."""
        text = self.log_since(mark)
        if end is not None:
            text = text[: max(0, end - mark)]
        lines = text.splitlines()
        return sum(
            1
            for i, line in enumerate(lines)
            if f" ERROR {db} odoo.sql_db: bad query" in line
            and any(
                "could not serialize" in nxt or "deadlock detected" in nxt
                for nxt in lines[i + 1 : i + 40]
                if not nxt[:4].isdigit()
            )
        )

    def errors_in_log(self):
        """ERROR/CRITICAL lines, except statements that failed on a serialization
        conflict (retried by Odoo and counted by the figures)."""
        lines = self.log_since().splitlines()
        errors = []
        for i, line in enumerate(lines):
            if " ERROR " not in line and " CRITICAL " not in line:
                continue
            if "odoo.sql_db: bad query" in line or "Exception during request handling" in line:
                following = []
                for nxt in lines[i + 1 : i + 200]:
                    if nxt[:4].isdigit():
                        break
                    following.append(nxt)
                # conflicts, retried by Odoo; a request that ran out of retries is counted
                # as a failed vote by the figure that sent it
                if any(
                    "could not serialize" in f or "deadlock detected" in f or "SerializationFailure" in f
                    for f in following
                ):
                    continue
            errors.append(line)
        return errors


class Client:
    """A logged-in browser: one requests session bound to one database."""

    def __init__(self, server, db, login, password):
        self.server = server
        self.db = db
        self.session = requests.Session()
        # one connection per request, as behind a reverse proxy: an Odoo prefork worker
        # drops an idle keep-alive connection after 2 s, which would make a benchmark
        # client fail on its next request for a reason no browser sees
        self.session.headers["Connection"] = "close"
        res = self.session.post(
            server.url + "/web/session/authenticate",
            json={"jsonrpc": "2.0", "method": "call", "params": {"db": db, "login": login, "password": password}},
            timeout=120,
        )
        res.raise_for_status()
        body = res.json()
        if body.get("error") or not body.get("result", {}).get("uid"):
            raise RuntimeError(f"login {login} on {db} failed: {body.get('error')}")
        self.uid = body["result"]["uid"]

    @staticmethod
    def tagged(path, tag):
        sep = "&" if "?" in path else "?"
        return f"{path}{sep}bench={tag}"

    def get(self, path, tag=None, **kw):
        url = self.server.url + (self.tagged(path, tag) if tag else path)
        return self.session.get(url, timeout=kw.pop("timeout", 300), **kw)

    def post(self, path, data, tag=None, **kw):
        url = self.server.url + (self.tagged(path, tag) if tag else path)
        return self.session.post(url, data=data, timeout=kw.pop("timeout", 300), **kw)

    def csrf_token(self, page="/"):
        text = self.get(page).text
        match = re.search(r'csrf_token\W+(?:value=)?["\']?([0-9a-f]{20,}o?[0-9]*)', text)
        return match.group(1) if match else None

    def jsonrpc(self, path, params=None, tag=None):
        """(ok, result or error message, seconds) of a type='json' route."""
        url = self.server.url + (self.tagged(path, tag) if tag else path)
        payload = {"jsonrpc": "2.0", "method": "call", "id": uuid.uuid4().hex, "params": params or {}}
        t0 = time.perf_counter()
        try:
            res = self.session.post(url, json=payload, timeout=300)
        except requests.RequestException as exc:
            return False, f"{type(exc).__name__}", time.perf_counter() - t0
        elapsed = time.perf_counter() - t0
        if res.status_code != 200:
            return False, f"HTTP {res.status_code}", elapsed
        body = res.json()
        if body.get("error"):
            data = body["error"].get("data") or {}
            return False, data.get("name") or body["error"].get("message"), elapsed
        result = body.get("result")
        if isinstance(result, dict) and result.get("error"):
            return False, str(result["error"]), elapsed
        return True, result, elapsed
