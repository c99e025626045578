"""Set up what the project runs on: Odoo 18.0, its Python environment, PostgreSQL, Chromium.

Standard library only: it runs before any of it exists.

Odoo is taken, in this order, from ``ODOO_PATH`` (a source tree), from the Python
named by ``PYTHON`` when it imports ``odoo`` 18.0, or from a per-user cache that this
module fills with a shallow, sparse git fetch of ``ODOO_REPO`` at ``ODOO_REF``. The
first two are used as they are and never modified. The Python environment is a
virtualenv in the same cache, keyed by the interpreter and by the contents of Odoo's
and our requirements and of ``tools/constraints.txt``. Every step writes its marker
last, so that an interrupted fetch or a half-built virtualenv is detected and rebuilt.

Layout of the cache (``$SOCIALCRM_CACHE``, default ``${XDG_CACHE_HOME:-~/.cache}/social-crm``)::

    odoo-<ref>/          Odoo source at one commit (sparse: no .po but it.po), .social-crm-source.json
    venv-py<X.Y>-<hash>/ virtualenv with Odoo's and our requirements, .social-crm-ready
    current              name of the odoo-<ref> entry the last successful set-up used
    lock                 taken while setting up, so that concurrent runs wait for each other
"""

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERIES = "18.0"
DEFAULT_REPO = "https://github.com/odoo/odoo.git"
CONSTRAINTS = REPO / "tools" / "constraints.txt"
OUR_REQUIREMENTS = REPO / "requirements.txt"
SOURCE_MARKER = ".social-crm-source.json"
VENV_MARKER = ".social-crm-ready"
# Sparse checkout: everything but translations other than Italian (most of the tree's size).
SPARSE_PATTERNS = "/*\n!*.po\nit.po\n"
# Odoo requirements that need system headers and only serve optional addons (auth_ldap).
OPTIONAL_REQUIREMENTS = {"python-ldap": ("ldap.h", "sasl/sasl.h")}
# Header or tool needed to build Odoo's requirements -> Debian package that provides it.
BUILD_NEEDS = {
    "gcc": "build-essential",
    "pg_config": "libpq-dev",
    "ldap.h": "libldap2-dev",
    "sasl/sasl.h": "libsasl2-dev",
}
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class SetupError(Exception):
    """A prerequisite is missing and cannot be set up here; the message says what to do."""


def say(msg):
    print(f"[social-crm] {msg}", flush=True)


def cache_dir():
    explicit = os.environ.get("SOCIALCRM_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "social-crm"


@contextlib.contextmanager
def cache_lock():
    """Serialize set-ups that share the cache (two clones, CI and a developer)."""
    root = cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"waiting for another set-up that uses {root}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def run(cmd, timeout=None, env=None, cwd=None, check=True):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)
    if check and proc.returncode:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise SetupError("`%s` failed:\n    %s" % (" ".join(map(str, cmd)), "\n    ".join(detail)))
    return proc


# ---------------------------------------------------------------- the result


class Environment:
    """Where Odoo is and how to run it, as found or built by :func:`prepare`."""

    def __init__(self, python, odoo_root, origin, commit=None):
        self.python = str(python)
        self.odoo_root = Path(odoo_root)
        self.origin = origin  # "ODOO_PATH", "importable", "cached" or "fetched"
        self.commit = commit
        self.notes = []

    @property
    def stock_addons(self):
        addons = self.odoo_root / "addons"
        return addons if (addons / "web").is_dir() else None

    @property
    def addons_path(self):
        return ",".join(str(p) for p in (self.stock_addons, REPO) if p)

    def env(self):
        """Environment variables of a process that runs Odoo, or imports it (tests, benchmarks)."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(self.odoo_root), env.get("PYTHONPATH")) if p)
        env.update(
            SOCIALCRM_ODOO_PYTHON=self.python,
            SOCIALCRM_ODOO_ROOT=str(self.odoo_root),
            SOCIALCRM_ADDONS_PATH=self.addons_path,
        )
        return env


# ---------------------------------------------------------------- Odoo source


def _odoo_version(python, root=None):
    """Odoo's series as seen by ``python`` (with ``root`` on its path), or None."""
    env = dict(os.environ)
    if root:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH")) if p)
    code = "import odoo.release as r, os; print(r.serie); print(os.path.dirname(os.path.dirname(r.__file__)))"
    try:
        proc = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=60, cwd="/", env=env)
    except (OSError, subprocess.TimeoutExpired):
        return None, None
    lines = proc.stdout.split()
    if proc.returncode or len(lines) < 2:
        return None, None
    return lines[0], Path(lines[1])


