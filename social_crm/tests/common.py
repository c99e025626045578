from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user


class SocialCrmCommon(TransactionCase):
    """Fixtures shared by the tests of social_crm and of its producer addons.

    Independent from demo data: existing tiers are archived and replaced by test tiers,
    and a dedicated engagement type is created.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.channel = cls.env["social.channel"].create(
            {"name": "Test channel", "code": "test_channel", "allows_handle": True}
        )
        cls.engagement_type = cls.env["social.engagement.type"].create(
            {
                "name": "Test answer",
                "code": "test_answer",
                "channel_id": cls.channel.id,
                "default_points": 10.0,
                "half_life_days": 0.0,
            }
        )
        cls.env["social.ambassador.tier"].search([]).write({"active": False})
        Tier = cls.env["social.ambassador.tier"]
        cls.tier_member = Tier.create({"name": "Test Member", "min_score": 1, "sequence": 1})
        cls.tier_advocate = Tier.create({"name": "Test Advocate", "min_score": 50, "sequence": 2})
        cls.tier_champion = Tier.create({"name": "Test Champion", "min_score": 200, "sequence": 3})

        Partner = cls.env["res.partner"]
        cls.customer_company = Partner.create({"name": "Test Community Corp", "is_company": True})
        cls.partner_alice = Partner.create(
            {
                "name": "Alice Community",
                "email": "alice@example.com",
                "parent_id": cls.customer_company.id,
                "community_member": True,
                "community_contact_consent": True,
            }
        )
        cls.partner_bob = Partner.create(
            {
                "name": "Bob Community",
                "email": "bob@example.com",
                "parent_id": cls.customer_company.id,
                "community_member": True,
            }
        )
        cls.partner_carol = Partner.create(
            {"name": "Carol Solo", "email": "carol@example.com", "community_member": True}
        )
        cls.user_portal = new_test_user(
            cls.env,
            login="social_crm_portal",
            groups="base.group_portal",
            name="Dana Portal",
            email="dana@example.com",
        )
        cls.partner_portal = cls.user_portal.partner_id
        cls.user_portal_other = new_test_user(
            cls.env,
            login="social_crm_portal_other",
            groups="base.group_portal",
            name="Eve Portal",
            email="eve@example.com",
        )
        cls.user_sales = new_test_user(
            cls.env,
            login="social_crm_sales",
            groups="sales_team.group_sale_salesman,social_crm.group_social_crm_user",
            name="Sam Sales",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="social_crm_manager",
            groups="sales_team.group_sale_manager,social_crm.group_social_crm_manager",
            name="Max Manager",
        )

    @classmethod
    def record(cls, partner, points=None, days_ago=0, engagement_type=None, res_id=False, **extra):
        """Record one event for ``partner`` through the public API."""
        event = {
            "partner_id": partner.id,
            "type_code": (engagement_type or cls.engagement_type).code,
            "date": fields.Datetime.now() - timedelta(days=days_ago),
            "res_model": "res.partner" if res_id else False,
            "res_id": res_id,
            **extra,
        }
        if points is not None:
            event["points"] = points
        return cls.env["social.engagement"].sudo().record_events([event])

    def flush_tracking(self):
        """Tracking values are written at pre-commit; run it to inspect chatter."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    @classmethod
    def make_type(cls, code, **vals):
        return cls.env["social.engagement.type"].create(
            {
                "name": code,
                "code": code,
                "channel_id": cls.channel.id,
                "default_points": 1.0,
                "half_life_days": 0.0,
                **vals,
            }
        )
