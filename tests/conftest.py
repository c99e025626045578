"""Shared fixtures of the cross-addon pytest suite.

``make test`` runs this suite with pytest-odoo on the test database it has just
installed (``--odoo-database``) while an Odoo server serves that database for
the end-to-end tests; it passes these through the environment:

* ``SOCIALCRM_TEST_DB`` / ``SOCIALCRM_TEST_URL``: the database and the server's URL;
* ``SOCIALCRM_TEST_SERVER_LOG``: that server's log file;
* ``SOCIALCRM_ODOO_PYTHON`` / ``SOCIALCRM_ODOO_ROOT`` / ``SOCIALCRM_ADDONS_PATH``: for the
  install tests, which run Odoo in subprocesses on throwaway databases through the project's
  one launcher (``tools/odoo_runner.py``).
"""

import os
import xmlrpc.client
from pathlib import Path

import pytest


def _env(name):
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set: run the suite through `make test`")
    return value


@pytest.fixture(scope="session")
def server_url():
    return _env("SOCIALCRM_TEST_URL")


@pytest.fixture(scope="session")
def test_db():
    return _env("SOCIALCRM_TEST_DB")


@pytest.fixture
def server_log_errors():
    """Return a function giving the ERROR/CRITICAL lines the server logged since the fixture began."""
    path = Path(_env("SOCIALCRM_TEST_SERVER_LOG"))
    start = path.stat().st_size if path.exists() else 0

    def errors():
        with path.open(errors="replace") as log:
            log.seek(start)
            return [line for line in log if " ERROR " in line or " CRITICAL " in line]

    return errors


class RpcClient:
    """Odoo's external API (XML-RPC, as documented by Odoo) for one user: what an integration uses."""

    def __init__(self, url, db, login, password):
        self.db, self.password = db, password
        self.uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", allow_none=True).authenticate(
            db, login, password, {}
        )
        assert self.uid, f"cannot log in as {login}"
        self.models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method, list(args), kwargs)


@pytest.fixture
def rpc_login(server_url, test_db):
    """Return a function that logs a user in through Odoo's external API."""
    return lambda login, password: RpcClient(server_url, test_db, login, password)


@pytest.fixture(scope="session")
def odoo_runner():
    from odoo_subprocess import OdooProcess  # noqa: PLC0415

    for name in ("SOCIALCRM_ODOO_PYTHON", "SOCIALCRM_ODOO_ROOT", "SOCIALCRM_ADDONS_PATH"):
        _env(name)
    return OdooProcess.from_env()


@pytest.fixture
def throwaway_db(request, odoo_runner):
    """A database of the test's own (socialcrm_<module>_<test>_<pid>), dropped before and after."""
    module = request.module.__name__.rpartition(".")[2].removeprefix("test_")
    db = f"socialcrm_{module}_{request.node.name[:30]}_{os.getpid()}"
    odoo_runner.drop_db(db)
    yield db
    odoo_runner.drop_db(db)