def _tree_series(root):
    """Series of an Odoo source tree read from odoo/release.py, without importing it."""
    release = Path(root) / "odoo" / "release.py"
    if not release.is_file():
        return None
    match = re.search(r"^version_info = \((\d+), (\d+)", release.read_text(), re.M)
    return f"{match[1]}.{match[2]}" if match else None


def _safe_ref(ref):
    return re.sub(r"[^A-Za-z0-9._-]+", "_", ref)


def _read_source(entry):
    try:
        return json.loads((entry / SOURCE_MARKER).read_text())
    except (OSError, ValueError):
        return None


def _valid_entry(entry):
    """A cache entry is used only if its fetch and checkout completed (marker written last)."""
    source = _read_source(entry)
    return source if source and _tree_series(entry) == SERIES and (entry / "addons" / "web").is_dir() else None


def _git_env():
    """Git's environment for fetching: never prompt, and trust a local ODOO_REPO of another owner."""
    # never prompt for credentials (a wrong URL on GitHub answers 401 and git would ask)
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_ASKPASS="true", LC_ALL="C")
    # A shared mirror owned by another user is "dubious" to git; safe.directory is honoured
    # only from the global or system configuration: a global file of ours that includes the user's.
    config = cache_dir() / "gitconfig"
    user_config = os.environ.get("GIT_CONFIG_GLOBAL") or str(Path.home() / ".gitconfig")
    text = f"[include]\n\tpath = {user_config}\n[safe]\n\tdirectory = *\n"
    if not config.is_file() or config.read_text() != text:
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(text)
    env["GIT_CONFIG_GLOBAL"] = str(config)
    return env


