"""End-to-end: an external RPC client (odoorpc) against the running demo-data server.

These are the checks a sales user's integration or a curious customer would do
from outside Odoo: what they can read, and what they cannot.
"""

import odoorpc
import pytest

pytestmark = pytest.mark.e2e


def test_sales_user_finds_ambassadors(rpc_login):
    odoo = rpc_login("demo", "demo")
    Partner = odoo.env["res.partner"]
    ids = Partner.search([("ambassador_tier_id", "!=", False)], order="ambassador_score desc", limit=10)
    assert ids, "the demo community has tiered ambassadors"
    rows = Partner.read(ids, ["ambassador_score", "ambassador_tier_id"])
    scores = [r["ambassador_score"] for r in rows]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    # Leads show the customer's standing.
    lead_ids = odoo.env["crm.lead"].search([("partner_id", "in", ids)], limit=5)
    if lead_ids:
        leads = odoo.env["crm.lead"].read(lead_ids, ["ambassador_score"])
        assert any(lead["ambassador_score"] > 0 for lead in leads)


def test_portal_customer_sees_only_own_ledger(rpc_login):
    odoo = rpc_login("portal", "portal")
    me = odoo.env.user.partner_id
    Engagement = odoo.env["social.engagement"]
    rows = Engagement.search_read([], ["partner_id"])
    assert all(r["partner_id"][0] == me.id for r in rows)


def test_portal_customer_cannot_read_others_score(rpc_login):
    admin = rpc_login("admin", "admin")
    other_id = admin.env["res.partner"].search(
        [("ambassador_score", ">", 0), ("user_ids", "=", False)], limit=1)[0]
    odoo = rpc_login("portal", "portal")
    with pytest.raises(odoorpc.error.RPCError):
        odoo.env["res.partner"].read([other_id], ["ambassador_score"])
    with pytest.raises(odoorpc.error.RPCError):
        odoo.env["social.engagement"].search_read([("partner_id", "=", other_id)], ["points"])


def test_portal_customer_cannot_write_the_ledger(rpc_login):
    odoo = rpc_login("portal", "portal")
    me = odoo.env.user.partner_id.id
    code = rpc_login("admin", "admin").env["social.engagement.type"].search_read([], ["code"], limit=1)[0]["code"]
    with pytest.raises(odoorpc.error.RPCError):
        odoo.env["social.engagement"].record_events([{"partner_id": me, "type_code": code, "points": 1000}])
    with pytest.raises(odoorpc.error.RPCError):
        odoo.env["social.engagement"].create({"partner_id": me, "type_id": 1, "points": 1000})
