import json

from odoo.tests import tagged

from .common_listening import ListeningCommon


@tagged("post_install", "-at_install")
class TestMentionPrivacy(ListeningCommon):
    """Mentions are personal data: exported, erased with tombstones, never redelivered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ingest(
            cls.event("p-1", author_handle="alice_c", text="Hello from Alice"),
            cls.event("p-2", author_handle=None, author_email="alice@example.com", channel="test_other"),
            cls.event("p-3", author_handle="bob-elsewhere", author_name="Bob"),
        )
        # Alice's handle on the other channel, with a mention waiting in the inbox
        cls.env["social.partner.handle"].create(
            {"partner_id": cls.partner_alice.id, "channel_id": cls.channel_other.id, "handle": "alice-other"}
        )
        cls.ingest(cls.event("p-4", author_handle="ALICE-OTHER", channel="test_other"))
        cls.Mention.search([("external_id", "=", "p-4")]).write({"partner_id": False, "status": "unmatched"})

    def export(self, partner):
        return json.loads(partner.with_user(self.user_manager)._get_community_export_json())

    def test_export_lists_the_partner_mentions(self):
        data = self.export(self.partner_alice)
        exported = {(m["channel"], m["external_id"]) for m in data["mentions"]}
        self.assertEqual(
            exported, {("test_channel", "p-1"), ("test_other", "p-2"), ("test_other", "p-4")}, "attributed or not"
        )
        first = next(m for m in data["mentions"] if m["external_id"] == "p-1")
        self.assertEqual((first["excerpt"], first["author_handle"]), ("Hello from Alice", "alice_c"))

    def test_erase_leaves_tombstones_and_redelivery_stays_out(self):
        alice_mentions = (
            self.mention("p-1") | self.mention("p-2", self.channel_other) | self.mention("p-4", self.channel_other)
        )
        self.assertEqual(len(alice_mentions), 3)
        self.partner_alice.with_user(self.user_manager).action_erase_community_data()
        self.assertFalse(alice_mentions.exists())
        self.assertTrue(self.mention("p-3"), "someone else's mention stays")
        tombstones = self.env["social.mention.tombstone"].search(
            [("channel_id", "in", (self.channel | self.channel_other).ids)]
        )
        self.assertEqual(len(tombstones), 3)
        self.assertNotIn("p-1", tombstones.mapped("external_id_hash"), "only a hash is kept")
        self.assertFalse(self.ledger(alice_mentions))
        answer = self.ingest(self.event("p-1", author_handle="alice_c"), self.event("p-5", author_handle="alice_c"))
        self.assertEqual([r["status"] for r in answer["results"]], ["rejected", "accepted"])
        self.assertEqual(answer["results"][0]["error"], "erased")
        self.assertFalse(self.mention("p-1"))
        self.assertFalse(self.mention("p-5").partner_id, "the handles were erased too: a new item is not matched")
        self.assertEqual(self.export(self.partner_alice)["mentions"], [])
