import hashlib
import hmac
import json

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common_listening import ListeningCommon

INSTANCE = "https://forum.example.org"
REPO = {"full_name": "acme/sdk", "node_id": "R_test", "html_url": "https://github.com/acme/sdk"}


def sign(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def discourse_post(post_id=501, topic_id=41, number=1, username="alice_c", raw="How do I retry?", **extra):
    """A post as Discourse's WebHookPostSerializer sends it (fields we read, and a few we do not)."""
    return {
        "post": {
            "id": post_id,
            "name": "Alice Community",
            "username": username,
            "avatar_template": "/user_avatar/forum.example.org/alice_c/{size}/1_2.png",
            "created_at": "2026-03-02T09:15:27.480Z",
            "cooked": f"<p>{raw}</p>",
            "raw": raw,
            "post_number": number,
            "post_type": 1,
            "updated_at": "2026-03-02T09:15:27.480Z",
            "reply_count": 0,
            "reply_to_post_number": None,
            "topic_id": topic_id,
            "topic_slug": "how-do-i-retry",
            "topic_title": "How do I retry?",
            "topic_archetype": "regular",
            "category_id": 4,
            "user_id": 12,
            "moderator": False,
            "admin": False,
            "staff": False,
            "hidden": False,
            "deleted_at": None,
            "user_deleted": False,
            **extra,
        }
    }


def github_issue(action="opened", node_id="I_kwDOtest1", body="Timeouts are ignored", login="alice_c"):
    user = {"login": login, "id": 583231, "node_id": "U_alice", "type": "User"}
    return {
        "action": action,
        "issue": {
            "id": 1,
            "node_id": node_id,
            "number": 12,
            "html_url": "https://github.com/acme/sdk/issues/12",
            "title": "Timeout option ignored",
            "body": body,
            "user": user,
            "author_association": "NONE",
            "created_at": "2026-03-01T10:00:00Z",
            "state": "open",
        },
        "repository": REPO,
        "sender": user,
    }


@tagged("post_install", "-at_install")
class TestMentionWebhooks(ListeningCommon, HttpCase):
    """Discourse and GitHub webhooks: signatures, idempotency, edits, payload shapes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Connector = cls.env["social.mention.connector"]
        cls.discourse = Connector.create(
            {
                "name": "Test Discourse",
                "kind": "discourse",
                "channel_id": cls.channel.id,
                "secret": "discourse-secret",
                "instance_url": INSTANCE,
                "team_id": cls.team.id,
            }
        )
        cls.github = Connector.create(
            {"name": "Test GitHub", "kind": "github", "channel_id": cls.channel.id, "secret": "github-secret"}
        )

    def deliver_discourse(self, payload, event="post_created", secret="discourse-secret", event_id="1", **headers):
        body = json.dumps(payload).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Discourse-Event": event,
            "X-Discourse-Event-Type": "post",
            "X-Discourse-Event-Id": event_id,
            "X-Discourse-Instance": INSTANCE,
            "X-Discourse-Event-Signature": sign(secret, body) if secret else None,
            **headers,
        }
        headers = {k: v for k, v in headers.items() if v is not None}
        return self.url_open(f"/social_crm/webhook/discourse/{self.discourse.id}", data=body, headers=headers)

    def deliver_github(
        self,
        payload,
        event="issues",
        delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958",
        secret="github-secret",
        body=None,
        content_type="application/json",
    ):
        body = body if body is not None else json.dumps(payload).encode()
        headers = {
            "Content-Type": content_type,
            "X-GitHub-Event": event,
            "X-GitHub-Delivery": delivery,
            "X-GitHub-Hook-ID": "292430182",
        }
        if secret:
            headers["X-Hub-Signature-256"] = sign(secret, body)
        return self.url_open(f"/social_crm/webhook/github/{self.github.id}", data=body, headers=headers)

    def mentions(self):
        return self.Mention.search([("connector_id", "in", (self.discourse | self.github).ids)])

    def test_github_documented_test_vector(self):
        """docs.github.com, "Validating webhook deliveries": the test values must verify."""
        self.github.secret = "It's a Secret to Everybody"
        expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        self.assertTrue(self.github._social_crm_check_signature(b"Hello, World!", expected))
        self.assertFalse(self.github._social_crm_check_signature(b"Hello, World?", expected))
        self.assertFalse(
            self.github._social_crm_check_signature(b"Hello, World!", expected.replace("sha256=", "sha1="))
        )

    def test_discourse_post_is_stored_once_across_retries(self):
        response = self.deliver_discourse(discourse_post(), event_id="101")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["accepted"], 1)
        mention = self.mention(f"{INSTANCE}/t/41")
        self.assertEqual(
            (mention.partner_id, mention.kind, mention.connector_id), (self.partner_alice, "post", self.discourse)
        )
        self.assertEqual(mention.url, f"{INSTANCE}/t/how-do-i-retry/41/1")
        self.assertEqual((mention.needs_response, mention.team_id), (True, self.team))
        # Discourse retries with a new X-Discourse-Event-Id: still the same post
        retry = self.deliver_discourse(discourse_post(), event_id="102").json()
        self.assertEqual(retry["duplicate"], 1)
        reply = self.deliver_discourse(discourse_post(post_id=502, number=2, username="stranger"), event_id="103")
        self.assertEqual(reply.json()["accepted"], 1)
        self.assertEqual(self.mention(f"{INSTANCE}/p/502").kind, "reply")
        self.assertEqual(len(self.mentions()), 2)

    def test_discourse_edit_updates_the_mention(self):
        self.deliver_discourse(discourse_post(post_id=510, topic_id=50, number=3))
        edited = self.deliver_discourse(
            discourse_post(post_id=510, topic_id=50, number=3, raw="Edited: how do I retry twice?"), event="post_edited"
        )
        self.assertEqual(edited.json()["results"][0]["status"], "accepted")
        mention = self.mention(f"{INSTANCE}/p/510")
        self.assertEqual(mention.excerpt, "Edited: how do I retry twice?")
        self.assertEqual(len(self.mentions()), 1)

    def test_discourse_topic_and_first_post_are_one_mention(self):
        topic = {
            "topic": {
                "id": 60,
                "title": "Dark mode?",
                "slug": "dark-mode",
                "archetype": "regular",
                "created_at": "2026-03-02T09:15:27.480Z",
                "created_by": {"id": 12, "username": "alice_c", "name": "Alice", "avatar_template": "/a.png"},
                "posts_count": 1,
            }
        }
        self.assertEqual(self.deliver_discourse(topic, event="topic_created").json()["accepted"], 1)
        self.deliver_discourse(discourse_post(post_id=600, topic_id=60, raw="Would you add a dark mode?"))
        mention = self.mention(f"{INSTANCE}/t/60")
        self.assertEqual((len(self.mentions()), mention.excerpt), (1, "Would you add a dark mode?"))

    def test_discourse_private_and_hidden_posts_are_not_stored(self):
        for extra in ({"topic_archetype": "private_message"}, {"post_type": 4}, {"hidden": True}):
            response = self.deliver_discourse(discourse_post(post_id=700, topic_id=70, **extra))
            self.assertEqual(response.json()["status"], "ignored")
        self.assertFalse(self.mentions())

    @mute_logger("odoo.addons.social_crm.controllers.api")
    def test_discourse_signatures(self):
        self.assertEqual(self.deliver_discourse({"ping": "OK"}, event="ping").json(), {"status": "pong"})
        cases = [
            ({"secret": "wrong-secret"}, 401, "invalid_signature"),
            ({"secret": None}, 401, "missing_signature"),
            (dict(**{"X-Discourse-Event-Signature": "sha256="}), 401, "invalid_signature"),
            (dict(**{"X-Discourse-Instance": "https://evil.example.net"}), 403, "wrong_instance"),
        ]
        for kwargs, status, code in cases:
            with self.subTest(code=code):
                response = self.deliver_discourse(discourse_post(post_id=800, topic_id=80), **kwargs)
                self.assertEqual(response.status_code, status, response.text)
                self.assertEqual(response.json()["error"], code)
        self.assertFalse(self.mentions())

    def test_connector_without_secret_refuses_everything(self):
        self.discourse.secret = False
        for secret in ("discourse-secret", "", None):
            response = self.deliver_discourse(discourse_post(), secret=secret)
            self.assertEqual(response.status_code, 403)
            self.assertEqual(response.json()["error"], "no_secret")
        self.discourse.action_generate_secret()
        self.assertGreaterEqual(len(self.discourse.secret), 32)
        self.assertFalse(self.mentions())

    def test_unknown_or_archived_connector(self):
        response = self.url_open(
            "/social_crm/webhook/github/999999", data=b"{}", headers={"Content-Type": "application/json"}
        )
        self.assertEqual((response.status_code, response.json()["error"]), (404, "unknown_connector"))
        response = self.url_open(
            f"/social_crm/webhook/discourse/{self.github.id}", data=b"{}", headers={"Content-Type": "application/json"}
        )
        self.assertEqual(response.status_code, 404, "a GitHub connector is not a Discourse one")

    def test_github_issue_and_redelivery(self):
        response = self.deliver_github(github_issue())
        self.assertEqual(response.status_code, 200, response.text)
        mention = self.mention("I_kwDOtest1")
        self.assertEqual(
            (mention.kind, mention.partner_id, mention.thread_ref), ("issue", self.partner_alice, "acme/sdk#12")
        )
        self.assertEqual(mention.delivery_ref, "72d3162e-cc78-11e3-81ab-4c9367dc0958")
        # "Redeliver" in GitHub sends the same delivery again
        redelivered = self.deliver_github(github_issue()).json()
        self.assertEqual(redelivered["duplicate"], 1)
        self.assertEqual(len(self.ledger(mention)), 1)
        edited = self.deliver_github(
            github_issue(action="edited", body="Timeouts are ignored since 2.3"), delivery="edit-1"
        )
        self.assertEqual(edited.json()["results"][0]["status"], "accepted")
        self.assertEqual(mention.excerpt, "Timeouts are ignored since 2.3")
        closed = self.deliver_github(github_issue(action="closed"), delivery="close-1")
        self.assertEqual(closed.json()["status"], "ignored")
        self.assertEqual(len(self.mentions()), 1)

    def test_github_delivery_id_is_the_idempotency_key(self):
        """A redelivered delivery (same X-GitHub-Delivery) is a duplicate whatever it carries."""
        self.deliver_github(github_issue())
        mention = self.mention("I_kwDOtest1")
        edit = github_issue(action="edited", body="Timeouts are ignored since 2.3")
        self.assertEqual(self.deliver_github(edit, delivery="edit-1").json()["results"][0]["status"], "accepted")
        self.assertEqual(mention.delivery_ref, "edit-1")
        again = self.deliver_github(edit, delivery="edit-1").json()
        self.assertEqual((again["accepted"], again["duplicate"]), (0, 1))
        self.assertEqual(again["results"][0]["id"], mention.id)
        self.assertEqual(len(self.mentions()), 1)
        self.assertEqual(len(self.ledger(mention)), 1)

    def test_github_payload_without_node_id(self):
        """Payloads without ``node_id`` (older GitHub Enterprise, hand-written tests) use the numeric id."""
        issue = github_issue(node_id=None)
        del issue["issue"]["node_id"]
        answer = self.deliver_github(issue, delivery="no-node-1").json()
        self.assertEqual(answer["accepted"], 1, answer)
        mention = self.mention("issue/1")
        self.assertEqual(mention.thread_ref, "acme/sdk#12")
        # the same issue in another delivery (say, GitHub retried with a new id) is the same mention
        self.assertEqual(self.deliver_github(issue, delivery="no-node-2").json()["duplicate"], 1)
        bare = github_issue()
        bare["issue"] = {"title": "No ids at all", "body": "x", "user": {"login": "alice_c", "type": "User"}}
        answer = self.deliver_github(bare, delivery="only-the-delivery").json()
        self.assertEqual(answer["accepted"], 1, answer)
        self.assertTrue(self.mention("only-the-delivery"))
        self.assertEqual(self.deliver_github(bare, delivery="only-the-delivery").json()["duplicate"], 1)
        self.assertEqual(len(self.mentions()), 2)

    def test_github_comment_by_a_member_answers_the_issue(self):
        self.deliver_github(github_issue())
        comment = {
            "action": "created",
            "issue": {"number": 12, "title": "Timeout option ignored"},
            "comment": {
                "node_id": "IC_test1",
                "html_url": "https://github.com/acme/sdk/issues/12#issuecomment-1",
                "body": "Fixed in 2.3.1",
                "user": {"login": "maintainer", "node_id": "U_m", "type": "User"},
                "author_association": "MEMBER",
                "created_at": "2026-03-01T12:00:00Z",
            },
            "repository": REPO,
            "sender": {"login": "maintainer", "node_id": "U_m", "type": "User"},
        }
        self.deliver_github(comment, event="issue_comment", delivery="c-1")
        self.assertEqual(self.mention("IC_test1").kind, "comment")
        issue = self.mention("I_kwDOtest1")
        self.assertEqual(issue.status, "answered")
        self.assertEqual(fields.Datetime.to_string(issue.answered_at), "2026-03-01 12:00:00")

    def test_github_stars_discussions_bots_and_ping(self):
        star = {
            "action": "created",
            "starred_at": "2026-03-03T08:00:00Z",
            "repository": REPO,
            "sender": {"login": "alice_c", "node_id": "U_alice", "type": "User"},
        }
        self.assertEqual(self.deliver_github(star, event="star", delivery="s-1").json()["accepted"], 1)
        self.assertEqual(
            self.deliver_github(star, event="star", delivery="s-2").json()["duplicate"], 1, "one star each"
        )
        unstar = dict(star, action="deleted")
        self.assertEqual(self.deliver_github(unstar, event="star", delivery="s-3").json()["status"], "ignored")
        discussion = {
            "action": "created",
            "discussion": {
                "node_id": "D_test",
                "number": 3,
                "title": "Async client?",
                "body": "Planned?",
                "html_url": "https://github.com/acme/sdk/discussions/3",
                "created_at": "2026-03-03T09:00:00Z",
                "user": {"login": "alice_c", "type": "User"},
                "author_association": "NONE",
            },
            "repository": REPO,
        }
        self.deliver_github(discussion, event="discussion", delivery="d-1")
        self.assertEqual(self.mention("D_test").kind, "discussion")
        bot = github_issue(node_id="I_bot", login="dependabot[bot]")
        bot["issue"]["user"]["type"] = "Bot"
        self.assertEqual(self.deliver_github(bot, delivery="b-1").json()["status"], "ignored")
        self.assertEqual(
            self.deliver_github({"zen": "Keep it simple.", "hook_id": 1}, event="ping", delivery="p-1").json(),
            {"status": "pong"},
        )
        self.assertEqual(len(self.mentions()), 2)

    @mute_logger("odoo.addons.social_crm.controllers.api")
    def test_github_bad_deliveries(self):
        cases = [
            ({"secret": "wrong"}, 401, "invalid_signature"),
            ({"secret": None}, 401, "missing_signature"),
            (
                {"body": b"payload=%7B%7D", "content_type": "application/x-www-form-urlencoded"},
                415,
                "unsupported_media_type",
            ),
            ({"body": b"{not json"}, 400, "invalid_json"),
            (
                {"body": json.dumps({"action": "opened", "issue": "no object", "repository": REPO}).encode()},
                400,
                "invalid_payload",
            ),
            (
                {"body": json.dumps({"action": "opened", "issue": github_issue()["issue"]}).encode()},
                400,
                "invalid_payload",
            ),
            ({"body": b"[1, 2]"}, 400, "invalid_payload"),
        ]
        for kwargs, status, code in cases:
            with self.subTest(code=code):
                response = self.deliver_github(github_issue(node_id="I_bad"), **kwargs)
                self.assertEqual(response.status_code, status, response.text)
                self.assertEqual(response.json()["error"], code)
        # an issue with no id and no author: rejected on its own (no author to attribute it to)
        body = json.dumps({"action": "opened", "issue": {"title": "no id"}, "repository": REPO}).encode()
        answer = self.deliver_github(None, body=body, delivery="no-author").json()
        self.assertEqual((answer["rejected"], answer["results"][0]["error"]), (1, "missing_author"))
        self.assertFalse(self.mentions())
