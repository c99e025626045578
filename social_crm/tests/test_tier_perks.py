from odoo.tests import HttpCase, tagged

from .common import SocialCrmCommon


@tagged("post_install", "-at_install")
class TestTierPerks(SocialCrmCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_member.perks = "<ul><li>Monthly digest</li></ul>"
        cls.tier_advocate.perks = "<ul><li>Early access to betas</li></ul>"
        cls.tier_champion.perks = "<ul><li>A seat on the advisory board</li></ul>"

    def page(self, login="social_crm_portal"):
        self.authenticate(login, login)
        response = self.url_open("/my/community")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_perks_are_sanitized(self):
        self.tier_member.perks = '<p>Digest</p><script>alert("x")</script><img src="x" onerror="alert(1)"/>'
        self.assertIn("Digest", self.tier_member.perks)
        self.assertNotIn("<script", self.tier_member.perks)
        self.assertNotIn("onerror", self.tier_member.perks)

    def test_perks_are_translatable(self):
        self.assertTrue(self.env["social.ambassador.tier"]._fields["perks"].translate)

    def test_progress_per_tier(self):
        portal = self.partner_portal
        progress = portal._community_tier_progress()
        self.assertFalse(progress["tier"])
        self.assertEqual(progress["next_tier"], self.tier_member)
        self.assertIsNone(progress["days"], "no activity: no pace to extrapolate")
        # 60 points in the last 30 days: 2 a day, 140 to go to the champion tier's 200
        self.record(portal, points=60)
        progress = portal._community_tier_progress()
        self.assertEqual(progress["tier"], self.tier_advocate)
        self.assertEqual(progress["next_tier"], self.tier_champion)
        self.assertAlmostEqual(progress["to_go"], 140.0)
        self.assertEqual(progress["days"], 70)
        # points older than the pace's window count for the score, not the pace
        self.record(portal, points=100, days_ago=60)
        progress = portal._community_tier_progress()
        self.assertAlmostEqual(progress["to_go"], 40.0)
        self.assertEqual(progress["days"], 20)
        self.record(portal, points=100)
        progress = portal._community_tier_progress()
        self.assertEqual(progress["tier"], self.tier_champion)
        self.assertFalse(progress["next_tier"], "the top tier has nothing further")
        self.assertIsNone(progress["to_go"])

    def test_staff_have_no_next_tier(self):
        self.partner_portal.community_role = "employee"
        self.record(self.partner_portal, points=60)
        progress = self.partner_portal._community_tier_progress()
        self.assertFalse(progress["eligible"])
        self.assertFalse(progress["tier"])
        self.assertFalse(progress["next_tier"])
        page = self.page()
        self.assertNotIn("o_social_crm_perks", page)
        self.assertNotIn("more points to reach", page)

    def test_page_shows_my_perks_and_the_next_tier(self):
        page = self.page()
        self.assertNotIn("o_social_crm_perks_current", page, "no tier yet: nothing given")
        self.assertIn("Test Member unlocks", page)
        self.assertIn("Monthly digest", page)
        self.assertIn("Any answer, idea or vote brings you closer.", page)

        self.record(self.partner_portal, points=60)
        page = self.page()
        self.assertIn("Early access to betas", page)
        self.assertIn("Test Champion unlocks", page)
        self.assertIn("A seat on the advisory board", page)
        self.assertNotIn("Monthly digest", page, "a lower tier's perks are not listed")
        self.assertIn("140 more points to reach", page)
        self.assertIn("about 10 weeks", page)

    def test_tier_perks_tour(self):
        self.record(self.partner_portal, points=60)
        self.start_tour("/my/community", "social_crm_tier_perks", login="social_crm_portal")

    def promotion_mails(self, partner):
        return self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("message_type", "=", "auto_comment"),
                ("subject", "ilike", "in our community"),
            ],
            order="id",
        )

    def test_promotion_mail_lists_the_new_perks(self):
        alice = self.partner_alice  # contact consent
        self.record(alice, points=60)
        self.flush_tracking()
        mails = self.promotion_mails(alice)
        self.assertEqual(len(mails), 1)
        self.assertIn("Test Advocate", mails.subject)
        self.assertIn("Early access to betas", mails.body)
        self.assertNotIn("Monthly digest", mails.body)
        self.assertIn(alice, mails.partner_ids)

        self.record(alice, points=200)
        self.flush_tracking()
        mails = self.promotion_mails(alice)
        self.assertEqual(len(mails), 2)
        self.assertIn("A seat on the advisory board", mails[-1].body)

    def test_no_promotion_mail_without_consent_or_on_demotion(self):
        bob = self.partner_bob  # no contact consent
        self.record(bob, points=60)
        self.flush_tracking()
        self.assertEqual(bob.ambassador_tier_id, self.tier_advocate)
        self.assertFalse(self.promotion_mails(bob))

        alice = self.partner_alice
        self.record(alice, points=60)
        self.flush_tracking()
        self.assertEqual(len(self.promotion_mails(alice)), 1)
        self.tier_advocate.min_score = 100  # alice falls back to the member tier
        self.flush_tracking()
        self.assertEqual(alice.ambassador_tier_id, self.tier_member)
        self.assertEqual(len(self.promotion_mails(alice)), 1, "a demotion sends nothing")
