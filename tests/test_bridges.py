"""Bridge addons to optional Odoo apps install with their app, and their tests pass there.

``make test`` does not install the apps the bridges need (loyalty brings account): each test
here installs the core and the app on a throwaway database (without demo data), checks that the
bridge came along by itself (auto_install) and runs the bridge's own Odoo tests there.
"""

import pytest

pytestmark = pytest.mark.install


def test_loyalty_bridge_installs_with_loyalty_and_grants_coupons(odoo_runner, throwaway_db):
    db = throwaway_db
    odoo_runner.odoo(db, "-i", "social_crm", "--without-demo", "all")
    assert odoo_runner.states(db, "social_crm_loyalty")["social_crm_loyalty"] == "uninstalled", (
        "without loyalty, nothing of the bridge"
    )
    odoo_runner.odoo(db, "-i", "loyalty", "--without-demo", "all")
    assert odoo_runner.states(db, "social_crm_loyalty", "loyalty") == {
        "social_crm_loyalty": "installed",
        "loyalty": "installed",
    }
    # its tests (check_run fails on any error or failed test in the log)
    log = odoo_runner.odoo(db, "-u", "social_crm_loyalty", "--test-enable", "--test-tags", "/social_crm_loyalty")
    assert "TestTierCoupons.test_coupon_granted_once_per_member_and_tier" in log
    assert "0 failed, 0 error(s)" in log
