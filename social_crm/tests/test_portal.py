import json
import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestPortal(SocialCrmCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.record(cls.partner_portal, points=60)
        cls.other_type = cls.make_type("test_secret_type", default_points=3.0)
        cls.other_type.name = "Secret Other Activity"
        cls.record(cls.user_portal_other.partner_id, engagement_type=cls.other_type, points=77)

    def test_portal_page_shows_own_standing_only(self):
        self.authenticate("social_crm_portal", "social_crm_portal")
        response = self.url_open("/my/community")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Test Advocate", response.text)
        self.assertIn("Test answer", response.text)
        self.assertNotIn("Secret Other Activity", response.text)
        home = self.url_open("/my/home")
        self.assertIn("/my/community", home.text)

    def test_portal_member_downloads_own_data(self):
        self.authenticate("social_crm_portal", "social_crm_portal")
        response = self.url_open("/my/community/export")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        data = response.json()
        self.assertEqual(data["partner"]["name"], "Dana Portal")
        self.assertEqual([row["points"] for row in data["ledger"]], [60.0])
        self.assertIn("/my/community/export", self.url_open("/my/community").text)

    def test_portal_breakdown_counts_standing_events_only(self):
        withdrawn = self.make_type("test_withdrawn_vote", default_points=2.0)
        withdrawn.name = "Withdrawn Upvote Type"
        event = {
            "partner_id": self.partner_portal.id,
            "type_code": withdrawn.code,
            "res_model": "res.partner",
            "res_id": 7,
        }
        Ledger = self.env["social.engagement"].sudo()
        Ledger.record_events([event])
        Ledger.compensate_events([event])
        self.authenticate("social_crm_portal", "social_crm_portal")
        page = self.url_open("/my/community").text
        counts = re.findall(r"<td>Withdrawn Upvote Type</td>\s*<td class=\"text-end\">(\d+)</td>", page)
        self.assertEqual(counts, ["0"], "an upvote withdrawn counts for nothing, its compensation never counts")
        self.assertIn("<td>Test answer</td>", page)

    def test_portal_page_requires_login(self):
        response = self.url_open("/my/community", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def _page_csrf_token(self):
        page = self.url_open("/my/community").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def test_consent_post_needs_csrf(self):
        self.authenticate("social_crm_portal", "social_crm_portal")
        response = self.url_open("/my/community/consent", data={"contact_consent": "on"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.partner_portal.community_contact_consent)
        response = self.url_open(
            "/my/community/consent",
            data={"contact_consent": "on", "csrf_token": self._page_csrf_token()},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.partner_portal.community_contact_consent)
        self.assertFalse(self.partner_portal.community_public_consent)
        self.assertEqual(self.partner_portal.community_contact_consent_source, "portal")

    def test_portal_user_reads_only_own_community_data_by_rpc(self):
        other = self.user_portal_other.partner_id
        for partner in (self.partner_portal, other):
            with self.assertRaises(AccessError):
                partner.with_user(self.user_portal).read(["ambassador_score"])
            with self.assertRaises(AccessError):
                partner.with_user(self.user_portal).read(["community_contact_consent"])
        Engagement = self.env["social.engagement"].with_user(self.user_portal)
        rows = Engagement.search_read([], ["partner_id", "points", "type_id"])
        self.assertEqual({row["partner_id"][0] for row in rows}, {self.partner_portal.id})
        self.assertEqual([row["points"] for row in rows], [60.0])
        with self.assertRaises(AccessError):
            Engagement.search_read([("partner_id", "=", other.id)], ["points"])
        with self.assertRaises(AccessError):
            Engagement.search_read([("partner_id", "in", [other.id])], ["points"])
        with self.assertRaises(AccessError):
            Engagement.search_read([], ["note"])
        for model in ("social.engagement.breakdown", "social.partner.handle"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.user_portal).search_read([], ["partner_id"])
        # The same through the JSON-RPC endpoint a browser would use.
        self.authenticate("social_crm_portal", "social_crm_portal")
        response = self.url_open(
            "/web/dataset/call_kw/social.engagement/search_read",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "social.engagement",
                        "method": "search_read",
                        "args": [[]],
                        "kwargs": {"fields": ["partner_id", "points"]},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        result = response.json()["result"]
        self.assertEqual([row["points"] for row in result], [60.0])

    def test_portal_user_cannot_write_the_ledger(self):
        Engagement = self.env["social.engagement"].with_user(self.user_portal)
        me = self.partner_portal.id
        event = {"partner_id": me, "type_code": "test_answer", "points": 1000}
        with self.assertRaises(AccessError):
            Engagement.record_events([event])
        with self.assertRaises(AccessError):
            Engagement.compensate_events([event])
        with self.assertRaises(AccessError):
            Engagement.get_net_points([(me, "test_answer", False, False)])
        with self.assertRaises(AccessError):
            Engagement.create({"partner_id": me, "type_id": self.engagement_type.id, "points": 1000})
        with self.assertRaises(AccessError):
            Engagement.with_context(social_crm_ledger_write=True).create(
                {"partner_id": me, "type_id": self.engagement_type.id, "points": 1000}
            )
        self.assertAlmostEqual(self.partner_portal.ambassador_score, 60.0)

    def test_portal_tour(self):
        self.start_tour("/my/community", "social_crm_portal_community", login="social_crm_portal")
        self.assertTrue(self.partner_portal.community_contact_consent)
        self.assertEqual(self.partner_portal.community_contact_consent_source, "portal")
