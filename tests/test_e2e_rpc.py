"""End-to-end: Odoo's external API (XML-RPC) against the running demo-data server.

These are the checks a sales team's integration or a curious customer would do
from outside Odoo: what they can read, and what they cannot.
"""

import xmlrpc.client

import pytest

pytestmark = pytest.mark.e2e


def test_sales_user_finds_ambassadors(rpc_login):
    rpc = rpc_login("demo", "demo")
    ids = rpc("res.partner", "search", [("ambassador_tier_id", "!=", False)], order="ambassador_score desc", limit=10)
    assert ids, "the demo community has tiered ambassadors"
    rows = rpc("res.partner", "read", ids, ["ambassador_score", "ambassador_tier_id"])
    scores = [r["ambassador_score"] for r in rows]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert all(r["ambassador_tier_id"] for r in rows)
    # The ledger explains the score: the top ambassador has engagement rows.
    assert rpc("social.engagement", "search_count", [("partner_id", "=", ids[0])]) > 0


def test_sales_user_sees_standing_on_leads(rpc_login):
    rpc = rpc_login("demo", "demo")
    leads = rpc("crm.lead", "search_read", [("ambassador_score", ">", 0)], ["partner_id", "ambassador_score"], limit=5)
    assert leads, "demo leads of engaged customers carry their score"
    assert all(lead["partner_id"] and lead["ambassador_score"] > 0 for lead in leads)


def test_portal_customer_sees_only_own_ledger(rpc_login):
    rpc = rpc_login("portal", "portal")
    me = rpc("res.users", "read", [rpc.uid], ["partner_id"])[0]["partner_id"][0]
    rows = rpc("social.engagement", "search_read", [], ["partner_id"])
    # the demo portal customer has a ledger: an empty answer would prove nothing
    assert rows, "the demo portal customer has engagement rows"
    assert {r["partner_id"][0] for r in rows} == {me}
    admin = rpc_login("admin", "admin")
    assert len(rows) == admin("social.engagement", "search_count", [("partner_id", "=", me)])
    assert admin("social.engagement", "search_count", [("partner_id", "!=", me)]) > 0, "others have rows too"


def test_portal_customer_cannot_read_others_score(rpc_login):
    admin = rpc_login("admin", "admin")
    other_id = admin("res.partner", "search", [("ambassador_score", ">", 0), ("user_ids", "=", False)], limit=1)[0]
    assert admin("social.engagement", "search_count", [("partner_id", "=", other_id)]) > 0
    rpc = rpc_login("portal", "portal")
    with pytest.raises(xmlrpc.client.Fault):
        rpc("res.partner", "read", [other_id], ["ambassador_score"])
    try:
        rows = rpc("social.engagement", "search_read", [("partner_id", "=", other_id)], ["points"])
    except xmlrpc.client.Fault:
        rows = []  # refused outright: as good as an empty answer
    assert rows == []


def test_portal_customer_cannot_write_the_ledger(rpc_login):
    admin = rpc_login("admin", "admin")
    type_ = admin("social.engagement.type", "search_read", [], ["code"], limit=1)[0]
    rpc = rpc_login("portal", "portal")
    me = rpc("res.users", "read", [rpc.uid], ["partner_id"])[0]["partner_id"][0]
    before = admin("social.engagement", "search_count", [("partner_id", "=", me)])
    with pytest.raises(xmlrpc.client.Fault):
        rpc("social.engagement", "record_events", [{"partner_id": me, "type_code": type_["code"], "points": 1000}])
    with pytest.raises(xmlrpc.client.Fault):
        rpc("social.engagement", "create", {"partner_id": me, "type_id": type_["id"], "points": 1000})
    assert admin("social.engagement", "search_count", [("partner_id", "=", me)]) == before
