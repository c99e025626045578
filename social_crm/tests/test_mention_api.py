import json
import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.social_crm.controllers.api import MAX_BODY
from odoo.addons.social_crm.models.ir_http import INTAKE_SCOPE
from odoo.addons.social_crm.models.social_mention_intake_validation import MAX_EVENTS

from .common_listening import ListeningCommon

URL = "/social_crm/api/v1/events"


@tagged("post_install", "-at_install")
class TestMentionApi(ListeningCommon, HttpCase):
    """The HTTP intake: API keys of the intake scope, JSON answers, HTTP codes, nothing half-written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.generate(cls.user_integration)

    @classmethod
    def generate(cls, user, scope=INTAKE_SCOPE, expiration=None, name="test key"):
        return cls.env["res.users.apikeys"].with_user(user).sudo()._generate(scope, name, expiration)

    def post(self, body, key=None, content_type="application/json", raw=None, headers=None):
        headers = {"Content-Type": content_type, **(headers or {})}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        data = raw if raw is not None else json.dumps(body)
        return self.url_open(URL, data=data, headers=headers)

    def assertError(self, response, status, code):
        self.assertEqual(response.status_code, status, response.text)
        self.assertEqual(response.headers["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(response.json()["error"], code)
        self.assertTrue(response.json()["message"])

    def count(self):
        return self.Mention.search_count([("channel_id", "=", self.channel.id)])

    def test_batch_is_stored_and_answered_per_event(self):
        body = {
            "events": [
                self.event("h-1", author_handle="alice_c"),
                self.event("h-1"),
                self.event("h-2", channel="unknown"),
            ]
        }
        response = self.post(body, self.key)
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        self.assertEqual((answer["accepted"], answer["duplicate"], answer["rejected"]), (1, 1, 1))
        self.assertEqual([r["status"] for r in answer["results"]], ["accepted", "duplicate", "rejected"])
        self.assertEqual(answer["results"][2]["error"], "unknown_channel")
        mention = self.mention("h-1")
        self.assertEqual((mention.partner_id, mention.create_uid), (self.partner_alice, self.user_integration))
        # redelivered as a whole: nothing new
        again = self.post(body, self.key).json()
        self.assertEqual((again["accepted"], again["duplicate"]), (0, 2))
        self.assertEqual(self.count(), 1)

    def test_atomic_batch_is_refused_whole(self):
        response = self.post({"events": [self.event("h-3"), self.event("h-4", text="x\x00")], "atomic": True}, self.key)
        self.assertEqual(response.status_code, 422)
        self.assertEqual([r["error"] for r in response.json()["results"]], ["batch_aborted", "nul_byte"])
        self.assertEqual(self.count(), 0)

    @mute_logger("odoo.http")
    def test_keys_that_do_not_open_the_intake(self):
        body = {"events": [self.event("h-5")]}
        other = new_test_user(self.env, login="social_crm_not_integration", groups="base.group_user")
        expired = self.generate(self.user_integration, expiration=fields.Datetime.now() - timedelta(days=1))
        revoked = self.generate(self.user_integration, name="revoked key")
        self.env["res.users.apikeys"].sudo().search([("name", "=", "revoked key")])._remove()
        cases = [
            (None, 401, "missing_key"),
            ("not-a-key", 401, "invalid_key"),
            (expired, 401, "invalid_key"),
            (revoked, 401, "invalid_key"),
            (self.generate(other), 403, "not_integration_user"),
            # a general (RPC) key of the integration user is refused too
            (self.generate(self.user_integration, scope=None), 403, "general_key"),
        ]
        for key, status, code in cases:
            with self.subTest(code=code, key=key and key[:4]):
                response = self.post(body, key)
                self.assertError(response, status, code)
                if status == 401:
                    self.assertEqual(response.headers.get("WWW-Authenticate"), "Bearer")
        self.assertEqual(self.count(), 0)
        # no home-made scheme: "Basic" or a bare key are refused
        self.assertError(self.post(body, headers={"Authorization": self.key}), 401, "missing_key")

    @mute_logger("odoo.http", "odoo.addons.base.models.res_users")
    def test_intake_key_opens_no_rpc(self):
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        self.assertFalse(common.authenticate(self.env.cr.dbname, self.user_integration.login, self.key, {}))
        response = self.url_open("/json/1/contacts", headers={"Authorization": f"Bearer {self.key}"})
        self.assertEqual(response.status_code, 401)

    def test_bad_requests_get_json_errors(self):
        big_text = "x" * (MAX_BODY + 1)
        cases = [
            (
                "wrong content type",
                {"body": {"events": [self.event("h-6")]}, "content_type": "text/plain"},
                415,
                "unsupported_media_type",
            ),
            ("malformed JSON", {"body": None, "raw": '{"events": [}'}, 400, "invalid_json"),
            (
                "NaN",
                {"body": None, "raw": '{"events": [{"channel": "test_channel", "external_id": NaN}]}'},
                400,
                "invalid_json",
            ),
            ("not UTF-8", {"body": None, "raw": b'{"events": ["\xff\xfe"]}'}, 400, "invalid_json"),
            ("no events list", {"body": {"event": {}}}, 400, "invalid_body"),
            ("bare list", {"body": [self.event("h-7")]}, 400, "invalid_body"),
            ("empty batch", {"body": {"events": []}}, 400, "empty_batch"),
            (
                "atomic not a boolean",
                {"body": {"events": [self.event("h-8")], "atomic": "yes"}},
                400,
                "invalid_atomic",
            ),
            (
                "over the batch limit",
                {"body": {"events": [self.event(f"h-{i}") for i in range(MAX_EVENTS + 1)]}},
                413,
                "too_many_events",
            ),
            ("over the body limit", {"body": {"events": [self.event("h-9", text=big_text)]}}, 413, "body_too_large"),
        ]
        for name, kwargs, status, code in cases:
            with self.subTest(name):
                self.assertError(self.post(key=self.key, **kwargs), status, code)
        self.assertEqual(self.count(), 0)
        response = self.url_open(URL, headers={"Authorization": f"Bearer {self.key}"})
        self.assertError(response, 405, "method_not_allowed")

    def test_bad_events_over_http_never_500(self):
        now = fields.Datetime.now()
        events = [
            self.event("h-10", text="\u0000"),
            self.event("h-11", text="lone \ud800"),
            self.event("h-12", posted_at="0001-01-01T00:00:00"),
            self.event("h-13", posted_at=fields.Datetime.to_string(now + timedelta(days=400))),
            self.event("h-14", posted_at="9999-12-31T23:59:59+14:00"),
            {"channel": "test_channel"},
            self.event("h-15", external_id_extra=1, title={"nested": True}),
            self.event("h-16", author_email="a@b@c"),
            self.event("h-17", text="x" * 10_001),
            self.event("h-18 \ud800"),
            self.event("h-19", posted_at="2026-01-01T00:00:00\udfff"),
        ]
        response = self.post({"events": events}, self.key)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(
            [r["error"] for r in response.json()["results"]],
            [
                "nul_byte",
                "invalid_text",
                "date_out_of_range",
                "date_out_of_range",
                "date_out_of_range",
                "missing_external_id",
                "invalid_title",
                "invalid_email",
                "text_too_long",
                "invalid_text",
                "invalid_date",
            ],
        )
        self.assertEqual(self.count(), 0)
