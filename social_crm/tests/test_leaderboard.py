from odoo.tests import HttpCase, tagged

from .groups_common import AffinityGroupsCommon


@tagged("post_install", "-at_install")
class TestLeaderboard(AffinityGroupsCommon, HttpCase):
    """/community/leaderboard: consenting members only, by tier, risers, per group; cached."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # demo members out of the board: each test knows who competes
        cls.env["res.partner"].search([("community_public_consent", "=", True)]).write(
            {"community_public_consent": False}
        )
        cls.staff = cls.env["res.partner"].create({"name": "Stan Staffmember", "community_role": "employee"})
        cls.partner_alice.name = "Alice Leaderboard"
        consenting = cls.partner_alice | cls.partner_carol | cls.leo | cls.mia | cls.staff
        consenting.write({"community_member": True, "community_public_consent": True})
        (cls.partner_bob | cls.lucy | cls.noor).write({"community_member": True})
        cls.record(cls.partner_alice, points=120)
        cls.record(cls.partner_carol, points=60, days_ago=70)  # earned before this month
        cls.record(cls.partner_bob, points=300)  # no consent: must never show
        cls.record(cls.lucy, points=250)  # no consent, in the public group
        cls.record(cls.leo, points=80)
        cls.record(cls.mia, points=20)
        cls.record(cls.staff, points=999)  # staff never compete

    def page(self, url="/community/leaderboard"):
        self.env["social.community.leaderboard"]._clear_leaderboard_cache()
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response.text

    def section(self, page, css_class):
        return page.split(css_class, 1)[1].split("</table>" if "top" in css_class else "</div>", 1)[0]

    def test_consenting_members_only(self):
        page = self.page()
        for name in ("Alice Leaderboard", "Carol Solo", "Leo Leader", "Mia Member"):
            self.assertIn(name, page)
        for name in ("Bob Community", "Lucy Shyleader", "Noor Private", "Stan Staffmember", "Test Community Corp"):
            self.assertNotIn(name, page)
        top = self.section(page, "o_social_crm_leaderboard_top")
        self.assertEqual(top.count("o_social_crm_leaderboard_row"), 4, "no row, hence no rank, for the others")
        self.assertLess(top.index("Alice Leaderboard"), top.index("Leo Leader"))
        self.assertLess(top.index("Leo Leader"), top.index("Carol Solo"))

    def test_by_tier(self):
        page = self.page()
        tiers = page.split("o_social_crm_leaderboard_tier")[1:]
        by_tier = {}
        for block in tiers:
            for tier in (self.tier_champion, self.tier_advocate, self.tier_member):
                if f">{tier.name}<" in block:
                    by_tier[tier.name] = block
        self.assertEqual(set(by_tier), {self.tier_advocate.name, self.tier_member.name})
        self.assertIn("Alice Leaderboard", by_tier[self.tier_advocate.name])
        self.assertIn("Leo Leader", by_tier[self.tier_advocate.name])
        self.assertIn("Carol Solo", by_tier[self.tier_advocate.name])
        self.assertIn("Mia Member", by_tier[self.tier_member.name])
        # bob (champion, no consent) leaves no champion card behind
        self.assertNotIn(f">{self.tier_champion.name}<", page)

    def test_risers_of_the_month(self):
        risers = self.section(self.page(), "o_social_crm_leaderboard_risers")
        self.assertIn("Alice Leaderboard", risers)
        self.assertIn("Leo Leader", risers)
        self.assertNotIn("Carol Solo", risers, "her points are older than this month")
        self.assertNotIn("Bob Community", risers)
        self.assertNotIn("Stan Staffmember", risers)
        self.assertLess(risers.index("Alice Leaderboard"), risers.index("Leo Leader"))

    def test_per_group(self):
        page = self.page(f"/community/leaderboard?group={self.group_public.slug}")
        top = self.section(page, "o_social_crm_leaderboard_top")
        self.assertIn("Leo Leader", top)
        self.assertIn("Mia Member", top)
        self.assertNotIn("Alice Leaderboard", top, "not a member of the group")
        self.assertNotIn("Lucy Shyleader", page, "a member without consent stays hidden")
        self.assertNotIn("Noor Private", page)
        self.assertEqual(top.count("o_social_crm_leaderboard_row"), 2)
        # private, unpublished, unknown or malformed groups have no board
        for slug in (self.group_private.slug, self.group_draft.slug, "no-such-group", "../etc", "x" * 500):
            self.assertEqual(self.url_open(f"/community/leaderboard?group={slug}").status_code, 404, slug)
        self.assertNotIn(self.group_private.name, self.page())

    def test_withdrawn_consent_applies_at_once(self):
        self.assertIn("Alice Leaderboard", self.page())
        # the rankings are cached; consent is read at every request
        self.partner_alice.community_public_consent = False
        self.assertNotIn("Alice Leaderboard", self.url_open("/community/leaderboard").text)

    def test_query_count_is_constant_and_cached(self):
        url = "/community/leaderboard"

        def queries(clear):
            # flush first: rescoring what is pending would fill the caches the board is about
            # to be measured without
            self.env.flush_all()
            if clear:
                self.env["social.community.leaderboard"]._clear_leaderboard_cache()
            before = self.cr.sql_log_count
            self.url_open(url).raise_for_status()
            return self.cr.sql_log_count - before

        queries(True)  # templates and registry caches warm
        cold_small, warm_small = queries(True), queries(False)
        for i in range(15):
            partner = self.env["res.partner"].create(
                {"name": f"Extra Member {i}", "community_member": True, "community_public_consent": True}
            )
            self.record(partner, points=10 + i * 20)
        cold_large, warm_large = queries(True), queries(False)
        self.assertEqual(cold_small, cold_large, "computing the board does not grow with the members")
        self.assertEqual(warm_small, warm_large)
        self.assertLess(warm_large, cold_large, "a cached board skips the rankings")
        with self.assertQueryCount(warm_large):
            self.url_open(url)
