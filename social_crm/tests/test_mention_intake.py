from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.social_crm.models.social_mention_intake_validation import MAX_EVENTS, MAX_EXCERPT, MAX_TEXT

from .common_listening import ListeningCommon


@tagged("post_install", "-at_install")
class TestMentionIntake(ListeningCommon):
    """The in-process intake: per-event answers, idempotency, matching on arrival, bad input."""

    def test_accepted_then_duplicate_stores_once(self):
        first = self.ingest(self.event("m-1", author_handle="alice_c"))
        self.assertEqual((first["accepted"], first["duplicate"], first["rejected"]), (1, 0, 0))
        mention = self.mention("m-1")
        self.assertEqual(
            first["results"][0], {"index": 0, "external_id": "m-1", "status": "accepted", "id": mention.id}
        )
        again = self.ingest(self.event("m-1", author_handle="alice_c"), self.event("m-1"))
        self.assertEqual([r["status"] for r in again["results"]], ["duplicate", "duplicate"])
        self.assertEqual(again["results"][0]["id"], mention.id)
        self.assertEqual(len(self.mention("m-1")), 1)
        self.assertEqual(len(self.ledger(mention)), 1, "a redelivery writes no second ledger row")

    def test_same_key_twice_in_one_batch(self):
        answer = self.ingest(self.event("m-2"), self.event("m-2"))
        self.assertEqual([r["status"] for r in answer["results"]], ["accepted", "duplicate"])
        self.assertEqual(len(self.mention("m-2")), 1)

    def test_handle_match_scores_with_original_date(self):
        posted = fields.Datetime.now().replace(microsecond=0) - timedelta(days=3)
        self.ingest(self.event("m-3", author_handle=" @ALICE_c", posted_at=fields.Datetime.to_string(posted)))
        mention = self.mention("m-3")
        self.assertEqual(mention.partner_id, self.partner_alice)
        self.assertEqual(mention.status, "matched")
        row = self.ledger(mention)
        self.assertEqual(
            (row.partner_id, row.type_id, row.points, row.date), (self.partner_alice, self.type_post, 4.0, posted)
        )
        self.assertEqual(self.partner_alice.ambassador_score, 4.0)

    def test_kind_without_own_type_uses_any(self):
        self.ingest(self.event("m-4", author_handle="alice_c", kind="comment"))
        self.assertEqual(self.ledger(self.mention("m-4")).type_id, self.type_any)

    def test_email_match_when_no_handle(self):
        self.ingest(self.event("m-5", author_handle="unknown-handle", author_email="BOB@Example.com"))
        mention = self.mention("m-5")
        self.assertEqual(mention.partner_id, self.partner_bob)
        self.assertEqual(mention.author_email, "BOB@Example.com", "kept as given")

    def test_ambiguous_handle_waits_in_inbox(self):
        self.env["social.partner.handle"].create(
            {"partner_id": self.partner_carol.id, "channel_id": self.channel.id, "handle": "alice_c"}
        )
        self.ingest(self.event("m-6", author_handle="alice_c"))
        mention = self.mention("m-6")
        self.assertFalse(mention.partner_id)
        self.assertEqual(mention.status, "unmatched")
        self.assertFalse(self.ledger(mention))

    def test_unmatched_writes_nothing_in_ledger(self):
        self.ingest(self.event("m-7", author_handle="nobody"))
        self.assertEqual(self.mention("m-7").status, "unmatched")
        self.assertFalse(self.ledger(self.mention("m-7")))

    def test_excerpt_is_plain_and_limited(self):
        html = "<p>Hello <b>team</b></p><script>alert(1)</script>" + "x" * (MAX_TEXT - 60)
        self.ingest(self.event("m-8", text=html))
        excerpt = self.mention("m-8").excerpt
        self.assertTrue(excerpt.startswith("Hello *team*"))
        self.assertNotIn("<", excerpt)
        self.assertNotIn("alert", excerpt)
        self.assertEqual(len(excerpt), MAX_EXCERPT)
        self.assertTrue(excerpt.endswith("…"))

    def test_edit_updates_the_same_mention(self):
        self.ingest(self.event("m-9", text="First version"))
        answer = self.ingest(self.event("m-9", text="Second version", edit=True))
        self.assertEqual(answer["results"][0]["status"], "accepted")
        self.assertTrue(answer["results"][0]["updated"])
        self.assertEqual(self.mention("m-9").excerpt, "Second version")
        same = self.ingest(self.event("m-9", text="Second version", edit=True))
        self.assertEqual(same["results"][0]["status"], "duplicate")

    def test_needs_response_gets_the_listening_team(self):
        self.ingest(self.event("m-10", needs_response=True), self.event("m-11"))
        self.assertEqual(self.mention("m-10").team_id, self.team)
        self.assertFalse(self.mention("m-11").team_id)

    def test_atomic_batch_writes_nothing_on_one_rejection(self):
        answer = self.ingest(self.event("m-12"), self.event("m-13", channel="nope"), atomic=True)
        self.assertEqual(answer["rejected"], 2)
        self.assertEqual(answer["results"][0]["error"], "batch_aborted")
        self.assertEqual(answer["results"][1]["error"], "unknown_channel")
        self.assertFalse(self.mention("m-12"))
        # not atomic: the valid event is stored, the other rejected
        answer = self.ingest(self.event("m-12"), self.event("m-13", channel="nope"))
        self.assertEqual([r["status"] for r in answer["results"]], ["accepted", "rejected"])

    def test_bad_events_get_a_clear_error_each(self):
        now = fields.Datetime.now()
        cases = {
            "unknown_channel": self.event("b-1", channel="myspace"),
            "missing_channel": {**self.event("b-2"), "channel": None},
            "missing_external_id": {**self.event("b-3"), "external_id": None},
            "invalid_external_id": self.event(["b-4"]),
            "external_id_too_long": self.event("b" * 256),
            "text_too_long": self.event("b-6", text="x" * (MAX_TEXT + 1)),
            "title_too_long": self.event("b-7", title="x" * 501),
            "nul_byte": self.event("b-8", text="null\x00byte"),
            "invalid_text": self.event("b-9", text="lone \ud800 surrogate"),
            "invalid_date": self.event("b-10", posted_at="2026-13-45T99:00:00"),
            "date_out_of_range": self.event("b-11", posted_at="1899-12-31T00:00:00Z"),
            "invalid_kind": self.event("b-13", kind="tweet"),
            "invalid_kind ": self.event("b-13b", kind=["post"]),
            "external_id_too_long ": self.event(10**5000),
            "invalid_email": self.event("b-14", author_email="not-an-email"),
            "missing_author": {**self.event("b-15"), "author_handle": None},
            "invalid_url": self.event("b-16", url="javascript:alert(1)"),
            "invalid_needs_response": self.event("b-17", needs_response="yes"),
            "invalid_event": "not an object",
        }
        future = self.event("b-12", posted_at=fields.Datetime.to_string(now + timedelta(days=3)))
        nan_date = self.event("b-18", posted_at=float("nan"))
        events = [*cases.values(), future, nan_date]
        answer = self.ingest(*events)
        errors = [result["error"] for result in answer["results"]]
        self.assertEqual(errors, [*(code.strip() for code in cases), "date_out_of_range", "invalid_date"])
        self.assertTrue(all(result["message"] for result in answer["results"]))
        self.assertEqual(answer["rejected"], len(events))
        self.assertFalse(self.Mention.search([("external_id", "=like", "b-%")]))

    def test_external_id_as_integer(self):
        self.ingest(self.event(123456))
        self.assertTrue(self.mention("123456"))

    def test_batch_shape_is_checked_before_anything(self):
        with self.assertRaises(ValidationError):
            self.Mention._social_crm_ingest({"events": []})
        with self.assertRaises(ValidationError):
            self.Mention._social_crm_ingest([self.event(f"big-{i}") for i in range(MAX_EVENTS + 1)])
        self.assertFalse(self.Mention.search([("external_id", "=like", "big-%")]))

    def test_dates_with_offsets_are_stored_in_utc(self):
        self.ingest(self.event("m-14", posted_at="2025-06-01T12:00:00+02:00"))
        self.assertEqual(fields.Datetime.to_string(self.mention("m-14").posted_at), "2025-06-01 10:00:00")

    def test_links_are_web_addresses_only(self):
        with self.assertRaises(ValidationError):
            self.Mention.create(
                {
                    "channel_id": self.channel.id,
                    "external_id": "js-1",
                    "author_handle": "x",
                    "url": "javascript:alert(1)",
                }
            )

    def test_mention_created_by_hand_is_processed_too(self):
        mention = self.Mention.create(
            {
                "channel_id": self.channel.id,
                "external_id": "manual-1",
                "author_handle": "alice_c",
                "posted_at": fields.Datetime.now() - timedelta(days=1),
            }
        )
        self.assertEqual(mention.partner_id, self.partner_alice)
        self.assertEqual(len(self.ledger(mention)), 1)
