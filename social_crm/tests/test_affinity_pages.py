import re

from odoo.tests import HttpCase, tagged

from .groups_common import AffinityGroupsCommon


@tagged("post_install", "-at_install")
class TestAffinityGroupPages(AffinityGroupsCommon, HttpCase):
    """/groups, /groups/<slug>, join and leave through the website."""

    def csrf_token(self, url):
        """The CSRF token of the session, as the page gives it to forms and scripts."""
        page = self.url_open(url).text
        return re.search(r'(?:name="csrf_token" value=|csrf_token: )"([^"]+)"', page).group(1)

    def my_membership(self, group):
        return self.Membership.search([("group_id", "=", group.id), ("partner_id", "=", self.partner_portal.id)])

    def test_visitor_pages(self):
        listing = self.url_open("/groups")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("Test Gravel Riders", listing.text)
        for hidden in ("Test Woodworkers", "Test Council", "Test Draft Group"):
            self.assertNotIn(hidden, listing.text)
        self.assertIn("/web/login?redirect=%2Fgroups", listing.text)
        page = self.url_open("/groups/test-gravel-riders")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Log in to join", page.text)
        for slug in ("test-woodworkers", "test-council", "test-draft-group", "no-such-group", "Bad%20Slug"):
            self.assertEqual(self.url_open(f"/groups/{slug}").status_code, 404, slug)

    def test_leaders_without_public_consent_are_never_shown(self):
        for login in (None, "social_crm_portal", "grp_lucy", "grp_leo"):
            if login:
                self.authenticate(login, login)
            page = self.url_open("/groups/test-gravel-riders").text
            leaders = re.findall(r'class="o_social_crm_group_leader">\s*<i[^>]*></i>([^<]+)<', page)
            self.assertEqual([name.strip() for name in leaders], ["Leo Leader"], login)
            # (the header names the logged-in user: look at the page's content only)
            content = page.split('id="wrap"')[1].split("</main>")[0]
            self.assertNotIn("Lucy Shyleader", content)
            self.assertNotIn("Noor Private", content)

    def test_portal_sees_signed_in_groups_and_its_private_ones(self):
        self.authenticate("social_crm_portal", "social_crm_portal")
        listing = self.url_open("/groups").text
        self.assertIn("Test Woodworkers", listing)
        self.assertNotIn("Test Council", listing)
        self.assertEqual(self.url_open("/groups/test-woodworkers").status_code, 200)
        self.assertEqual(self.url_open("/groups/test-council").status_code, 404)
        self.group_private._invite_partners(self.partner_portal)
        page = self.url_open("/groups/test-council")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Accept the invitation", page.text)
        self.assertIn("noindex", page.text)
        self.assertIn("Test Council", self.url_open("/groups").text)

    def test_join_needs_csrf_and_twice_makes_one_membership(self):
        self.authenticate("social_crm_portal", "social_crm_portal")
        # (a POST with data but no token: an empty body would be sent as a GET)
        response = self.url_open("/groups/test-gravel-riders/join", data={"nothing": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.my_membership(self.group_public))
        token = self.csrf_token("/groups/test-gravel-riders")
        for _attempt in range(2):
            response = self.url_open(
                "/groups/test-gravel-riders/join", data={"csrf_token": token}, allow_redirects=False
            )
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.headers["Location"].endswith("/groups/test-gravel-riders"))
        membership = self.my_membership(self.group_public)
        self.assertEqual(membership.state, "joined")
        self.assertEqual(len(self.join_rows(membership)), 1)
        page = self.url_open("/groups/test-gravel-riders").text
        self.assertIn("o_social_crm_group_member_badge", page)
        # leaving, CSRF-checked too
        self.assertEqual(self.url_open("/groups/test-gravel-riders/leave", data={"nothing": "1"}).status_code, 400)
        self.assertEqual(membership.state, "joined")
        response = self.url_open("/groups/test-gravel-riders/leave", data={"csrf_token": token}, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(membership.state, "left")
        self.assertEqual(self.join_net_points(membership), 0.0)

    def test_private_group_refuses_join_without_invitation(self):
        self.authenticate("social_crm_portal", "social_crm_portal")
        token = self.csrf_token("/groups")
        response = self.url_open("/groups/test-council/join", data={"csrf_token": token})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.my_membership(self.group_private))

    def test_visitor_is_sent_to_login_and_back(self):
        token = self.csrf_token("/groups/test-gravel-riders")
        response = self.url_open("/groups/test-gravel-riders/join", data={"csrf_token": token}, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login?redirect=%2Fgroups%2Ftest-gravel-riders", response.headers["Location"])
        self.assertFalse(self.Membership.search([("group_id", "=", self.group_public.id), ("source", "=", "website")]))

    def test_leader_invites_from_the_page(self):
        self.authenticate("grp_leo", "grp_leo")
        page = self.url_open("/groups/test-council").text
        self.assertIn("o_social_crm_group_invite", page)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open("/groups/test-council/invite", data={"csrf_token": token, "email": "dana@example.com"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("received your invitation", response.text)
        self.assertEqual(self.my_membership(self.group_private).state, "invited")
        # members who do not lead get no form, and the route refuses them
        self.authenticate("grp_mia", "grp_mia")
        self.assertNotIn("o_social_crm_group_invite", self.url_open("/groups/test-gravel-riders").text)
        token = self.csrf_token("/groups/test-gravel-riders")
        response = self.url_open(
            "/groups/test-gravel-riders/invite", data={"csrf_token": token, "email": "eve@example.com"}
        )
        self.assertEqual(response.status_code, 403)

    def test_my_community_lists_my_groups_and_invitations(self):
        self.group_public.with_user(self.user_portal).action_join()
        self.group_private._invite_partners(self.partner_portal)
        self.authenticate("social_crm_portal", "social_crm_portal")
        page = self.url_open("/my/community").text
        self.assertIn("o_social_crm_my_groups", page)
        self.assertIn("Test Gravel Riders", page)
        self.assertIn("Test Council", page)
        self.assertIn("o_social_crm_my_group_invited", page)
        self.assertNotIn("Test Woodworkers", page)
        # declining from My community comes back to it
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(
            "/groups/test-council/leave", data={"csrf_token": token, "redirect": "my"}, allow_redirects=False
        )
        self.assertTrue(response.headers["Location"].endswith("/my/community"))
        self.assertEqual(self.my_membership(self.group_private).state, "left")

    def test_sitemap_lists_public_groups_only(self):
        if "website" not in self.env:
            self.skipTest("the sitemap is the website's")
        website = self.env["website"].get_current_website()
        locs = {page["loc"] for page in website.with_user(website.user_id)._enumerate_pages()}
        self.assertIn("/groups", locs)
        self.assertIn("/groups/test-gravel-riders", locs)
        for slug in ("test-woodworkers", "test-council", "test-draft-group"):
            self.assertNotIn(f"/groups/{slug}", locs)

    def test_listing_queries_do_not_grow_with_the_groups(self):
        """No query per group on /groups: counts, activity and memberships come in batches."""
        self.group_public.with_user(self.user_portal).action_join()
        self.authenticate("social_crm_portal", "social_crm_portal")

        def queries(url):
            self.url_open(url)  # warm the caches (routing, assets, views)
            before = self.cr.sql_log_count
            self.assertEqual(self.url_open(url).status_code, 200)
            return self.cr.sql_log_count - before

        few = queries("/groups")
        groups = self.Group.create(
            [{"name": f"Test Extra Group {i}", "passion": "Extra", "is_published": True} for i in range(6)]
        )
        self.group_members._invite_partners(self.partner_portal)
        for group in groups[:3]:
            group.with_user(self.user_portal).action_join()
        many = queries("/groups")
        self.assertEqual(many, few)
