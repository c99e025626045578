from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.social_crm.tests.common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestTierCoupons(SocialCrmCommon):
    """A tier naming a loyalty program grants its coupon on promotion, once per member and tier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # mails (promotion, coupon) need a sender: a database without demo data has none
        cls.env.company.email = "community@example.com"
        cls.program = cls.env["loyalty.program"].create(
            {"name": "Test Advocate Welcome Coupon", "program_type": "coupons", "trigger": "with_code"}
        )
        cls.tier_advocate.write({"loyalty_program_id": cls.program.id, "loyalty_points": 5})

    def coupons(self, partner):
        return self.env["loyalty.card"].search([("partner_id", "=", partner.id), ("program_id", "=", self.program.id)])

    def promote(self, partner, points):
        self.record(partner, points=points)
        self.flush_tracking()

    def test_coupon_granted_once_per_member_and_tier(self):
        alice = self.partner_alice
        self.promote(alice, 10)  # member tier: no program
        self.assertFalse(self.coupons(alice))
        self.promote(alice, 50)  # advocate
        coupon = self.coupons(alice)
        self.assertEqual(len(coupon), 1)
        self.assertEqual(coupon.points, 5)
        self.assertEqual(coupon.social_crm_tier_id, self.tier_advocate)
        # falling back and being promoted again grants nothing more
        self.tier_advocate.min_score = 100
        self.flush_tracking()
        self.assertEqual(alice.ambassador_tier_id, self.tier_member)
        self.tier_advocate.min_score = 50
        self.flush_tracking()
        self.assertEqual(alice.ambassador_tier_id, self.tier_advocate)
        self.assertEqual(len(self.coupons(alice)), 1)
        # a higher tier without a program grants nothing
        self.promote(alice, 200)
        self.assertEqual(alice.ambassador_tier_id, self.tier_champion)
        self.assertEqual(len(self.coupons(alice)), 1)

    def test_members_promoted_in_one_commit_each_get_theirs(self):
        # a lower threshold promotes several members (and their company) in one commit: the
        # first coupon must not make the others miss theirs (nor their promotion mail)
        partners = self.partner_alice | self.partner_bob | self.partner_carol
        for partner in partners:
            self.promote(partner, 10)
        self.assertFalse(self.env["loyalty.card"].search([("program_id", "=", self.program.id)]))
        self.tier_advocate.min_score = 5
        self.flush_tracking()
        for partner in partners:
            self.assertEqual(partner.ambassador_tier_id, self.tier_advocate)
            self.assertEqual(len(self.coupons(partner)), 1, partner.name)
        # alice accepts contact: she is told of her promotion too
        self.assertTrue(
            self.partner_alice.message_ids.filtered(lambda m: self.tier_advocate.name in (m.subject or m.body or ""))
        )

    def test_each_member_gets_one_and_staff_none(self):
        self.promote(self.partner_bob, 60)
        self.promote(self.partner_carol, 60)
        self.assertEqual(len(self.coupons(self.partner_bob)), 1)
        self.assertEqual(len(self.coupons(self.partner_carol)), 1)
        staff = self.env["res.partner"].create({"name": "Coupon Staff", "community_role": "employee"})
        self.promote(staff, 60)
        self.assertFalse(self.coupons(staff), "staff are never tiered, so never promoted")

    @mute_logger("odoo.sql_db")
    def test_database_refuses_a_second_coupon_of_a_tier(self):
        self.promote(self.partner_carol, 60)
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["loyalty.card"].create(
                {
                    "program_id": self.program.id,
                    "partner_id": self.partner_carol.id,
                    "social_crm_tier_id": self.tier_advocate.id,
                }
            )
        # granting again (a replayed promotion) writes nothing
        self.partner_carol._social_crm_grant_tier_coupons()
        self.assertEqual(len(self.coupons(self.partner_carol)), 1)

    def test_tier_form_shows_the_program(self):
        arch = self.env["social.ambassador.tier"].get_view(view_type="form")["arch"]
        self.assertIn("loyalty_program_id", arch)
