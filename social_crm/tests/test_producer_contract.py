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

    def test_many_origins_restate_as_few(self):
        # up to INLINE_ORIGINS_MAX origins are listed in the statement, more are an array
        # subquery: both shapes restate the same way
        self.assertNotIn("unnest", self.Ledger._origins_sql([7, 3, 7]).code)
        self.assertIn("unnest", self.Ledger._origins_sql(range(1, 152)).code)
        for count, first in ((3, 1000), (150, 2000)):
            origins = [("res.partner", first + n) for n in range(count)]
            events = [self.event(self.partner_alice, "test_upvote", first + n) for n in range(count)]
            self.assertEqual(self.Ledger.sync_events(origins, events), {"recorded": count, "compensated": 0})
            self.assertEqual(self.Ledger.sync_events(origins, events), {"recorded": 0, "compensated": 0})
            kept = events[: count // 3]
            self.assertEqual(self.Ledger.sync_events(origins, kept), {"recorded": 0, "compensated": count - len(kept)})
            self.assertEqual(sum(self.rows(first + count - 1).mapped("points")), 0.0)
            self.assertEqual(sum(self.rows(first).mapped("points")), 2.0)

    def test_events_outside_the_origins_are_refused(self):
        with self.assertRaises(ValidationError):
            self.Ledger.sync_events([("res.partner", 905)], [self.event(self.partner_alice, "test_upvote", 906)])
        self.assertFalse(self.rows(905) | self.rows(906))


@tagged("post_install", "-at_install")
class TestLedgerRules(SocialCrmCommon):
    """The rules the core applies for every producer: net points, daily caps, bad points."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Ledger = cls.env["social.engagement"].sudo()
        cls.upvote = cls.make_type("test_capped_upvote", default_points=2.0, daily_cap=6.0)

    def upvote_event(self, partner, res_id):
        return {
            "partner_id": partner.id,
            "type_code": "test_capped_upvote",
            "res_model": "res.partner",
            "res_id": res_id,
        }

    def test_net_points_under_toggling(self):
        key = (self.partner_alice.id, "test_capped_upvote", "res.partner", 911)
        for _round in range(4):
            self.Ledger.record_events([self.upvote_event(self.partner_alice, 911)])
            self.assertEqual(self.Ledger.get_net_points([key]), {key: 2.0})
            self.Ledger.compensate_events([self.upvote_event(self.partner_alice, 911)])
            self.assertEqual(self.Ledger.get_net_points([key]), {key: 0.0})
        self.assertEqual(self.partner_alice.ambassador_score, 0.0)

    def test_daily_cap_counts_net_points_of_the_day(self):
        """Toggling one upvote many times does not burn the author's cap for everybody else."""
        for _round in range(10):
            self.Ledger.sync_events([("res.partner", 912)], [self.upvote_event(self.partner_alice, 912)])
            self.Ledger.sync_events([("res.partner", 912)], [])
        genuine = [self.upvote_event(self.partner_alice, res_id) for res_id in (913, 914, 915, 916)]
        rows = self.Ledger.record_events(genuine)
        self.assertEqual(rows.mapped("points"), [2.0, 2.0, 2.0], "the cap (6) still has room for three upvotes")
        self.assertEqual(self.partner_alice.ambassador_score, 6.0)

    def test_points_must_be_finite(self):
        count = self.Ledger.search_count([])
        for points in (float("nan"), float("inf"), float("-inf"), "12", True):
            with self.assertRaises(ValidationError):
                self.Ledger.record_events(
                    [
                        {"partner_id": self.partner_carol.id, "type_code": "test_answer", "points": 1},
                        {"partner_id": self.partner_carol.id, "type_code": "test_answer", "points": points},
                    ]
                )
        with self.assertRaises(ValidationError):
            self.Ledger.create(
                {"partner_id": self.partner_carol.id, "type_id": self.engagement_type.id, "points": float("nan")}
            )
        with self.assertRaises(ValidationError):
            self.engagement_type.default_points = float("inf")
        with self.assertRaises(ValidationError):
            self.tier_member.min_score = float("nan")
        self.assertEqual(self.Ledger.search_count([]), count, "nothing written")
        self.assertEqual(self.partner_carol.ambassador_score, 0.0)

    def test_breakdown_counts_standing_events_only(self):
        self.Ledger.record_events([self.upvote_event(self.partner_carol, 921)])
        self.Ledger.compensate_events([self.upvote_event(self.partner_carol, 921)])  # withdrawn
        self.Ledger.record_events([self.upvote_event(self.partner_carol, 922)])
        self.record(self.partner_carol, points=3)
        self.record(self.partner_carol, points=4)
        lines = {line.type_id: line for line in self.partner_carol.community_breakdown_ids}
        self.assertEqual(lines[self.upvote].event_count, 1, "the withdrawn upvote and its compensation count 0")
        self.assertEqual(lines[self.upvote].raw_points, 2.0)
        self.assertEqual(lines[self.engagement_type].event_count, 2)
        # the company rolls up its contacts' standing events
        self.Ledger.record_events([self.upvote_event(self.partner_alice, 923)])
        self.Ledger.compensate_events([self.upvote_event(self.partner_alice, 923)])
        company_lines = {line.type_id: line for line in self.customer_company.community_breakdown_ids}
        self.assertEqual(company_lines[self.upvote].event_count, 0)

    def test_a_restatement_is_one_statement(self):
        origin = [("res.partner", 931)]
        events = [self.upvote_event(self.partner_alice, 931)]
        self.Ledger.sync_events(origin, events)
        self.env.flush_all()
        with self.assertQueryCount(2):  # the events' partners and types, then the restatement
            self.Ledger.sync_events(origin, events)
