"""Issue 11, access and privacy: each attack replayed as an outside client does it (XML-RPC,
the export URL), against the real server of the test."""

import json

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RpcMixin, SocialCrmCommon
from .groups_common import AffinityGroupsCommon


class RpcCase(RpcMixin, SocialCrmCommon, HttpCase):
    pass


@tagged("post_install", "-at_install")
class TestCommunityFieldsNeedTheGroup(RpcCase):
    """Item 1: an internal user without Social CRM rights sees no community field."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_plain = new_test_user(
            cls.env, login="social_crm_plain", groups="base.group_user,base.group_partner_manager", name="Pat Plain"
        )
        cls.record(cls.partner_alice, points=60)
        cls.partner_alice.community_public_consent = True

    def test_rpc_read_of_community_fields_is_refused(self):
        for fname in (
            "ambassador_score",
            "ambassador_tier_id",
            "community_public_consent",
            "community_contact_consent_date",
            "community_handle_ids",
            "community_breakdown_ids",
        ):
            self.assertRpcRefused(self.user_plain, "res.partner", "read", [self.partner_alice.id], [fname])
        self.assertRpcRefused(
            self.user_plain, "res.partner", "search", [("ambassador_score", ">", 0)]
        )  # no probing by domain either
        described = self.rpc(self.user_plain, "res.partner", "fields_get", [], attributes=["type"])
        self.assertFalse({"ambassador_score", "community_public_consent", "ambassador_tier_id"} & set(described))
        # the partner itself stays readable
        rows = self.rpc(self.user_plain, "res.partner", "read", [self.partner_alice.id], ["name"])
        self.assertEqual(rows[0]["name"], "Alice Community")
        # a Social CRM user still reads them
        rows = self.rpc(self.user_sales, "res.partner", "read", [self.partner_alice.id], ["ambassador_score"])
        self.assertAlmostEqual(rows[0]["ambassador_score"], 60.0)

    def test_partner_form_and_lead_views_open_without_the_group(self):
        views = self.rpc(self.user_plain, "res.partner", "get_views", [[False, "form"], [False, "list"]])
        for view in views["views"].values():
            self.assertNotIn("ambassador_score", view["arch"])
            self.assertNotIn("community_public_consent", view["arch"])
        self.assertNotIn("ambassador_score", views["models"]["res.partner"]["fields"])
        # a plain employee edits a contact as before
        self.rpc(self.user_plain, "res.partner", "write", [self.partner_carol.id], {"phone": "+32 2 555 00 00"})
        self.assertEqual(self.partner_carol.phone, "+32 2 555 00 00")

    def test_own_community_page_still_works(self):
        self.authenticate(self.user_plain.login, self.user_plain.login)
        response = self.url_open("/my/community")
        self.assertEqual(response.status_code, 200)


@tagged("post_install", "-at_install")
class TestExportIsForManagersOrOneself(RpcCase):
    """Item 2: only managers export someone else's data; nothing is stored as an attachment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.record(cls.partner_alice, points=30)

    def test_sales_user_cannot_export_another_partner(self):
        fault = self.assertRpcRefused(
            self.user_sales, "res.partner", "action_export_community_data", [self.partner_alice.id]
        )
        self.assertIn("Only Social CRM managers", fault)
        self.authenticate(self.user_sales.login, self.user_sales.login)
        response = self.url_open(f"/social_crm/community_export/{self.partner_alice.id}")
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("Alice Community", response.text)

    def test_manager_exports_without_leaving_a_file(self):
        attachments_before = self.env["ir.attachment"].search_count([])
        action = self.rpc(self.user_manager, "res.partner", "action_export_community_data", [self.partner_alice.id])
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.authenticate(self.user_manager.login, self.user_manager.login)
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        data = json.loads(response.content)
        self.assertEqual(data["partner"]["name"], "Alice Community")
        self.assertEqual([row["points"] for row in data["ledger"]], [30.0])
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)

    def test_customer_exports_only_their_own_from_the_portal(self):
        self.record(self.partner_portal, points=7)
        self.authenticate(self.user_portal.login, self.user_portal.login)
        response = self.url_open("/my/community/export")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(json.loads(response.content)["partner"]["name"], "Dana Portal")
        response = self.url_open(f"/social_crm/community_export/{self.partner_alice.id}")
        self.assertEqual(response.status_code, 403)


