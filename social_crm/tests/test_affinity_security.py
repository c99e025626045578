import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .groups_common import AffinityGroupsCommon


@tagged("post_install", "-at_install")
class TestAffinityGroupVisibility(AffinityGroupsCommon, HttpCase):
    """Who sees which group and which members, through the ORM and through RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.test_groups = cls.group_public | cls.group_members | cls.group_private | cls.group_draft

    def visible(self, user):
        return self.Group.with_user(user).search([("id", "in", self.test_groups.ids)])

    def test_visibility_by_audience(self):
        public_user = self.env.ref("base.public_user")
        self.assertEqual(self.visible(public_user), self.group_public)
        self.assertEqual(self.visible(self.user_portal), self.group_public | self.group_members)
        self.assertEqual(self.visible(self.user_leo), self.group_public | self.group_members | self.group_private)
        self.assertEqual(self.visible(self.user_sales), self.test_groups)
        for user, group in ((public_user, self.group_members), (self.user_portal, self.group_private)):
            with self.assertRaises(AccessError):
                group.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            self.group_draft.with_user(self.user_leo).read(["name"])

    def test_invitation_reveals_the_private_group(self):
        self.group_private._invite_partners(self.partner_portal)
        self.assertIn(self.group_private, self.visible(self.user_portal))
        self.group_private.with_user(self.user_portal).action_leave()
        self.assertNotIn(self.group_private, self.visible(self.user_portal))

    def test_portal_sees_other_members_only_with_public_consent(self):
        Membership = self.Membership.with_user(self.user_portal)
        visible = Membership.search([("group_id", "=", self.group_public.id)])
        self.assertEqual(visible.partner_id, self.leo | self.mia)
        for hidden in (self.m_lucy, self.m_noor, self.m_private_leo):
            with self.assertRaises(AccessError):
                hidden.with_user(self.user_portal).read(["partner_id"])
        # the group's full member list is for employees only
        with self.assertRaises(AccessError):
            self.group_public.with_user(self.user_portal).read(["membership_ids"])
        # a member with public consent but in a private group stays hidden from non-members
        self.assertFalse(Membership.search([("group_id", "=", self.group_private.id)]))
        # and people-revealing fields are for employees only
        with self.assertRaises(AccessError):
            self.group_public.with_user(self.user_portal).read(["leader_ids"])
        with self.assertRaises(AccessError):
            self.m_leo.with_user(self.user_portal).read(["invited_by_id"])
        # own memberships are always visible, consent or not
        self.assertEqual(
            self.Membership.with_user(self.user_noor).search([("partner_id", "=", self.noor.id)]), self.m_noor
        )

    def test_portal_cannot_change_memberships_or_groups(self):
        with self.assertRaises(AccessError):
            self.m_mia.with_user(self.user_mia).write({"role": "leader"})
        with self.assertRaises(AccessError):
            self.Membership.with_user(self.user_portal).create(
                {"group_id": self.group_private.id, "partner_id": self.partner_portal.id}
            )
        with self.assertRaises(AccessError):
            self.group_public.with_user(self.user_leo).write({"visibility": "private"})
        with self.assertRaises(AccessError):
            self.env["social.affinity.group.standing"].with_user(self.user_leo).search([])
        with self.assertRaises(AccessError):
            self.group_public.with_user(self.user_leo).action_refresh_standing()

    def test_groups_are_isolated_per_company(self):
        other_company = self.env["res.company"].create({"name": "Other Groups Co"})
        foreign = self.Group.create(
            {"name": "Test Foreign Group", "passion": "x", "company_id": other_company.id, "is_published": True}
        )
        self.assertNotIn(foreign, self.Group.with_user(self.user_sales).search([]))
        self.assertNotIn(foreign, self.Group.with_user(self.user_portal).search([]))

    def call_kw(self, model, method, args, kwargs=None):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_rpc_hides_private_groups_and_shy_members(self):
        self.authenticate("social_crm_portal", "social_crm_portal")
        groups = self.call_kw(
            "social.affinity.group", "search_read", [[("id", "in", self.test_groups.ids)]], {"fields": ["name"]}
        )["result"]
        self.assertEqual({g["name"] for g in groups}, {"Test Gravel Riders", "Test Woodworkers"})
        error = self.call_kw("social.affinity.group", "read", [[self.group_private.id], ["name"]])["error"]
        self.assertIn("AccessError", error["data"]["name"])
        error = self.call_kw("social.affinity.group", "action_join", [[self.group_private.id]])["error"]
        self.assertIn("AccessError", error["data"]["name"])
        members = self.call_kw(
            "social.affinity.membership",
            "search_read",
            [[("group_id", "=", self.group_public.id)]],
            {"fields": ["partner_id", "role"]},
        )["result"]
        self.assertEqual({m["partner_id"][1] for m in members}, {"Leo Leader", "Mia Member"})
        # joining through RPC works like the website and returns something marshallable
        self.assertEqual(
            self.call_kw("social.affinity.group", "action_join", [[self.group_members.id]])["result"],
            {str(self.group_members.id): "joined"},
        )

    def test_employees_outside_social_crm_read_groups_not_memberships(self):
        employee = new_test_user(self.env, login="grp_employee", groups="base.group_user")
        self.assertIn(self.group_private, self.Group.with_user(employee).search([]))
        with self.assertRaises(AccessError):
            self.Membership.with_user(employee).search([])
