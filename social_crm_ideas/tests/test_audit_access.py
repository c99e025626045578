"""Issue 11, ideas: each attack replayed as an outside client does it (XML-RPC, the website's
routes), against the real server of the test."""

import contextlib
import json
import re
import xmlrpc.client

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.social_crm.tests.common import RpcMixin

from .common import IdeasCommon


class IdeasRpcCase(RpcMixin, IdeasCommon, HttpCase):
    def jsonrpc_error(self, url, params):
        """The error a JSON-RPC route answers (the web client's channel, which carries NUL
        characters that XML-RPC cannot), as (exception name, message)."""
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        error = response.json().get("error")
        self.assertTrue(error, "the call is refused")
        return error["data"]["name"], error["data"]["message"]

    def call_kw_error(self, model, method, *args):
        return self.jsonrpc_error(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )


@tagged("post_install", "-at_install")
class TestIdeasAuditAccess(IdeasRpcCase):
    def test_sales_user_cannot_write_counts_or_vote_audit(self):
        """Item 3: vote counts, demand and the vote's audit trail are the system's."""
        votes_before = len(self.idea.vote_ids)  # the author's own vote
        vote = self.vote(self.idea, self.partner_bob)
        audit = (vote.date, vote.is_proxy, vote.recorded_by_id)
        for vals in (
            {"vote_count": 5000},
            {"recent_vote_count": 9},
            {"demand_value": 1e9},
            {"date_stage": "2001-01-01"},
        ):
            fault = self.assertRpcRefused(self.user_sales, "social.idea", "write", [self.idea.id], vals)
            self.assertIn("kept by the system", fault)
        for vals in ({"date": "2001-01-01 00:00:00"}, {"is_proxy": True}, {"recorded_by_id": self.user_manager.id}):
            fault = self.assertRpcRefused(self.user_sales, "social.idea.vote", "write", [vote.id], vals)
            self.assertIn("kept by the system", fault)
        self.assertRpcRefused(
            self.user_sales,
            "social.idea.vote",
            "create",
            {"idea_id": self.idea.id, "partner_id": self.partner_carol.id, "date": "2001-01-01 00:00:00"},
        )
        self.assertRpcRefused(
            self.user_sales, "res.partner", "write", [self.partner_bob.id], {"idea_open_vote_count": 0}
        )
        self.env.invalidate_all()
        self.assertEqual(self.idea.vote_count, votes_before + 1)
        self.assertEqual((vote.date, vote.is_proxy, vote.recorded_by_id), audit)
        self.assertEqual(len(self.idea.vote_ids), votes_before + 1)

    def test_portal_never_gets_an_author_without_public_consent(self):
        """Item 5: RPC, pages and JSON show an author only with public consent."""
        self.partner_alice.community_public_consent = False
        consenting = self.create_idea("Test consenting author idea", self.partner_bob)
        self.partner_bob.community_public_consent = True
        fault = self.assertRpcRefused(self.user_portal, "social.idea", "read", [self.idea.id], ["author_id"])
        self.assertNotIn("Alice", fault)
        self.assertRpcRefused(self.user_portal, "social.idea", "search_read", [], ["author_id"])
        self.assertRpcRefused(self.user_portal, "social.idea", "read_group", [], ["author_id"], ["author_id"])
        rows = self.rpc(
            self.user_portal,
            "social.idea",
            "search_read",
            [("id", "in", [self.idea.id, consenting.id])],
            ["author_display_name"],
        )
        names = {row["id"]: row["author_display_name"] for row in rows}
        self.assertEqual(names[self.idea.id], "A customer")
        self.assertEqual(names[consenting.id], "Bob Community")
        # every read of the portal user (web client's web_read included) goes through the same check
        self.assertRpcRefused(
            self.user_portal,
            "social.idea",
            "web_read",
            [self.idea.id],
            {"author_id": {"fields": {"display_name": {}}}},
        )
        self.authenticate(self.user_portal.login, self.user_portal.login)
        for url in ("/ideas", self.idea.website_url, "/my/ideas"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn("Alice Community", response.text, url)
        # internal users keep the author
        rows = self.rpc(self.user_employee, "social.idea", "read", [self.idea.id], ["author_id"])
        self.assertEqual(rows[0]["author_id"][0], self.partner_alice.id)

    def test_portal_author_keeps_their_own_ideas(self):
        idea = self.Idea.with_user(self.user_portal).create({"name": "Test my own portal idea"})
        rows = self.rpc(self.user_portal, "social.idea", "search_read", [("is_my_idea", "=", True)], ["name"])
        self.assertEqual([row["id"] for row in rows], [idea.id])
        self.authenticate(self.user_portal.login, self.user_portal.login)
        response = self.url_open(f"/my/ideas/{idea.id}/edit")
        self.assertEqual(response.status_code, 200)
        response = self.url_open(f"/my/ideas/{self.idea.id}/edit")
        self.assertEqual(response.status_code, 404)

    @mute_logger("odoo.http")
    def test_unpublished_ideas_look_missing(self):
        """Item 6: no title in vote errors, no redirect to an unpublished target."""
        hidden = self.create_idea("Test secret roadmap item", self.partner_bob, is_published=False)
        fault = self.assertRpcRefused(
            self.user_sales, "social.idea.vote", "create", {"idea_id": hidden.id, "partner_id": self.partner_carol.id}
        )
        self.assertNotIn("secret roadmap", fault)
        self.authenticate(self.user_portal.login, self.user_portal.login)
        answer = self.make_jsonrpc_request("/ideas/vote/json", {"idea_id": hidden.id})
        self.assertEqual(answer, {"error": "Unknown idea."})
        duplicate = self.create_idea("Test public duplicate", self.partner_carol)
        duplicate._merge_into(hidden)
        response = self.url_open(duplicate.website_url, allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("secret-roadmap", response.headers.get("Location", ""))
        self.assertNotIn("secret roadmap", response.text)
        answer = self.make_jsonrpc_request("/ideas/vote/json", {"idea_id": duplicate.id})
        self.assertNotIn("secret roadmap", answer["error"])

    @mute_logger("odoo.http")
    def test_portal_comments_are_authored_by_the_poster(self):
        """Item 7: a portal comment is the poster's, whatever author it names."""
        colleague = self.env["res.partner"].create(
            {"name": "Test Colleague", "email": "colleague@example.com", "parent_id": self.partner_portal.id}
        )
        # over XML-RPC, Odoo refuses a customer's message_post outright: as good as the poster's name
        with contextlib.suppress(xmlrpc.client.Fault):
            self.rpc(
                self.user_portal, "social.idea", "message_post", [self.idea.id],
                body="Test impersonated comment", message_type="comment", author_id=colleague.id,
            )  # fmt: skip
        # the portal chatter's own path: the route posts with sudo on behalf of the user
        self.idea.with_user(self.user_portal).sudo().message_post(
            body="Test chatter comment", message_type="comment", author_id=colleague.id, email_from=colleague.email
        )
        self.authenticate(self.user_portal.login, self.user_portal.login)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "social.idea",
                "thread_id": self.idea.id,
                "post_data": {"body": "Test route comment", "message_type": "comment", "author_id": colleague.id},
            },
        )
        comments = self.idea.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertTrue(comments)
        self.assertEqual(comments.author_id, self.partner_portal)
        self.assertFalse(self.env["mail.message"].search([("author_id", "=", colleague.id)]))

    def test_backend_recompute_needs_the_backend_groups(self):
        """Item 8: the full demand recompute is a Social CRM button, not a portal RPC."""
        for user in (self.user_portal, self.user_employee):
            fault = self.assertRpcRefused(user, "social.idea", "action_refresh_demand", [])
            self.assertIn("Only Social CRM users", fault)
        self.assertIs(self.rpc(self.user_sales, "social.idea", "action_refresh_demand", []), True)

    def test_proxy_votes_only_for_people(self):
        """Item 9: no proxy vote for a company or for the website's anonymous visitor."""
        public_partner = self.env.ref("base.public_partner")
        for partner in (self.other_company, public_partner):
            fault = self.assertRpcRefused(
                self.user_sales, "social.idea.vote", "create", {"idea_id": self.idea.id, "partner_id": partner.id}
            )
            self.assertIn("individual people", fault)
        vote_id = self.rpc(
            self.user_sales,
            "social.idea.vote",
            "create",
            {"idea_id": self.idea.id, "partner_id": self.partner_frank.id},
        )
        self.assertTrue(self.Vote.browse(vote_id).is_proxy)
        # the author's own vote (an idea's first voter) and Frank's: nobody else's
        self.assertEqual(self.idea.vote_ids.partner_id, self.idea.author_id | self.partner_frank)