@tagged("post_install", "-at_install")
class TestSystemFieldsOverRpc(RpcCase):
    """Item 3: score, tier and consent stamps are the system's; consent is stamped by the write."""

    def test_sales_user_cannot_write_score_tier_or_consent_stamps(self):
        for vals in (
            {"ambassador_score": 99999},
            {"ambassador_recent_gain": 5},
            {"ambassador_tier_id": self.tier_champion.id},
            {"community_public_consent_date": "2001-01-01 00:00:00"},
            {"community_contact_consent_source": "import"},
            {"community_public_consent": True, "community_public_consent_source": "portal"},
        ):
            fault = self.assertRpcRefused(self.user_sales, "res.partner", "write", [self.partner_carol.id], vals)
            self.assertIn("kept by the system", fault)
        self.assertRpcRefused(
            self.user_sales, "res.partner", "create", {"name": "Fake Champion", "ambassador_score": 500}
        )
        self.env.invalidate_all()
        self.assertEqual(self.partner_carol.ambassador_score, 0.0)
        self.assertFalse(self.partner_carol.ambassador_tier_id)
        self.assertFalse(self.partner_carol.community_public_consent)

    def test_consent_write_stamps_date_and_source(self):
        before = fields.Datetime.now().replace(microsecond=0)
        self.rpc(
            self.user_sales,
            "res.partner",
            "write",
            [self.partner_carol.id],
            {"community_public_consent": True},
            context={"community_consent_source": "import"},
        )
        self.env.invalidate_all()
        self.assertTrue(self.partner_carol.community_public_consent)
        self.assertGreaterEqual(self.partner_carol.community_public_consent_date, before)
        # the context of a person's call does not choose the source
        self.assertEqual(self.partner_carol.community_public_consent_source, "backend")


@tagged("post_install", "-at_install")
class TestEraseLeavesNothing(RpcCase):
    """Item 4: erase takes the ledger, handles, consent history and exports; one note stays."""

    def test_erase_over_rpc(self):
        alice = self.partner_alice
        self.env["social.partner.handle"].create(
            {"partner_id": alice.id, "channel_id": self.channel.id, "handle": "al"}
        )
        self.record(alice, points=250)  # Champion: the tier change is tracked
        self.rpc(self.user_sales, "res.partner", "write", [alice.id], {"community_public_consent": True})
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking of these writes is written at commit
        tracked = self.env["mail.tracking.value"].search(
            [("mail_message_id.model", "=", "res.partner"), ("mail_message_id.res_id", "=", alice.id)]
        )
        self.assertIn("community_public_consent", tracked.field_id.mapped("name"))
        # an export file of an earlier version, attached to the partner
        self.env["ir.attachment"].create(
            {
                "name": f"community-data-{alice.id}.json",
                "raw": b'{"partner": {"name": "Alice Community"}}',
                "res_model": "res.partner",
                "res_id": alice.id,
            }
        )

        self.assertEqual(self.rpc(self.user_manager, "res.partner", "action_erase_community_data", [alice.id]), True)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()

        self.assertFalse(self.env["social.engagement"].search([("partner_id", "=", alice.id)]))
        self.assertFalse(alice.community_handle_ids)
        self.assertFalse(alice.ambassador_tier_id)
        self.assertFalse(alice.community_public_consent_date)
        self.assertFalse(
            self.env["ir.attachment"].search([("res_model", "=", "res.partner"), ("res_id", "=", alice.id)])
        )
        community_fields = ["community_public_consent", "community_public_consent_date", "ambassador_tier_id"]
        self.assertFalse(
            self.env["mail.tracking.value"].search(
                [
                    ("mail_message_id.model", "=", "res.partner"),
                    ("mail_message_id.res_id", "=", alice.id),
                    ("field_id.name", "in", community_fields),
                ]
            )
        )
        notes = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", alice.id), ("body", "ilike", "erased")]
        )
        self.assertEqual(len(notes), 1)
        self.assertNotIn("Alice", notes.body)
        self.assertNotIn("250", notes.body)


