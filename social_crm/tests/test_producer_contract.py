from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestSyncEvents(SocialCrmCommon):
    """``sync_events``: the ledger ends up with exactly the events a source's state is worth."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Ledger = cls.env["social.engagement"].sudo()
        cls.upvote = cls.make_type("test_upvote", default_points=2.0)
        cls.downvote = cls.make_type("test_downvote", default_points=-1.0)

    def rows(self, res_id):
        return self.Ledger.search([("res_model", "=", "res.partner"), ("res_id", "=", res_id)], order="id")

    def event(self, partner, code, res_id):
        return {"partner_id": partner.id, "type_code": code, "res_model": "res.partner", "res_id": res_id}

    def test_sync_records_then_is_idempotent(self):
        origin = [("res.partner", 901)]
        events = [self.event(self.partner_alice, "test_upvote", 901)]
        self.assertEqual(self.Ledger.sync_events(origin, events), {"recorded": 1, "compensated": 0})
        self.assertEqual(self.Ledger.sync_events(origin, events), {"recorded": 0, "compensated": 0})
        self.assertEqual(self.rows(901).mapped("points"), [2.0])
        self.assertEqual(self.partner_alice.ambassador_score, 2.0)

    def test_toggling_nets_to_the_final_state(self):
        origin = [("res.partner", 902)]
        up = [self.event(self.partner_alice, "test_upvote", 902)]
        down = [self.event(self.partner_alice, "test_downvote", 902)]
        for _round in range(5):
            self.Ledger.sync_events(origin, up)
            self.Ledger.sync_events(origin, down)
            self.Ledger.sync_events(origin, [])
        self.Ledger.sync_events(origin, up)
        self.assertEqual(sum(self.rows(902).mapped("points")), 2.0)
        net = self.Ledger.get_net_points([(self.partner_alice.id, "test_downvote", "res.partner", 902)])
        self.assertEqual(list(net.values()), [0.0])
        self.assertEqual(self.partner_alice.ambassador_score, 2.0)

    def test_author_change_moves_the_points(self):
        origin = [("res.partner", 903)]
        self.Ledger.sync_events(origin, [self.event(self.partner_alice, "test_upvote", 903)])
        self.Ledger.sync_events(origin, [self.event(self.partner_bob, "test_upvote", 903)])
        self.assertEqual(self.partner_alice.ambassador_score, 0.0)
        self.assertEqual(self.partner_bob.ambassador_score, 2.0)

    def test_type_codes_limit_what_is_restated(self):
        origin = [("res.partner", 904)]
        self.Ledger.sync_events(origin, [self.event(self.partner_alice, "test_upvote", 904)])
        self.Ledger.sync_events(origin, [], type_codes=["test_downvote"])
        self.assertEqual(sum(self.rows(904).mapped("points")), 2.0)

    def test_events_outside_the_origins_are_refused(self):
        with self.assertRaises(ValidationError):
            self.Ledger.sync_events([("res.partner", 905)], [self.event(self.partner_alice, "test_upvote", 906)])
        self.assertFalse(self.rows(905) | self.rows(906))
