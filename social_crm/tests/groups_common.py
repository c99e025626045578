from odoo.tests import new_test_user

from .common import SocialCrmCommon


class AffinityGroupsCommon(SocialCrmCommon):
    """Groups of every visibility, with members and leaders, independent from demo data.

    * ``group_public`` (public): leaders Leo (public consent) and Lucy (no public
      consent), member Mia (public consent) and Noor (no public consent);
    * ``group_members`` (signed-in customers), ``group_private`` (private, Leo leads it),
      ``group_draft`` (public but unpublished).
    Dana (``user_portal``) and Eve (``user_portal_other``) are in no group.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Group = cls.env["social.affinity.group"]
        cls.Membership = cls.env["social.affinity.membership"]
        cls.join_type = cls.env.ref("social_crm.engagement_type_group_joined")

        def portal_user(login, name, public, contact=True):
            user = new_test_user(
                cls.env, login=login, groups="base.group_portal", name=name, email=f"{login}@example.com"
            )
            user.partner_id.write({"community_public_consent": public, "community_contact_consent": contact})
            return user

        cls.user_leo = portal_user("grp_leo", "Leo Leader", public=True)
        cls.user_lucy = portal_user("grp_lucy", "Lucy Shyleader", public=False)
        cls.user_mia = portal_user("grp_mia", "Mia Member", public=True)
        cls.user_noor = portal_user("grp_noor", "Noor Private", public=False, contact=False)
        cls.leo, cls.lucy = cls.user_leo.partner_id, cls.user_lucy.partner_id
        cls.mia, cls.noor = cls.user_mia.partner_id, cls.user_noor.partner_id

        cls.group_public = cls.Group.create(
            {"name": "Test Gravel Riders", "passion": "Gravel riding", "visibility": "public", "is_published": True}
        )
        cls.group_members = cls.Group.create(
            {"name": "Test Woodworkers", "passion": "Woodworking", "visibility": "members", "is_published": True}
        )
        cls.group_private = cls.Group.create(
            {"name": "Test Council", "passion": "Product", "visibility": "private", "is_published": True}
        )
        cls.group_draft = cls.Group.create(
            {"name": "Test Draft Group", "passion": "Drafts", "visibility": "public", "is_published": False}
        )
        Membership = cls.Membership.sudo()
        cls.m_leo = Membership.create({"group_id": cls.group_public.id, "partner_id": cls.leo.id, "role": "leader"})
        cls.m_lucy = Membership.create({"group_id": cls.group_public.id, "partner_id": cls.lucy.id, "role": "leader"})
        cls.m_mia = Membership.create({"group_id": cls.group_public.id, "partner_id": cls.mia.id})
        cls.m_noor = Membership.create({"group_id": cls.group_public.id, "partner_id": cls.noor.id})
        cls.m_private_leo = Membership.create(
            {"group_id": cls.group_private.id, "partner_id": cls.leo.id, "role": "leader"}
        )

    def join_net_points(self, membership):
        key = (membership.partner_id.id, "group_joined", membership._name, membership.id)
        return self.env["social.engagement"].sudo().get_net_points([key])[key]

    def join_rows(self, membership):
        return (
            self.env["social.engagement"]
            .sudo()
            .search([("res_model", "=", membership._name), ("res_id", "=", membership.id)], order="id")
        )
