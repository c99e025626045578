import re
import threading
from urllib.parse import urlparse

import requests

import odoo
from odoo import Command, api
from odoo.service import security
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException, get_db_name
from odoo.tools import mute_logger

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestIdeasWebsite(IdeasCommon, HttpCase):
    def csrf_from(self, response):
        match = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        self.assertTrue(match, "the page carries a CSRF token")
        return match.group(1)

    def query_count_of(self, url):
        """Number of queries of a warm request (templates and caches already loaded)."""
        self.url_open(url).raise_for_status()
        self.env.flush_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        response.raise_for_status()
        return self.cr.sql_log_count - before, response

    def test_ideas_list_filters_and_badges(self):
        other = self.create_idea("Test other board entry", self.partner_bob, tag_ids=[Command.set(self.tag.ids)])
        # Changes made in the transaction that created a record are not tracked: commit
        # the creation first (as the website would), then move the idea.
        self.env.cr.precommit.run()
        other.stage_id = self.stage_planned
        self.env.cr.precommit.run()
        hidden = self.create_idea("Test hidden board entry", self.partner_bob, is_published=False)
        response = self.url_open("/ideas?search=board+entry")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Test other board entry", response.text)
        self.assertNotIn(hidden.name, response.text)
        self.assertIn("Planned", response.text)
        response = self.url_open(f"/ideas?tag={self.tag.id}&sort=newest")
        self.assertIn("Test other board entry", response.text)
        self.assertNotIn(self.idea.name, response.text)
        response = self.url_open(f"/ideas?stage={self.stage_new.id}&sort=trending")
        self.assertIn(self.idea.name, response.text)
        self.assertNotIn("Test other board entry", response.text)
        self.assertIn(self.url_open(hidden.website_url).status_code, (403, 404))
        page = self.url_open(other.website_url)
        self.assertIn("Status history", page.text)
        self.assertIn("Planned", page.text)

    def test_ideas_list_query_count_independent_of_page_size(self):
        """/ideas reads a page of ideas with a fixed number of queries (no N+1)."""
        self.authenticate(self.user_portal.login, self.user_portal.login)
        tag_url = f"/ideas?tag={self.tag.id}"
        voters = [self.partner_bob, self.partner_carol, self.partner_frank]
        few = [self.create_idea(f"Test few {i}", self.partner_bob) for i in range(2)]
        for idea in few:
            idea.tag_ids = self.tag
            self.vote(idea, self.partner_portal)
        small_count, response = self.query_count_of(tag_url)
        self.assertIn("Test few 1", response.text)
        for i in range(18):
            tag = self.env["social.idea.tag"].create({"name": f"Test extra tag {i}"})
            author = self.env["res.partner"].create({"name": f"Test author {i}"})
            idea = self.create_idea(f"Test many {i}", author, tag_ids=[Command.set((tag | self.tag).ids)])
            self.vote(idea, voters[i % 3])
            if i % 2:
                self.vote(idea, self.partner_portal)
        large_count, response = self.query_count_of(tag_url)
        self.assertEqual(response.text.count("o_idea_item"), 20)
        self.assertEqual(large_count, small_count)
        with self.assertQueryCount(small_count):
            self.url_open(tag_url)

    def test_visitor_sent_to_login(self):
        response = self.url_open(self.idea.website_url)
        self.assertIn("Log in to vote", response.text)
        self.assertIn(f"/web/login?redirect={self.idea.website_url}", response.text)
        response = self.url_open("/ideas/new", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login?redirect=/ideas/new", response.headers["Location"])

    def test_vote_unvote_through_form(self):
        self.authenticate(self.user_portal.login, self.user_portal.login)
        page = self.url_open(self.idea.website_url)
        csrf = self.csrf_from(page)
        response = self.url_open(f"/ideas/{self.idea.id}/vote", data={"csrf_token": csrf, "vote_action": "vote"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_idea_unvote", response.text)
        self.assertEqual(self.idea.vote_count, 2, "the author's vote and this one")
        # A second click from a stale tab gets a clear message; the count stays exact.
        response = self.url_open(f"/ideas/{self.idea.id}/vote", data={"csrf_token": csrf, "vote_action": "vote"})
        self.assertEqual(response.status_code, 409)
        self.assertIn("already voted", response.text)
        self.assertEqual(self.idea.vote_count, 2)
        response = self.url_open(f"/ideas/{self.idea.id}/vote", data={"csrf_token": csrf, "vote_action": "unvote"})
        self.assertEqual(self.idea.vote_count, 1)
        self.assertIn("o_idea_vote", response.text)

    def test_vote_from_the_list_comes_back_to_it(self):
        page = self.url_open("/ideas?sort=newest")
        # one vote (its author's): singular, and visitors are sent to log in and back to the list
        self.assertRegex(page.text, r'o_idea_vote_count">1</div>\s*<div class="small">\s*vote\s*</div>')
        self.assertIn("/web/login?redirect=/ideas%3Fsort%3Dnewest", page.text)
        self.authenticate(self.user_portal.login, self.user_portal.login)
        page = self.url_open("/ideas?sort=newest")
        self.assertIn("o_idea_list_vote", page.text)
        csrf = self.csrf_from(page)
        response = self.url_open(
            f"/ideas/{self.idea.id}/vote",
            data={"csrf_token": csrf, "vote_action": "vote", "redirect": "/ideas?sort=newest"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(urlparse(response.headers["Location"]).path, "/ideas")
        self.assertEqual(urlparse(response.headers["Location"]).query, "sort=newest")
        self.assertEqual(self.idea.vote_count, 2)
        page = self.url_open("/ideas?sort=newest")
        self.assertRegex(page.text, r'o_idea_vote_count">2</div>\s*<div class="small">\s*votes\s*</div>')
        self.assertIn("o_idea_list_unvote", page.text)
        # anywhere else than the ideas board: back to the idea's page
        response = self.url_open(
            f"/ideas/{self.idea.id}/vote",
            data={"csrf_token": csrf, "vote_action": "unvote", "redirect": "https://example.com/ideas"},
            allow_redirects=False,
        )
        self.assertEqual(urlparse(response.headers["Location"]).path, self.idea.website_url)
        self.assertEqual(self.idea.vote_count, 1)

    @mute_logger("odoo.http")
    def test_vote_without_csrf_refused(self):
        self.authenticate(self.user_portal.login, self.user_portal.login)
        response = self.url_open(f"/ideas/{self.idea.id}/vote", data={"vote_action": "vote"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.idea.vote_count, 1, "the author's vote only")

    @mute_logger("odoo.http")
    def test_comments_need_login(self):
        params = {
            "thread_model": "social.idea",
            "thread_id": self.idea.id,
            "post_data": {
                "body": "Test visitor comment",
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
        }
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.make_jsonrpc_request("/mail/message/post", params)
        self.authenticate(self.user_portal.login, self.user_portal.login)
        params["post_data"]["body"] = "Test portal comment"
        self.make_jsonrpc_request("/mail/message/post", params)
        messages = self.idea.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.author_id, self.partner_portal)
        self.assertIn("Test portal comment", messages.body)

    def test_merged_idea_redirects(self):
        duplicate = self.create_idea("Test merged duplicate", self.partner_bob)
        duplicate._merge_into(self.idea)
        response = self.url_open(duplicate.website_url, allow_redirects=False)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(urlparse(response.headers["Location"]).path, self.idea.website_url)

    def test_submit_validation_and_success(self):
        self.authenticate(self.user_portal.login, self.user_portal.login)
        csrf = self.csrf_from(self.url_open("/ideas/new"))
        response = self.url_open("/ideas/new", data={"csrf_token": csrf, "name": "  "})
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_idea_name_error", response.text)
        response = self.url_open("/ideas/new", data={"csrf_token": csrf, "name": "y" * 200})
        self.assertEqual(response.status_code, 400)
        self.assertIn("too long", response.text)
        count = self.Idea.search_count([])
        response = self.url_open(
            "/ideas/new",
            data={
                "csrf_token": csrf,
                "name": "Test submitted from the website",
                "description": "<script>alert('x')</script>Line one",
                "tag_ids": str(self.tag.id),
            },
        )
        self.assertEqual(response.status_code, 200)
        idea = self.Idea.search([("name", "=", "Test submitted from the website")])
        self.assertEqual(self.Idea.search_count([]), count + 1)
        self.assertEqual(idea.author_id, self.partner_portal)
        self.assertEqual(idea.tag_ids, self.tag)
        self.assertNotIn("<script", idea.description)
        self.assertNotIn("<script>alert", response.text)

    def test_similar_ideas(self):
        self.create_idea("Test unrelated invoices", self.partner_bob)
        result = self.make_jsonrpc_request("/ideas/similar", {"title": "Sync my calendar"})
        self.assertEqual([r["name"] for r in result], [self.idea.name])
        self.assertEqual(result[0]["url"], self.idea.website_url)
        self.assertEqual(self.make_jsonrpc_request("/ideas/similar", {"title": "a"}), [])

    def test_my_ideas_portal(self):
        mine = self.Idea.with_user(self.user_portal).create({"name": "Test portal own idea"})
        self.Vote.with_user(self.user_portal).create({"idea_id": self.idea.id})
        self.create_idea("Test someone else idea", self.partner_bob)
        self.authenticate(self.user_portal.login, self.user_portal.login)
        response = self.url_open("/my/ideas")
        self.assertEqual(response.status_code, 200)
        self.assertIn(mine.name, response.text)
        self.assertIn(self.idea.name, response.text)
        self.assertNotIn("Test someone else idea", response.text)
        self.assertIn(f"/my/ideas/{mine.id}/edit", response.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["idea_count"]})
        self.assertEqual(counters["idea_count"], 2)
        self.assertIn("/my/ideas", self.url_open("/my").text)
        # Another customer cannot open the edit form.
        self.authenticate(self.user_portal_other.login, self.user_portal_other.login)
        self.assertEqual(self.url_open(f"/my/ideas/{mine.id}/edit").status_code, 404)

    def _user_session(self, user):
        """A requests session logged in as ``user``, independent from self.session."""
        session = odoo.http.root.session_store.new()
        session.update(odoo.http.get_default_session(), db=get_db_name())
        env = api.Environment(self.cr, user.id, {})
        session.uid = user.id
        session.login = user.login
        session.session_token = security.compute_session_token(session, env)
        session.context = dict(env["res.users"].context_get())
        odoo.http.root.session_store.save(session)
        http_session = requests.Session()
        http_session.cookies["session_id"] = session.sid
        return http_session

    def _json_vote(self, http_session, idea, action, results):
        response = http_session.post(
            self.base_url() + "/ideas/vote/json",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"idea_id": idea.id, "vote_action": action}},
            timeout=60,
        )
        results.append(response.json().get("result"))

    def test_votes_of_many_sessions_over_http(self):
        """Many customers vote, one of them twice from the same session: counts stay exact.

        An HttpCase serves its requests one after the other on one cursor, so these requests
        are not concurrent whatever threads send them; real concurrent clients against a
        running server: tests/test_e2e_concurrent_votes.py.
        """
        users = [new_test_user(self.env, login=f"ideas_voter_{i}", groups="base.group_portal") for i in range(12)]
        self.env.flush_all()
        sessions = [self._user_session(user) for user in users]
        results = []
        threads = [threading.Thread(target=self._json_vote, args=(s, self.idea, "vote", results)) for s in sessions]
        # The first customer double-clicks: a second tab sends the same vote at once.
        threads.append(threading.Thread(target=self._json_vote, args=(sessions[0], self.idea, "vote", results)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.idea.invalidate_recordset()
        self.assertEqual(len([r for r in results if r and "vote_count" in r]), 12)
        errors = [r["error"] for r in results if r and "error" in r]
        self.assertEqual(len(errors), 1)
        self.assertIn("already voted", errors[0])
        self.assertEqual(self.idea.vote_count, 13, "the author's vote and 12")
        self.assertEqual(len(self.idea.vote_ids), 13)
        # Half of them change their mind at the same time.
        results = []
        threads = [
            threading.Thread(target=self._json_vote, args=(s, self.idea, "unvote", results)) for s in sessions[:6]
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.idea.invalidate_recordset()
        self.assertEqual(self.idea.vote_count, 7)
        self.assertEqual(self.Vote.search_count([("idea_id", "=", self.idea.id)]), self.idea.vote_count)
