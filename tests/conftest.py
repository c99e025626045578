"""Shared fixtures of the cross-addon pytest suite.

``make test`` runs this suite with pytest-odoo on the test database it has just
installed (``--odoo-database``) while an Odoo server serves that database for
the end-to-end tests; it passes these through the environment:

* ``SOCIALCRM_TEST_DB`` / ``SOCIALCRM_TEST_URL``: the database and the server's URL;
* ``SOCIALCRM_ADDONS_PATH`` / ``SOCIALCRM_ODOO_ROOT``: for the install tests,
  which run Odoo in subprocesses on throwaway databases.
"""

import os
from urllib.parse import urlparse

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
def rpc_login(server_url, test_db):
    """Return a function that logs in through the external RPC client (odoorpc)."""
    import odoorpc  # noqa: PLC0415

    url = urlparse(server_url)

    def login(user, password):
        client = odoorpc.ODOO(url.hostname, port=url.port, timeout=60)
        client.login(test_db, user, password)
        return client

    return login


@pytest.fixture(scope="session")
def odoo_runner():
    from odoo_subprocess import OdooRunner  # noqa: PLC0415

    return OdooRunner(_env("SOCIALCRM_ADDONS_PATH"), _env("SOCIALCRM_ODOO_ROOT"))
