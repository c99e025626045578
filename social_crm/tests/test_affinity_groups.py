from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .groups_common import AffinityGroupsCommon


@tagged("post_install", "-at_install")
class TestAffinityGroupJoin(AffinityGroupsCommon):
    """Joining and leaving, and what they are worth in the ledger."""

    def test_join_records_one_event_and_twice_is_harmless(self):
        group = self.group_public.with_user(self.user_portal)
        self.assertEqual(group.action_join(), {group.id: "joined"})
        self.assertEqual(group.action_join(), {group.id: "joined"})
        membership = self.Membership.search([("group_id", "=", group.id), ("partner_id", "=", self.partner_portal.id)])
        self.assertEqual(len(membership), 1)
        self.assertEqual((membership.state, membership.role, membership.source), ("joined", "member", "website"))
        self.assertTrue(membership.date_joined)
        self.assertEqual(self.join_rows(membership).mapped("points"), [self.join_type.default_points])
        self.assertEqual(self.partner_portal.ambassador_score, self.join_type.default_points)
        self.assertIn(self.group_public, self.partner_portal.community_group_ids)

    def test_leave_and_rejoin_never_farms_points(self):
        group = self.group_public.with_user(self.user_portal)
        group.action_join()
        membership = self.Membership.search([("group_id", "=", group.id), ("partner_id", "=", self.partner_portal.id)])
        points = self.join_type.default_points
        for _round in range(4):
            group.action_leave()
            self.assertEqual(membership.state, "left")
            self.assertTrue(membership.date_left)
            self.assertEqual(self.join_net_points(membership), 0.0)
            self.assertNotIn(self.group_public, self.partner_portal.community_group_ids)
            group.action_join()
            self.assertEqual(self.join_net_points(membership), points)
        self.assertEqual(sum(self.join_rows(membership).mapped("points")), points)
        self.assertEqual(self.partner_portal.ambassador_score, points)
        self.assertEqual(
            self.Membership.search_count([("group_id", "=", group.id), ("partner_id", "=", self.partner_portal.id)]), 1
        )

    def test_deleting_a_membership_or_a_group_takes_the_points_back(self):
        self.group_members.with_user(self.user_portal).action_join()
        self.group_public.with_user(self.user_portal).action_join()
        self.assertEqual(self.partner_portal.ambassador_score, 2 * self.join_type.default_points)
        membership = self.Membership.search(
            [("group_id", "=", self.group_members.id), ("partner_id", "=", self.partner_portal.id)]
        )
        membership.with_user(self.user_sales).unlink()
        self.assertEqual(self.partner_portal.ambassador_score, self.join_type.default_points)
        leo_key = (self.leo.id, "group_joined", self.m_leo._name, self.m_leo.id)
        self.group_public.with_user(self.user_manager).unlink()
        self.assertEqual(self.partner_portal.ambassador_score, 0.0)
        self.assertEqual(self.env["social.engagement"].sudo().get_net_points([leo_key])[leo_key], 0.0)

    def test_visitors_cannot_join(self):
        public_user = self.env.ref("base.public_user")
        with self.assertRaises(AccessError):
            self.group_public.with_user(public_user).action_join()

    def test_unpublished_groups_are_not_open(self):
        with self.assertRaises(AccessError):
            self.group_draft.with_user(self.user_portal).action_join()
        self.group_draft.is_published = True
        self.group_draft.with_user(self.user_portal).action_join()

    def test_private_group_only_by_invitation(self):
        group = self.group_private.with_user(self.user_portal)
        # invisible, like a group that does not exist
        with self.assertRaises(AccessError):
            group.action_join()
        self.assertFalse(self.Membership.search([("partner_id", "=", self.partner_portal.id)]))
        # staff cannot add members directly either: they invite
        with self.assertRaises(ValidationError):
            self.Membership.with_user(self.user_sales).create(
                {"group_id": self.group_private.id, "partner_id": self.partner_portal.id, "state": "joined"}
            )
        invitation = self.Membership.with_user(self.user_sales).create(
            {"group_id": self.group_private.id, "partner_id": self.partner_portal.id, "state": "invited"}
        )
        self.assertEqual(self.join_net_points(invitation), 0.0)
        self.assertEqual(invitation.invited_by_id, self.user_sales)
        invitation.with_user(self.user_sales).write({"state": "left"})
        with self.assertRaises(ValidationError):
            invitation.with_user(self.user_sales).write({"state": "joined"})
        invitation.with_user(self.user_sales).write({"state": "invited"})
        self.assertEqual(group.action_join(), {group.id: "joined"})
        self.assertEqual(invitation.state, "joined")
        self.assertEqual(self.join_net_points(invitation), self.join_type.default_points)
        # after leaving, the group is private again for them
        group.action_leave()
        with self.assertRaises(AccessError):
            group.action_join()

    def test_declining_an_invitation(self):
        invitation = self.group_private._invite_partners(self.partner_portal)
        self.group_private.with_user(self.user_portal).action_leave()
        self.assertEqual(invitation.state, "left")
        self.assertEqual(self.join_net_points(invitation), 0.0)

    def test_only_joined_members_lead(self):
        with self.assertRaises(ValidationError):
            self.m_mia.write({"role": "leader", "state": "left"})
        self.group_public.with_user(self.user_leo).action_leave()
        self.assertEqual((self.m_leo.state, self.m_leo.role), ("left", "member"))
        self.assertEqual(self.group_public.leader_ids, self.lucy)

    def test_memberships_cannot_be_moved(self):
        with self.assertRaises(UserError):
            self.m_mia.with_user(self.user_sales).write({"group_id": self.group_members.id})

    def test_invitation_mail_only_with_contact_consent(self):
        self.partner_portal.community_contact_consent = True
        self.user_portal_other.partner_id.community_contact_consent = False
        before = self.env["mail.mail"].search([])
        self.group_private._invite_partners(self.partner_portal | self.user_portal_other.partner_id)
        mails = self.env["mail.mail"].search([]) - before
        self.assertEqual(mails.recipient_ids, self.partner_portal)
        self.assertIn("/groups/test-council", mails.body_html)

    def test_slug_from_name_and_constraint(self):
        self.assertEqual(self.group_public.slug, "test-gravel-riders")
        twin = self.Group.create({"name": "Test Gravel Riders", "passion": "Gravel"})
        self.assertEqual(twin.slug, "test-gravel-riders-2")
        with self.assertRaises(ValidationError):
            self.Group.create({"name": "Bad", "passion": "x", "slug": "Bad Slug/../"})


