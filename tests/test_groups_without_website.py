"""Affinity groups without the website: social_crm alone serves /groups in the portal's layout.

The pages are controllers of social_crm (which depends on crm and portal only); the website,
when installed, only lends them its layout. This installs the core alone on a throwaway
database, serves it and reads the pages as a visitor.
"""

import os
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.install


@pytest.fixture
def core_db(odoo_runner):
    db = f"socialcrm_groups_nowebsite_{os.getpid()}"
    odoo_runner.drop_db(db)
    yield db
    odoo_runner.drop_db(db)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (a local test server)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_group_pages_without_website(odoo_runner, core_db):
    odoo_runner.odoo(core_db, "-i", "social_crm", "--without-demo", "all")
    states = odoo_runner.states(core_db, "social_crm", "website")
    assert states["social_crm"] == "installed"
    assert states.get("website", "uninstalled") == "uninstalled"
    odoo_runner.script(
        core_db,
        """
        env['social.affinity.group'].create([
            {'name': 'Open Riders', 'passion': 'Gravel riding', 'is_published': True},
            {'name': 'Secret Council', 'passion': 'Roadmap', 'visibility': 'private', 'is_published': True},
        ])
        """,
    )
    with odoo_runner.server(core_db) as url:
        status, listing = get(url + "/groups")
        assert status == 200
        assert "Open Riders" in listing and "Secret Council" not in listing
        assert "o_social_crm_groups" in listing and "data-website-id" not in listing
        status, page = get(url + "/groups/open-riders")
        assert status == 200
        assert "Log in to join" in page and "/web/login?redirect=%2Fgroups%2Fopen-riders" in page
        assert get(url + "/groups/secret-council")[0] == 404