@tagged("post_install", "-at_install")
class TestPublicMethodsMarshal(RpcCase):
    """Item 18: what a public method answers over XML-RPC is marshallable (no fault after commit)."""

    def test_ledger_api_answers_over_xmlrpc(self):
        event = {"partner_id": self.partner_carol.id, "type_code": "test_answer", "points": 4}
        ids = self.rpc(self.user_manager, "social.engagement", "record_events", [event])
        self.assertEqual(len(ids), 1)
        self.assertEqual(self.env["social.engagement"].browse(ids).points, 4.0)
        nets = self.rpc(
            self.user_manager,
            "social.engagement",
            "get_net_points",
            [[self.partner_carol.id, "test_answer", False, False]],
        )
        self.assertEqual(nets, {f"{self.partner_carol.id},test_answer,,": 4.0})
        compensated = self.rpc(self.user_manager, "social.engagement", "compensate_events", [event])
        self.assertEqual(len(compensated), 1)
        self.assertEqual(self.rpc(self.user_manager, "social.engagement", "compensate_events", [event]), [])
        # Python callers keep recordsets
        self.assertEqual(self.env["social.engagement"].sudo().record_events([event])._name, "social.engagement")

    def test_dashboard_answers_over_xmlrpc(self):
        sections = self.rpc(self.user_sales, "social.crm.dashboard", "get_dashboard_data", 30)
        self.assertTrue(sections)
        self.assertTrue(all(isinstance(section, dict) for section in sections))

    def test_event_dates_out_of_range_are_refused(self):
        """Item 16: a year-9999 (or pre-1970) event date is a clear error and nothing is written."""
        before = self.env["social.engagement"].search_count([])
        for date in ("9999-12-31 23:59:59", "1900-01-01 00:00:00", "2024-02-30 00:00:00"):
            event = {"partner_id": self.partner_carol.id, "type_code": "test_answer", "date": date}
            fault = self.assertRpcRefused(self.user_manager, "social.engagement", "record_events", [event])
            self.assertIn("Invalid event date", fault)
        self.assertEqual(self.env["social.engagement"].search_count([]), before)


@tagged("post_install", "-at_install")
class TestGroupActionsOverRpc(RpcMixin, AffinityGroupsCommon, HttpCase):
    def test_join_and_leave_answer_over_xmlrpc(self):
        """Item 18: their answers by group id are marshallable (string keys), no fault after commit."""
        group_id = self.group_public.id
        answer = self.rpc(self.user_portal, "social.affinity.group", "action_join", [group_id])
        self.assertEqual(answer, {str(group_id): "joined"})
        self.assertEqual(
            self.group_public.membership_ids.filtered(lambda m: m.partner_id == self.partner_portal).state, "joined"
        )
        answer = self.rpc(self.user_portal, "social.affinity.group", "action_leave", [group_id])
        self.assertEqual(answer, {str(group_id): "left"})


@tagged("post_install", "-at_install")
class TestNonFiniteSettings(RpcCase):
    """Item 13: a NaN default half-life (the JSON-RPC of the settings form) is refused."""

    def call_kw(self, model, method, args):
        body = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": args, "kwargs": {}},
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_nan_half_life_refused(self):
        self.authenticate("admin", "admin")
        ICP = self.env["ir.config_parameter"]
        before = ICP.get_param("social_crm.default_half_life_days")
        for value in (float("nan"), float("inf")):
            answer = self.call_kw("res.config.settings", "create", [{"social_crm_default_half_life_days": value}])
            if "result" in answer:  # refused on save at the latest
                answer = self.call_kw("res.config.settings", "execute", [[answer["result"]]])
            self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.ValidationError")
            self.assertIn("finite number", answer["error"]["data"]["message"])
        self.assertEqual(ICP.get_param("social_crm.default_half_life_days"), before)
