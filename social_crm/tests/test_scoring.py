from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.sql_db import Cursor
from odoo.tests import tagged
from odoo.tools import SQL

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestScoring(SocialCrmCommon):
    def test_score_sums_points_of_the_ledger(self):
        self.record(self.partner_carol, points=7)
        self.record(self.partner_carol)
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 17.0)
        self.assertEqual(self.partner_carol.community_engagement_count, 2)
        self.assertTrue(self.partner_carol.community_last_activity)

    def test_decay_halves_points_after_one_half_life(self):
        decaying = self.make_type("test_decay", half_life_days=30.0)
        self.record(self.partner_carol, points=10, days_ago=30, engagement_type=decaying)
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 5.0, places=2)
        self.record(self.partner_carol, points=8, days_ago=60, engagement_type=decaying)
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 7.0, places=2)

    def test_zero_half_life_means_no_decay(self):
        self.record(self.partner_carol, points=10, days_ago=3000)
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 10.0)

    def test_daily_cap_limits_positive_points_per_day(self):
        capped = self.make_type("test_capped", default_points=3.0, daily_cap=5.0)
        rows = self.env["social.engagement"].record_events(
            [{"partner_id": self.partner_carol.id, "type_code": "test_capped"}] * 3
        )
        self.assertEqual(rows.mapped("points"), [3.0, 2.0], "third event is above the cap")
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 5.0)
        # Another call the same day stays capped; another day is not.
        self.record(self.partner_carol, engagement_type=capped)
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 5.0)
        self.record(self.partner_carol, engagement_type=capped, days_ago=2)
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 8.0)
        # The cap is per partner.
        self.record(self.partner_bob, engagement_type=capped)
        self.assertAlmostEqual(self.partner_bob.ambassador_score, 3.0)

    def test_compensation_nets_to_zero_and_is_idempotent(self):
        Engagement = self.env["social.engagement"]
        key = {
            "partner_id": self.partner_carol.id,
            "type_code": "test_answer",
            "res_model": "res.partner",
            "res_id": 42,
        }
        Engagement.record_events([key])
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 10.0)
        compensation = Engagement.compensate_events([key])
        self.assertEqual(len(compensation), 1)
        self.assertTrue(compensation.is_compensation)
        self.assertEqual(compensation.points, -10.0)
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 0.0)
        self.assertFalse(self.partner_carol.ambassador_tier_id)
        self.assertFalse(Engagement.compensate_events([key]), "reverting twice writes nothing")
        # accept / unaccept loops cannot farm points
        for _i in range(3):
            Engagement.record_events([key])
            Engagement.compensate_events([key])
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 0.0)
        net_key = (self.partner_carol.id, "test_answer", "res.partner", 42)
        self.assertEqual(Engagement.get_net_points([net_key]), {net_key: 0.0})
        Engagement.record_events([key])
        self.assertEqual(Engagement.get_net_points([net_key]), {net_key: 10.0})

    def test_company_rolls_up_its_contacts(self):
        self.record(self.partner_alice, points=10)
        self.record(self.partner_bob, points=5)
        self.record(self.customer_company, points=1)
        self.assertAlmostEqual(self.partner_alice.ambassador_score, 10.0)
        self.assertAlmostEqual(self.partner_bob.ambassador_score, 5.0)
        self.assertAlmostEqual(self.customer_company.ambassador_score, 16.0)
        breakdown = self.customer_company.community_breakdown_ids
        self.assertEqual(breakdown.type_id, self.engagement_type)
        self.assertEqual(breakdown.event_count, 3)
        self.assertAlmostEqual(breakdown.raw_points, 16.0)

    def test_contact_moving_company_moves_its_score(self):
        self.record(self.partner_alice, points=10)
        self.record(self.partner_bob, points=5)
        other_company = self.env["res.partner"].create({"name": "Next Employer", "is_company": True})
        self.partner_alice.parent_id = other_company
        self.assertAlmostEqual(self.customer_company.ambassador_score, 5.0)
        self.assertAlmostEqual(other_company.ambassador_score, 10.0)
        self.assertAlmostEqual(self.partner_alice.ambassador_score, 10.0)

    def test_breakdown_explains_score_by_type(self):
        decaying = self.make_type("test_decay_bd", half_life_days=10.0)
        self.record(self.partner_carol, points=4)
        self.record(self.partner_carol, points=6)
        self.record(self.partner_carol, points=20, days_ago=10, engagement_type=decaying)
        lines = {line.type_id: line for line in self.partner_carol.community_breakdown_ids}
        self.assertEqual(lines[self.engagement_type].event_count, 2)
        self.assertAlmostEqual(lines[self.engagement_type].raw_points, 10.0)
        self.assertAlmostEqual(lines[decaying].raw_points, 20.0)
        self.assertAlmostEqual(lines[decaying].decayed_points, 10.0, places=1)
        self.assertAlmostEqual(
            sum(line.decayed_points for line in lines.values()),
            self.partner_carol.ambassador_score,
            places=1,
        )

    def test_employees_are_scored_but_never_tiered(self):
        self.partner_carol.community_role = "employee"
        self.record(self.partner_carol, points=500)
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 500.0)
        self.assertFalse(self.partner_carol.ambassador_tier_id)
        self.partner_carol.community_role = "customer"
        self.assertEqual(self.partner_carol.ambassador_tier_id, self.tier_champion)

    def test_batch_is_all_or_nothing(self):
        Engagement = self.env["social.engagement"]
        count = Engagement.search_count([])
        with self.assertRaises(ValidationError):
            Engagement.record_events(
                [
                    {"partner_id": self.partner_carol.id, "type_code": "test_answer"},
                    {"partner_id": self.partner_carol.id, "type_code": "no_such_type"},
                ]
            )
        with self.assertRaises(ValidationError):
            Engagement.record_events(
                [
                    {"partner_id": self.partner_carol.id, "type_code": "test_answer"},
                    {"partner_id": 999999999, "type_code": "test_answer"},
                ]
            )
        self.assertEqual(Engagement.search_count([]), count)
        self.assertEqual(self.partner_carol.ambassador_score, 0.0)

    def test_bad_type_configuration_is_refused(self):
        with self.assertRaises(ValidationError):
            self.make_type("test_negative_half_life", half_life_days=-1)
        with self.assertRaises(ValidationError):
            self.make_type("test_negative_cap", daily_cap=-5)
        with self.assertRaises(ValidationError):
            self.make_type("test_answer")
        with self.assertRaises(ValidationError):
            self.env["social.engagement.type"].create(
                [
                    {"name": "A", "code": "test_twin", "channel_id": self.channel.id},
                    {"name": "B", "code": "test_twin", "channel_id": self.channel.id},
                ]
            )

    def test_ledger_is_append_only(self):
        row = self.record(self.partner_carol)
        with self.assertRaises(UserError):
            row.write({"points": 100})
        with self.assertRaises(UserError):
            row.unlink()

    def test_manual_event_from_backend_goes_through_the_api(self):
        row = (
            self.env["social.engagement"]
            .with_user(self.user_sales)
            .create({"partner_id": self.partner_carol.id, "type_id": self.engagement_type.id})
        )
        self.assertEqual(row.points, 10.0, "default points of the type")
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 10.0)

    def test_nightly_cron_applies_decay_and_reports_progress(self):
        decaying = self.make_type("test_decay_cron", half_life_days=1.0)
        self.record(self.partner_carol, points=16, days_ago=0, engagement_type=decaying)
        self.env.flush_all()  # the transaction that recorded it ends (scores are computed at flush)
        # Simulate the passing of time: the event is now four half-lives old.
        self.env.cr.execute(
            "UPDATE social_engagement SET date = date - interval '4 days' WHERE type_id = %s",
            [decaying.id],
        )
        self.env["social.engagement"].invalidate_model()
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 16.0, places=2)
        cron = self.env.ref("social_crm.ir_cron_recompute_ambassador_scores")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id, "remaining": 0, "done": 0})
        self.env["res.partner"].with_context(ir_cron_progress_id=progress.id)._cron_recompute_ambassador_scores()
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 1.0, places=2)
        self.assertGreater(progress.done, 0)
        self.assertEqual(progress.remaining, 0)

    def test_recording_many_events_is_batched(self):
        partners = self.env["res.partner"].create([{"name": f"Batch {i}"} for i in range(30)])
        Engagement = self.env["social.engagement"]

        def events(records):
            return [{"partner_id": p.id, "type_code": "test_answer"} for p in records]

        Engagement.record_events(events(partners))
        self.env.invalidate_all()
        queries_before = self.env.cr.sql_log_count
        Engagement.record_events(events(partners[:3]))
        queries_for_3 = self.env.cr.sql_log_count - queries_before
        self.env.invalidate_all()
        queries_before = self.env.cr.sql_log_count
        Engagement.record_events(events(partners))
        queries_for_30 = self.env.cr.sql_log_count - queries_before
        self.assertLessEqual(queries_for_30, queries_for_3 + 2, "no query per event")
        self.assertEqual(set(partners[:3].mapped("ambassador_score")), {30.0})
        self.assertEqual(set(partners[3:].mapped("ambassador_score")), {20.0})

    def test_one_event_costs_few_queries_more_than_a_bare_row(self):
        Engagement = self.env["social.engagement"]
        Bare = Engagement.sudo().with_context(social_crm_ledger_write=True)
        self.record(self.partner_carol)  # warm-up; Carol is now a member and stays one

        def count(func):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            func()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        api = count(
            lambda: Engagement.record_events(
                [{"partner_id": self.partner_carol.id, "type_code": "test_answer", "points": 1}]
            )
        )
        bare = count(
            lambda: Bare.create(
                {
                    "partner_id": self.partner_carol.id,
                    "type_id": self.engagement_type.id,
                    "points": 1,
                    "company_id": self.env.company.id,
                }
            )
        )
        self.assertLessEqual(api, bare + 3, "resolve + score/tier statement only")
        self.assertEqual(self.partner_carol.ambassador_tier_id, self.tier_member)

    def test_member_and_company_are_rescored_in_one_update(self):
        # Bob's event changes his last activity and leaves his company's as it was: the
        # scores of both still go to the database in one UPDATE (their tiers stay: a tier
        # change is written on its own)
        self.record(self.partner_alice, points=4)
        self.record(self.partner_bob, points=2, days_ago=5)
        self.env.flush_all()
        self.assertEqual(self.partner_bob.ambassador_tier_id, self.tier_member)
        company_activity = self.customer_company.community_last_activity
        updates = []
        execute = Cursor.execute

        def spy(cr, query, params=None, log_exceptions=True):
            code = query.code if isinstance(query, SQL) else query
            if code.lstrip().startswith('UPDATE "res_partner"'):
                updates.append(code)
            return execute(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", spy):
            self.record(self.partner_bob, points=3, days_ago=2)
            self.env.flush_all()
        self.assertEqual(len(updates), 1, updates)
        self.assertAlmostEqual(self.customer_company.ambassador_score, 9.0, places=0)
        self.assertEqual(self.customer_company.community_last_activity, company_activity)
        self.assertEqual(self.partner_bob.community_last_activity.date(), fields.Date.today() - timedelta(days=2))

    def test_settings_recompute_now(self):
        self.record(self.partner_carol, points=10)
        self.env.cr.execute("UPDATE res_partner SET ambassador_score = 0 WHERE id = %s", [self.partner_carol.id])
        self.partner_carol.invalidate_recordset()
        settings = self.env["res.config.settings"].create({})
        settings.action_social_crm_recompute_scores()
        self.assertAlmostEqual(self.partner_carol.ambassador_score, 10.0)

    def test_negative_default_half_life_is_refused(self):
        with self.assertRaises(ValidationError):  # refused when the settings are saved, at the latest
            self.env["res.config.settings"].create({"social_crm_default_half_life_days": -3}).execute()
        settings = self.env["res.config.settings"].create({"social_crm_default_half_life_days": 45})
        settings.execute()
        new_type = self.env["social.engagement.type"].create(
            {"name": "New", "code": "test_default_hl", "channel_id": self.channel.id}
        )
        self.assertEqual(new_type.half_life_days, 45.0)