@tagged("post_install", "-at_install")
class TestAffinityGroupInvitations(AffinityGroupsCommon):
    """Leaders invite people with an account; nobody else can."""

    def test_leader_invites_by_email_with_a_neutral_answer(self):
        group = self.group_private.with_user(self.user_leo)
        known = group.action_invite_by_email("  Dana@Example.com ")
        invitation = self.Membership.search(
            [("group_id", "=", self.group_private.id), ("partner_id", "=", self.partner_portal.id)]
        )
        self.assertEqual((invitation.state, invitation.invited_by_id), ("invited", self.user_leo))
        unknown = group.action_invite_by_email("nobody@example.com")
        self.assertEqual(
            known["message"].replace("dana@example.com", "X"), unknown["message"].replace("nobody@example.com", "X")
        )
        # the invited person now sees the private group and accepts
        self.assertEqual(self.group_private.with_user(self.user_portal).action_join()[self.group_private.id], "joined")
        # inviting a member again changes nothing
        group.action_invite_by_email("dana@example.com")
        self.assertEqual(invitation.state, "joined")

    def test_only_leaders_invite(self):
        with self.assertRaises(AccessError):
            self.group_public.with_user(self.user_mia).action_invite_by_email("dana@example.com")
        with self.assertRaises(AccessError):
            self.group_private.with_user(self.user_mia).action_invite_by_email("dana@example.com")
        with self.assertRaises(UserError):
            self.group_private.with_user(self.user_leo).action_invite_by_email("not an address")
        self.assertFalse(self.Membership.search([("partner_id", "=", self.partner_portal.id)]))


