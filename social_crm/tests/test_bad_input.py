import json

from odoo.tests import HttpCase, tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestLedgerBadInputOverRpc(SocialCrmCommon, HttpCase):
    """NaN and Infinity points, sent as a real client would (JSON-RPC of the web client)."""

    def call_kw(self, method, args, kwargs=None):
        body = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": "social.engagement", "method": method, "args": args, "kwargs": kwargs or {}},
        }
        # json.dumps writes NaN and Infinity as the bare literals Python's json (and Odoo) read back
        response = self.url_open(
            f"/web/dataset/call_kw/social.engagement/{method}",
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_non_finite_points_are_refused_and_nothing_is_written(self):
        self.authenticate("social_crm_sales", "social_crm_sales")
        before = self.env["social.engagement"].search_count([])
        for points in (float("nan"), float("inf"), float("-inf")):
            event = {"partner_id": self.partner_carol.id, "type_code": "test_answer", "points": points}
            for method, args in (("record_events", [[event]]), ("create", [event])):
                answer = self.call_kw(method, args)
                self.assertIn("error", answer)
                self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.ValidationError")
                self.assertIn("finite number", answer["error"]["data"]["message"])
        self.env.invalidate_all()
        self.assertEqual(self.env["social.engagement"].search_count([]), before)
        self.assertEqual(self.partner_carol.ambassador_score, 0.0)
        self.assertFalse(self.partner_carol.ambassador_tier_id)