@tagged("post_install", "-at_install")
class TestIdeasBadInput(IdeasRpcCase):
    """Items 14, 15, 17: a clear error (4xx page, ValidationError) and nothing written."""

    def csrf(self, url):
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.url_open(url).text)
        self.assertTrue(match, "the page carries a CSRF token")
        return match.group(1)

    @mute_logger("odoo.http")
    def test_nul_bytes(self):
        self.authenticate(self.user_portal.login, self.user_portal.login)
        response = self.url_open("/ideas?search=calendar%00sync")
        self.assertEqual(response.status_code, 400)
        count = self.Idea.search_count([])
        response = self.url_open(
            "/ideas/new",
            data={"csrf_token": self.csrf("/ideas/new"), "name": "Test nul\x00title", "description": "x"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("NUL character", response.text)
        for vals in ({"name": "Test nul\x00title"}, {"name": "Test nul description", "description": "<p>a\x00b</p>"}):
            name, message = self.call_kw_error("social.idea", "create", vals)
            self.assertEqual(name, "odoo.exceptions.ValidationError")
            self.assertIn("NUL character", message)
        self.assertEqual(self.Idea.search_count([]), count)
        name, message = self.jsonrpc_error(
            "/mail/message/post",
            {
                "thread_model": "social.idea",
                "thread_id": self.idea.id,
                "post_data": {"body": "Test nul\x00comment", "message_type": "comment"},
            },
        )
        self.assertEqual(name, "odoo.exceptions.ValidationError")
        self.assertFalse(self.idea.message_ids.filtered(lambda m: m.message_type == "comment"))

    def test_tag_ids_parsed_strictly(self):
        # an id of two digits or more (the form once split it into digits), with or without demo data
        tags = self.env["social.idea.tag"].create([{"name": f"Test Tag Strict {i}"} for i in range(10)])
        tag = tags[-1]
        self.assertGreater(tag.id, 9)
        self.authenticate(self.user_portal.login, self.user_portal.login)
        count = self.Idea.search_count([])
        # a title missing: the form comes back with the chosen tag, and only it, selected
        response = self.url_open(
            "/ideas/new", data={"csrf_token": self.csrf("/ideas/new"), "name": "", "tag_ids": str(tag.id)}
        )
        self.assertEqual(response.status_code, 400)
        selected = {int(value) for value in re.findall(r'<option value="(\d+)" selected', response.text)}
        self.assertEqual(selected, {tag.id})
        for bad in ("²", "1_2", " 12", "99999999999999"):
            response = self.url_open(
                "/ideas/new", data={"csrf_token": self.csrf("/ideas/new"), "name": "Test strict tags", "tag_ids": bad}
            )
            self.assertEqual(response.status_code, 400, bad)
            self.assertIn("Choose the tags in the list", response.text)
            self.assertEqual(self.url_open(f"/ideas?tag={bad}").status_code, 200)
        self.assertEqual(self.Idea.search_count([]), count)

    @mute_logger("odoo.http")
    def test_sizes_are_limited(self):
        count = self.Idea.search_count([])
        fault = self.assertRpcRefused(
            self.user_portal,
            "social.idea",
            "create",
            {"name": "Test huge", "description": "<p>" + "x" * 200000 + "</p>"},
        )
        self.assertIn("at most 10000 characters", fault)
        fault = self.assertRpcRefused(self.user_portal, "social.idea", "create", {"name": "T" * 121})
        self.assertIn("at most 120", fault)
        self.assertEqual(self.Idea.search_count([]), count)
        self.authenticate(self.user_portal.login, self.user_portal.login)
        name, message = self.jsonrpc_error(
            "/mail/message/post",
            {
                "thread_model": "social.idea",
                "thread_id": self.idea.id,
                "post_data": {"body": "y" * 6000, "message_type": "comment"},
            },
        )
        self.assertEqual(name, "odoo.exceptions.ValidationError")
        self.assertIn("at most 5000 characters", message)
        self.assertFalse(self.idea.message_ids.filtered(lambda m: m.message_type == "comment"))