@tagged("post_install", "-at_install")
class TestAffinityGroupBackend(AffinityGroupsCommon):
    """The partner, the lead, the ambassadors view, the dashboard and the invite wizard."""

    def test_partner_shows_passions_and_groups(self):
        self.group_members.with_user(self.user_mia).action_join()
        partner = self.mia.with_user(self.user_sales)
        self.assertEqual(partner.community_group_ids, self.group_public | self.group_members)
        self.assertEqual(partner.community_passions, "Gravel riding, Woodworking")
        self.assertEqual(len(partner.community_group_membership_ids), 2)

    def test_ambassadors_filter_and_group_by_group(self):
        Partner = self.env["res.partner"].with_user(self.user_sales)
        members = Partner.search([("community_group_ids", "in", self.group_public.id)])
        self.assertEqual(members, self.leo | self.lucy | self.mia | self.noor)
        groups = dict(
            Partner._read_group(
                [("id", "in", (self.leo | self.mia | self.partner_portal).ids)], ["community_group_ids"], ["__count"]
            )
        )
        self.assertEqual(groups[self.group_public], 2)
        self.assertEqual(groups[self.group_private], 1)
        self.assertEqual(groups[self.env["social.affinity.group"]], 1)

    def test_lead_shows_the_groups_of_its_customer_people(self):
        self.mia.parent_id = self.customer_company
        self.partner_alice.write({"community_public_consent": True})
        self.Membership.sudo().create({"group_id": self.group_members.id, "partner_id": self.partner_alice.id})
        self.Membership.sudo().create({"group_id": self.group_public.id, "partner_id": self.partner_bob.id})
        lead, other = self.env["crm.lead"].create(
            [
                {"name": "Bikes for the team", "partner_id": self.partner_bob.id},
                {"name": "Unrelated", "partner_id": self.partner_carol.id},
            ]
        )
        lead = lead.with_user(self.user_sales)
        self.assertEqual(lead.community_group_ids, self.group_public | self.group_members)
        self.assertEqual(lead.community_group_summary, "Test Gravel Riders (2), Test Woodworkers (1)")
        self.assertFalse(other.with_user(self.user_sales).community_group_ids)

    def test_group_figures_and_form(self):
        group = self.group_public.with_user(self.user_sales)
        self.assertEqual(group.member_count, 4)
        self.assertEqual(group.new_member_count, 4)
        self.assertEqual(group.leader_ids, self.leo | self.lucy)
        self.group_public.with_user(self.user_noor).action_leave()
        group.invalidate_recordset()
        self.assertEqual((group.member_count, group.left_member_count, group.growth), (3, 1, 2))
        with Form(self.env["social.affinity.group"].with_user(self.user_sales)) as form:
            form.name = "Test Bikepacking"
            form.passion = "Bikepacking"
        self.assertEqual(form.record.slug, "test-bikepacking")

    def test_dashboard_card_per_published_group(self):
        data = self.env["social.crm.dashboard"].with_user(self.user_sales).get_dashboard_data(period_days=30)
        section = next(s for s in data if s["key"] == "affinity_groups")
        cards = {card["key"]: card for card in section["cards"]}
        card = cards[f"group_{self.group_public.id}"]
        self.assertNotIn(f"group_{self.group_draft.id}", cards)
        self.assertEqual((card["value"], card["previous"]), (4, 0))
        items = {item["key"]: item["value"] for item in card["items"]}
        self.assertEqual(items["members"], 4)
        self.assertEqual(items["new_members"], 4)

    def test_invite_wizard_targets_consenting_group_members(self):
        self.group_public.with_user(self.user_portal).action_join()  # Dana: no contact consent
        wizard = (
            self.env["social.ambassador.invite"]
            .with_user(self.user_sales)
            .with_context(default_group_id=self.group_public.id)
            .create({})
        )
        # Leo, Lucy and Mia accept contact; Noor and Dana do not
        self.assertEqual(wizard.eligible_partner_ids, self.leo | self.lucy | self.mia)
        self.assertEqual(wizard.no_consent_count, 2)
        before = self.env["mail.mail"].search([])
        wizard.action_send()
        mails = self.env["mail.mail"].search([]) - before
        self.assertEqual(mails.recipient_ids, self.leo | self.lucy | self.mia)
        # from the group form
        action = self.group_public.with_user(self.user_sales).action_invite_to_ambassador_program()
        self.assertEqual(action["context"], {"default_group_id": self.group_public.id})

    def test_privacy_erase_and_export_cover_memberships(self):
        data = self.mia.sudo()._get_community_export_data()
        self.assertEqual(data["groups"][0]["group"], "Test Gravel Riders")
        self.mia.with_user(self.user_manager).action_erase_community_data()
        self.assertFalse(self.Membership.search([("partner_id", "=", self.mia.id)]))
        self.assertFalse(self.env["social.engagement"].sudo().search([("partner_id", "=", self.mia.id)]))
        self.assertEqual(self.mia.ambassador_score, 0.0)

    def test_backend_views_load_for_sales_users(self):
        Group = self.env["social.affinity.group"].with_user(self.user_sales)
        for view_type in ("form", "list", "kanban", "search"):
            Group.get_views([(False, view_type)])
        form = Group.get_views([(False, "form")])["views"]["form"]["arch"]
        for name in ("membership_ids", "champion_ids", "growth", "content_tags"):
            self.assertIn(name, form)
        data = self.group_public.with_user(self.user_sales).web_read(
            {
                "membership_ids": {"fields": {"partner_id": {"fields": {"display_name": {}}}, "state": {}}},
                "champion_ids": {"fields": {"decayed_points": {}}},
                "leader_ids": {"fields": {"display_name": {}}},
                "standing": {},
                "growth": {},
            }
        )[0]
        self.assertEqual(len(data["membership_ids"]), 4)
        Membership = self.Membership.with_user(self.user_sales)
        for view_type in ("form", "list", "graph", "pivot", "search"):
            Membership.get_views([(False, view_type)])
        self.env["social.affinity.group.standing"].with_user(self.user_sales).get_views([(False, "list")])
        group = self.group_public.with_user(self.user_sales)
        growth = group.with_context(growth_graph=1).action_view_memberships()
        self.assertEqual(growth["views"][0][1], "graph")
        self.assertEqual(self.Membership.with_user(self.user_sales).search(growth["domain"]), group.membership_ids)
        self.assertEqual(group.action_view_standing()["domain"], [("group_id", "=", group.id)])
        # the ambassadors search panel offers the groups; other employees keep a plain form
        action = (
            self.env["ir.actions.act_window"].with_user(self.user_sales)._for_xml_id("social_crm.action_ambassadors")
        )
        search = (
            self.env["res.partner"]
            .with_user(self.user_sales)
            .get_views([(action["search_view_id"][0], "search")])["views"]["search"]["arch"]
        )
        self.assertIn("community_group_ids", search)
        plain = new_test_user(self.env, login="grp_plain_employee", groups="base.group_user")
        form = self.env["res.partner"].with_user(plain).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("community_group_membership_ids", form)
