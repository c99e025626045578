"""A fresh machine: ``make check`` fetches Odoo, builds its virtualenv, and a second run reuses both.

The fetch path is exercised for real, from a local git repository made from the Odoo checkout
that ``make test`` itself runs on, into a temporary cache, with the Python that runs the harness
(which cannot import ``odoo``). Only pip's download cache is shared with the machine, so that
the virtualenv is built from packages already downloaded once.
"""

import os
import re
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.bootstrap

REPO = Path(__file__).resolve().parent.parent
SHA = re.compile(r"Odoo 18\.0 @ ([0-9a-f]{40}) \((\w+)\)")


def _pip_cache():
    if os.environ.get("PIP_CACHE_DIR"):
        return os.environ["PIP_CACHE_DIR"]
    return str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pip")


@pytest.fixture(scope="module")
def base_python():
    python = os.environ.get("SOCIALCRM_BASE_PYTHON")
    if not python:
        pytest.skip("SOCIALCRM_BASE_PYTHON is not set: run the suite through `make test`")
    return python


@pytest.fixture(scope="module")
def fresh_env(base_python, tmp_path_factory):
    """The environment of a newcomer's shell: no Odoo anywhere, an empty cache."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SOCIALCRM_", "ODOO_", "PYTHON", "VIRTUAL_ENV", "MAKE", "MFLAGS"))
    }
    env.update(XDG_CACHE_HOME=str(tmp_path_factory.mktemp("xdg-cache")), PIP_CACHE_DIR=_pip_cache(), PYTHON=base_python)
    probe = subprocess.run([base_python, "-c", "import odoo"], capture_output=True, env=env, cwd="/")
    assert probe.returncode != 0, f"{base_python} imports odoo: it cannot stand for a fresh machine"
    return env


@pytest.fixture(scope="module")
def odoo_git_repo(tmp_path_factory):
    """A local git repository holding the Odoo 18.0 that this test run uses, on a branch `18.0`."""
    root = Path(os.environ["SOCIALCRM_ODOO_ROOT"])
    repo = tmp_path_factory.mktemp("odoo-src")
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "advice.detachedHead=false"]
    subprocess.run([*git, "init", "-q", "-b", "18.0", str(repo)], check=True)
    if (root / ".git").exists():
        subprocess.run([*git, "fetch", "-q", "--depth", "1", f"file://{root}", "HEAD"], cwd=repo, check=True)
        subprocess.run([*git, "reset", "-q", "--soft", "FETCH_HEAD"], cwd=repo, check=True)
    else:  # an Odoo of the user's that is no git checkout: commit its files as they are
        subprocess.run(
            [*git, f"--work-tree={root}", "add", "-A", "odoo", "addons", "odoo-bin", "requirements.txt"],
            cwd=repo,
            check=True,
        )
        subprocess.run([*git, f"--work-tree={root}", "commit", "-q", "-m", "Odoo 18.0"], cwd=repo, check=True)
    return repo


def make_check(env, **extra):
    started = time.monotonic()
    proc = subprocess.run(
        ["make", "-s", "-C", str(REPO), "check"], env={**env, **extra}, capture_output=True, text=True, timeout=3600
    )
    return proc.returncode, proc.stdout + proc.stderr, time.monotonic() - started


def test_fetch_then_reuse(fresh_env, odoo_git_repo):
    cache = Path(fresh_env["XDG_CACHE_HOME"]) / "social-crm"
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=odoo_git_repo, capture_output=True, text=True, check=True
    ).stdout.strip()

    rc, out, _seconds = make_check(fresh_env, ODOO_REPO=str(odoo_git_repo))
    assert rc == 0, out
    assert "fetching Odoo 18.0 from" in out and "creating the virtualenv" in out, out
    assert SHA.search(out).groups() == (commit, "fetched"), out
    entry = cache / "odoo-18.0"
    assert (entry / "odoo" / "release.py").is_file()
    # the sparse checkout leaves out translations other than Italian
    assert (entry / "odoo" / "addons" / "base" / "i18n" / "it.po").is_file()
    assert not (entry / "odoo" / "addons" / "base" / "i18n" / "fr.po").exists()
    venvs = list(cache.glob("venv-py*"))
    assert len(venvs) == 1 and (venvs[0] / ".social-crm-ready").is_file()

    # Second run: nothing set up again, one line naming the commit, with or without ODOO_REPO.
    for extra in ({"ODOO_REPO": str(odoo_git_repo)}, {}):
        rc, out, seconds = make_check(fresh_env, **extra)
        assert rc == 0, out
        assert SHA.search(out).groups() == (commit, "cached"), out
        assert not re.search(r"fetching|creating the virtualenv|installing", out), out
        print(f"second run of make check ({extra or 'defaults'}): {seconds:.1f} s")

    # A broken cache is detected and rebuilt, not used: an interrupted fetch leaves no marker.
    (entry / ".social-crm-source.json").unlink()
    rc, out, _seconds = make_check(fresh_env, ODOO_REPO=str(odoo_git_repo))
    assert rc == 0, out
    assert "incomplete" in out and SHA.search(out).groups() == (commit, "fetched"), out
    assert "creating the virtualenv" not in out, "the virtualenv did not depend on the broken checkout"

    # A half-built virtualenv (no marker written at its end) is rebuilt.
    (venvs[0] / ".social-crm-ready").unlink()
    rc, out, _seconds = make_check(fresh_env)
    assert rc == 0, out
    assert "is incomplete" in out and "virtualenv ready" in out, out
    assert (venvs[0] / ".social-crm-ready").is_file()


def test_no_network_no_cache_fails_fast_and_says_what_to_set(fresh_env, tmp_path):
    env = dict(fresh_env, XDG_CACHE_HOME=str(tmp_path / "empty-cache"))
    # Without ODOO_REPO the default is upstream's URL; git is pointed at a closed port instead
    # of GitHub, as on a machine without network, so that this test never downloads Odoo.
    env.update(
        GIT_CONFIG_COUNT="1",
        GIT_CONFIG_KEY_0="url.http://127.0.0.1:9/.insteadOf",
        GIT_CONFIG_VALUE_0="https://github.com/",
    )
    rc, out, seconds = make_check(env)
    assert rc != 0
    assert "ODOO_REPO=https://github.com/odoo/odoo.git" in out and "ODOO_REF=18.0" in out, out
    assert "ODOO_PATH" in out and "tried: git fetch --depth 1" in out, out
    assert not list((tmp_path / "empty-cache").glob("social-crm/odoo-*")), "a failed fetch left a cache entry"
    print(f"failure reported after {seconds:.1f} s")


def test_odoo_path_is_honoured_first(fresh_env, tmp_path):
    env = dict(fresh_env, XDG_CACHE_HOME=str(tmp_path / "unused-cache"), ODOO_PATH=str(tmp_path / "nothing"))
    rc, out, _seconds = make_check(env)
    assert rc != 0 and "ODOO_PATH=" in out and "does not hold an Odoo 18.0 source tree" in out, out
    assert not list((tmp_path / "unused-cache").glob("social-crm/odoo-*")), "ODOO_PATH set, yet Odoo was fetched"