def _git_error(proc, default):
    """The line of git's output that says what went wrong."""
    lines = [line for line in (proc.stderr or "").strip().splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (fatal or lines or [default])[0]


def _fetch_odoo(repo, ref, entry):
    """Shallow fetch of ``ref`` from ``repo`` into ``entry``; return the commit."""
    if not shutil.which("git"):
        raise SetupError("git is needed to fetch Odoo; install it (Debian: apt-get install git).")
    tried = f"tried: git fetch --depth 1 {repo} {ref}"
    hint = (
        "Odoo 18.0 could not be fetched (%s).\n"
        "  ODOO_REPO=%s  ODOO_REF=%s\n"
        "  Set ODOO_REPO to a reachable git repository of Odoo 18.0 (a URL or a local git directory) and\n"
        "  ODOO_REF to one of its branches or commits, or ODOO_PATH to an Odoo 18.0 source tree,\n"
        "  or make `odoo` importable by the Python in use (PYTHON=%s)."
    )
    git = [
        "git",
        "-c",
        "http.lowSpeedLimit=1000",
        "-c",
        "http.lowSpeedTime=60",
        "-c",
        "protocol.version=2",
    ]
    # Reachability first, with a short timeout, so that no network fails fast and clearly.
    if not re.fullmatch(r"[0-9a-f]{40}", ref):
        try:
            probe = run([*git, "ls-remote", repo, ref], timeout=25, env=_git_env(), check=False)
        except subprocess.TimeoutExpired:
            raise SetupError(hint % (f"{repo} did not answer within 25 s; {tried}", repo, ref, sys.executable))
        if probe.returncode:
            reason = _git_error(probe, "unreachable")
            raise SetupError(hint % (f"{reason}; {tried}", repo, ref, sys.executable))
        if not probe.stdout.strip():
            raise SetupError(hint % (f"{repo} has no branch or tag {ref}; {tried}", repo, ref, sys.executable))
    partial = entry.with_name(entry.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(entry, ignore_errors=True)
    partial.mkdir(parents=True)
    say(f"fetching Odoo {SERIES} from {repo} at {ref} (shallow, without translations other than it) into {entry}")
    started = time.time()
    run(["git", "init", "-q"], cwd=partial)
    try:
        fetched = run(
            [*git, "fetch", "-q", "--depth", "1", repo, ref], cwd=partial, env=_git_env(), check=False, timeout=3600
        )
    except subprocess.TimeoutExpired:
        raise SetupError(hint % (f"the fetch took more than an hour; {tried}", repo, ref, sys.executable))
    if fetched.returncode:
        reason = _git_error(fetched, "failed")
        raise SetupError(hint % (f"{reason}; {tried}", repo, ref, sys.executable))
    run(["git", "config", "core.sparseCheckout", "true"], cwd=partial)
    (partial / ".git" / "info").mkdir(exist_ok=True)
    (partial / ".git" / "info" / "sparse-checkout").write_text(SPARSE_PATTERNS)
    run(["git", "-c", "advice.detachedHead=false", "checkout", "-q", "FETCH_HEAD"], cwd=partial)
    commit = run(["git", "rev-parse", "HEAD"], cwd=partial).stdout.strip()
    series = _tree_series(partial)
    if series != SERIES:
        shutil.rmtree(partial, ignore_errors=True)
        raise SetupError(f"{repo} at {ref} is Odoo {series or '?'}, not {SERIES}: set ODOO_REF to an 18.0 ref.")
    (partial / SOURCE_MARKER).write_text(
        json.dumps({"repo": repo, "ref": ref, "commit": commit, "fetched": time.strftime("%Y-%m-%dT%H:%M:%S")})
    )
    partial.rename(entry)
    size = run(["du", "-sh", str(entry)], check=False).stdout.split("\t")[0]
    say(f"fetched Odoo {SERIES} @ {commit} in {time.time() - started:.0f} s ({size} in {entry})")
    return commit


def _cached_or_fetched_odoo():
    """(root, commit, origin) of the cached Odoo, fetching it when the cache cannot serve."""
    root = cache_dir()
    repo_set, ref_set = os.environ.get("ODOO_REPO"), os.environ.get("ODOO_REF")
    repo, ref = repo_set or DEFAULT_REPO, ref_set or SERIES
    if repo_set and not re.match(r"^[a-z+]+://|^[^/]+@[^/]+:", repo_set):
        repo = str(Path(repo_set).expanduser().resolve())  # a local git directory
    candidates = []
    if not (repo_set or ref_set):
        # Nothing asked for: whatever Odoo 18.0 this machine set up last serves (no network).
        current = root / "current"
        if current.is_file():
            candidates.append(root / current.read_text().strip())
    entry = root / f"odoo-{_safe_ref(ref)}"
    candidates.append(entry)
    refresh = os.environ.get("ODOO_UPDATE") == "1"
    for candidate in candidates:
        source = _valid_entry(candidate) if candidate.name.startswith("odoo-") else None
        if not source or refresh:
            continue
        if repo_set and source.get("repo") != repo:
            continue
        if re.fullmatch(r"[0-9a-f]{40}", ref) and source.get("commit") != ref:
            continue
        return candidate, source["commit"], "cached"
    if entry.exists() and not refresh:
        say(f"{entry} is incomplete or from another source: fetching it again")
    commit = _fetch_odoo(repo, ref, entry)
    return entry, commit, "fetched"


# ---------------------------------------------------------------- Python environment


def _requirements_hash(python, odoo_root):
    digest = hashlib.sha256()
    digest.update(os.path.realpath(python).encode())
    for path in (Path(odoo_root) / "requirements.txt", OUR_REQUIREMENTS, CONSTRAINTS):
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()[:12]


def _python_version(python):
    out = run([python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], timeout=30).stdout
    return out.strip()


def _include_dirs(python):
    out = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['include'])"], timeout=30).stdout
    return [out.strip(), "/usr/include", "/usr/local/include"]


def _has_header(header, python):
    return any((Path(d) / header).is_file() for d in _include_dirs(python))


def _missing_build_needs(python):
    missing = []
    if not shutil.which("gcc"):
        missing.append("gcc")
    if not shutil.which("pg_config"):
        missing.append("pg_config")
    if not _has_header("Python.h", python):
        missing.append("Python.h")
    missing += [h for h in ("ldap.h", "sasl/sasl.h") if not _has_header(h, python)]
    return missing


def _odoo_requirements(odoo_root, python, venv):
    """Odoo's requirements as a file of our own, leaving out optional ones that cannot build here."""
    lines = (Path(odoo_root) / "requirements.txt").read_text().splitlines()
    skipped = []
    for dist, headers in OPTIONAL_REQUIREMENTS.items():
        if not all(_has_header(h, python) for h in headers):
            skipped.append(dist)
    if skipped:
        pattern = re.compile(r"^\s*(%s)\s*[=<>;~! ]" % "|".join(map(re.escape, skipped)), re.I)
        lines = [line for line in lines if not pattern.match(line)]
    target = venv / "odoo-requirements.txt"
    target.write_text("\n".join(lines) + "\n")
    return target, skipped


def _ensure_venv(python, odoo_root):
    """A ready virtualenv for Odoo at ``odoo_root``: (python of the venv, built now?)."""
    version = _python_version(python)
    major_minor = ".".join(version.split(".")[:2])
    venv = cache_dir() / f"venv-py{major_minor}-{_requirements_hash(python, odoo_root)}"
    venv_python = venv / "bin" / "python"
    if (venv / VENV_MARKER).is_file() and venv_python.exists():
        series, _where = _odoo_version(str(venv_python), odoo_root)
        if series == SERIES:
            return venv_python, False
        say(f"the virtualenv {venv} does not import Odoo any more: building it again")
    elif venv.exists():
        say(f"the virtualenv {venv} is incomplete (an interrupted set-up): building it again")
    shutil.rmtree(venv, ignore_errors=True)
    ensure_system_packages(python, build=True)
    say(
        f"creating the virtualenv {venv} (Python {version}) with Odoo's and our requirements; "
        "a few minutes the first time"
    )
    started = time.time()
    run([python, "-m", "venv", str(venv)], timeout=600)
    requirements, skipped = _odoo_requirements(odoo_root, python, venv)
    if skipped:
        say(
            "left out of the virtualenv for lack of system headers: %s (only Odoo's optional auth_ldap needs it)"
            % ", ".join(skipped)
        )
    env = dict(os.environ)
    # Constraints reach the isolated build environments of sdists too (setuptools, Cython caps).
    env["PIP_CONSTRAINT"] = str(CONSTRAINTS)
    env.pop("PYTHONPATH", None)
    pip = [str(venv_python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    proc = subprocess.run(
        [*pip, "-r", str(requirements), "-r", str(OUR_REQUIREMENTS)],
        env=env,
        cwd="/",
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if proc.returncode:
        tail = "\n    ".join(proc.stdout.strip().splitlines()[-15:])
        raise SetupError(
            f"pip could not install the requirements into {venv}:\n    {tail}\n"
            f"  The virtualenv is left incomplete and will be rebuilt on the next run."
        )
    series, _where = _odoo_version(str(venv_python), odoo_root)
    if series != SERIES:
        raise SetupError(f"Odoo at {odoo_root} does not import in {venv} after installing its requirements.")
    (venv / VENV_MARKER).write_text(json.dumps({"python": python, "odoo": str(odoo_root), "skipped": skipped}))
    size = run(["du", "-sh", str(venv)], check=False).stdout.split("\t")[0]
    say(f"virtualenv ready in {time.time() - started:.0f} s ({size})")
    return venv_python, True


def _missing_tools(python, env):
    """Distributions of requirements.txt that ``python`` cannot import (an Odoo of the user's)."""
    modules = {
        "pytest": "pytest",
        "pytest_odoo": "pytest-odoo",
        "odoorpc": "OdooRPC",
        "ruff": "ruff",
        "pylint_odoo": "pylint-odoo",
        "phonenumbers": "phonenumbers",
        "websocket": "websocket-client",
    }
    code = "import importlib.util as u; print(' '.join(m for m in %r if not u.find_spec(m)))" % list(modules)
    out = run([python, "-c", code], env=env, timeout=60).stdout.split()
    return [modules[m] for m in out]


# ---------------------------------------------------------------- system packages


def _debian():
    return shutil.which("apt-get") is not None and shutil.which("dpkg-query") is not None


def _sudo():
    """The prefix that runs apt-get as root here, or None when this user cannot."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def apt_install(packages, why):
    packages = sorted(set(packages))
    command = "sudo apt-get install -y " + " ".join(packages)
    if not _debian():
        raise SetupError(
            f"{why} needs: {', '.join(packages)} (Debian/Ubuntu package names); "
            "install their equivalents with your system's package manager and run again."
        )
    sudo = _sudo()
    if sudo is None:
        raise SetupError(f"{why} needs system packages that are not installed; run:\n    {command}")
    say(f"installing {' '.join(packages)} with apt-get ({why})")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, capture_output=True)
    proc = subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        tail = "\n    ".join(proc.stderr.strip().splitlines()[-5:])
        raise SetupError(f"apt-get could not install {' '.join(packages)}:\n    {tail}\n  Run: {command}")


def ensure_system_packages(python, build=False, browser=False, postgres=False):
    packages = []
    if build:
        for need in _missing_build_needs(python):
            if need == "Python.h":
                if not python.startswith("/usr/bin/"):
                    raise SetupError(
                        f"the headers of {python} (Python.h) are missing: install that Python's "
                        "development files or choose another with PYTHON=…"
                    )
                packages.append("python3-dev")
            else:
                packages.append(BUILD_NEEDS[need])
    if browser and not find_browser():
        packages.append("chromium")
    if postgres and not shutil.which("psql"):
        packages.append("postgresql")
    if packages:
        why = "the browser tests" if packages == ["chromium"] else "building Odoo's requirements"
        if postgres and "postgresql" in packages:
            why = "a PostgreSQL server"
        try:
            apt_install(packages, why)
        except SetupError:
            # Optional headers only: build without the optional requirement instead of stopping.
            if build and set(packages) <= {"libldap2-dev", "libsasl2-dev"}:
                return
            raise


def find_browser():
    return next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)


def browser_version():
    browser = find_browser()
    if not browser:
        return None
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        out = subprocess.run([browser, "--version"], capture_output=True, text=True, timeout=20).stdout
        match = re.search(r"(\d+\.[\d.]+)", out)
        if match:
            return match[1]
    return "?"


# ---------------------------------------------------------------- PostgreSQL


def db_role():
    """The role libpq connects as: PGUSER, else the name of the user running this."""
    import pwd  # noqa: PLC0415

    return os.environ.get("PGUSER") or pwd.getpwuid(os.geteuid()).pw_name


def psql(sql, db="postgres", check=True, user=None):
    cmd = ["psql", "-X", "-q", "-t", "-A", "-d", db, "-c", sql]
    if user:
        cmd[1:1] = ["-U", user]
    return subprocess.run(cmd, capture_output=True, text=True, check=check)


def _pg_ready():
    if shutil.which("pg_isready"):
        return subprocess.run(["pg_isready", "-q"], check=False).returncode == 0
    return psql("SELECT 1", check=False).returncode == 0


def _clusters():
    """(version, name) of the clusters of Debian's postgresql-common on this machine."""
    if not os.path.isdir("/etc/postgresql"):
        return []
    return [(v, c) for v in sorted(os.listdir("/etc/postgresql")) for c in sorted(os.listdir(f"/etc/postgresql/{v}"))]


def _start_clusters():
    for version, cluster in _clusters():
        cmd = ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "start"]
        if os.geteuid() != 0:
            cmd = [*(_sudo() or []), *cmd]
        subprocess.run(cmd, check=False, capture_output=True)


def _as_postgres(cmd):
    """Run a PostgreSQL client command as the cluster's superuser, the ways a Debian box allows."""
    attempts = []
    if os.geteuid() == 0 and shutil.which("runuser"):
        attempts.append(["runuser", "-u", "postgres", "--", *cmd])
    sudo = _sudo()
    if sudo is not None and os.geteuid() != 0:
        attempts.append([*sudo, "-u", "postgres", *cmd])
    attempts.append([*cmd, "-U", "postgres", "-h", "127.0.0.1"])
    for attempt in attempts:
        if subprocess.run(attempt, capture_output=True, cwd="/").returncode == 0:
            return True
    return False


def ensure_postgres():
    """A reachable server and a role Odoo may use; return the server's version."""
    if not shutil.which("psql"):
        ensure_system_packages(sys.executable, postgres=True)
    role = db_role()
    if role == "postgres":
        raise SetupError(
            "Odoo refuses the database role `postgres`: run as another user or set PGUSER to another role."
        )
    if not _pg_ready():
        local = not os.environ.get("PGHOST") or os.environ["PGHOST"] in ("localhost", "127.0.0.1")
        if local and not _clusters() and _debian():
            # A client without a server: no server is reachable and none is set up here.
            apt_install(["postgresql"], "a PostgreSQL server (none is reachable)")
        say("PostgreSQL is down: starting it")
        _start_clusters()
        for _ in range(30):
            if _pg_ready():
                break
            time.sleep(1)
        else:
            raise SetupError(
                "PostgreSQL is not running and could not be started (pg_ctlcluster). "
                "Start it, or set PGHOST/PGPORT to a running server, and run again."
            )
    if psql("SELECT 1", check=False).returncode:
        exists = subprocess.run(
            ["psql", "-X", "-q", "-d", "postgres", "-U", role, "-c", "SELECT 1"], capture_output=True, text=True
        )
        if "does not exist" in (exists.stderr or "") or exists.returncode:
            if not _as_postgres(["createuser", "-d", "-R", "-S", role]):
                raise SetupError(
                    f"cannot connect to PostgreSQL as role {role} and cannot create it: run\n"
                    f"    sudo -u postgres createuser -d -R -S {role}\n  or set PGUSER to a role "
                    "allowed to create databases."
                )
            say(f"created the PostgreSQL role {role} (LOGIN CREATEDB, not superuser: createuser -d -R -S {role})")
        if psql("SELECT 1", check=False).returncode:
            raise SetupError(
                f"cannot connect to PostgreSQL as role {role} (database postgres); "
                "check PGHOST/PGPORT/PGUSER and pg_hba.conf."
            )
    return psql("SHOW server_version").stdout.strip().split()[0]


# ---------------------------------------------------------------- the whole set-up


def _find_odoo(python):
    """Odoo found without the cache: (root, origin) or (None, None)."""
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path:
        root = Path(odoo_path).expanduser().resolve()
        series = _tree_series(root)
        if series != SERIES:
            raise SetupError(
                f"ODOO_PATH={odoo_path} does not hold an Odoo {SERIES} source tree "
                f"(odoo/release.py says {series or 'nothing'}). Unset it to let the set-up fetch Odoo."
            )
        return root, "ODOO_PATH"
    series, root = _odoo_version(python)
    if series == SERIES:
        return root, "importable"
    return None, None


def _commit_of(root):
    source = _read_source(root)
    if source:
        return source["commit"]
    if (root / ".git").exists():
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            return run(["git", "rev-parse", "HEAD"], cwd=root, timeout=10).stdout.strip()
    return None


def prepare(browser=False, postgres=True, quiet=False):
    """Find or build everything; print the one-line summary; return an :class:`Environment`."""
    started = time.time()
    python = sys.executable
    with cache_lock():
        root, origin = _find_odoo(python)
        if root:
            env = Environment(python, root, origin, _commit_of(root))
            if origin == "ODOO_PATH" and _odoo_version(python, root)[0] != SERIES:
                # A tree of the user's whose requirements this Python lacks: a cached venv for it.
                env.python, _built = _ensure_venv(python, root)
                env.python = str(env.python)
            else:
                missing = _missing_tools(env.python, env.env())
                if missing:
                    say(f"installing the project's tools into {env.python}: {', '.join(missing)}")
                    run([env.python, "-m", "pip", "install", "-q", "-r", str(OUR_REQUIREMENTS)], timeout=1800)
        else:
            root, commit, origin = _cached_or_fetched_odoo()
            venv_python, built = _ensure_venv(python, root)
            env = Environment(venv_python, root, origin, commit)
            if built and origin == "cached":
                origin = "cached Odoo, new virtualenv"
            (cache_dir() / "current").write_text(root.name)
        if browser and not find_browser():
            ensure_system_packages(python, browser=True)
        pg_version = ensure_postgres() if postgres else None
    version = _python_version(env.python)
    parts = [
        f"Odoo {SERIES} @ {env.commit or 'unknown commit'} ({origin}) in {env.odoo_root}",
        f"Python {version}" + (f" ({Path(env.python).parent.parent})" if env.python != python else ""),
    ]
    if pg_version:
        parts.append(f"PostgreSQL {pg_version}")
    chromium = browser_version()
    parts.append(f"Chromium {chromium}" if chromium else "Chromium not installed (make test installs it)")
    if not quiet:
        say(", ".join(parts) + f"; set-up {time.time() - started:.1f} s")
    return env
