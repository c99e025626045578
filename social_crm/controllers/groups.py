from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from ..models.social_affinity_group import SLUG_MAX_LENGTH, SLUG_RE
from .portal import SocialCrmPortal


def sitemap_groups(env, rule, qs):
    """Search engines get the public groups only (used by the website's sitemap)."""
    groups = env["social.affinity.group"].search([("is_published", "=", True), ("visibility", "=", "public")])
    for group in groups:
        loc = group.website_url
        if not qs or qs.lower() in loc:
            yield {"loc": loc}


class AffinityGroups(http.Controller):
    """Affinity groups on the website (or the portal's layout when the website is not installed).

    Reads run as the visitor, so record rules decide what exists: a private group is a 404
    for whoever is not invited or a member, like a group that does not exist.
    """

    def _login_url(self, redirect):
        return "/web/login?%s" % urlencode({"redirect": redirect})

    def _group_from_slug(self, slug):
        if not slug or len(slug) > SLUG_MAX_LENGTH or not SLUG_RE.match(slug):
            raise NotFound()
        group = request.env["social.affinity.group"].search([("slug", "=", slug)], limit=1)
        if not group:
            raise NotFound()
        return group

    def _my_memberships(self, groups):
        """The current user's own memberships in ``groups``, by group id (one query)."""
        if request.env.user._is_public() or not groups:
            return {}
        memberships = (
            request.env["social.affinity.membership"]
            .sudo()
            .search([("group_id", "in", groups.ids), ("partner_id", "=", request.env.user.partner_id.id)])
        )
        return {membership.group_id.id: membership for membership in memberships}

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------

    @http.route("/groups", type="http", auth="public", website=True, readonly=True, sitemap=True)
    def groups(self, **kwargs):
        groups = request.env["social.affinity.group"].search([("is_published", "=", True)])
        return request.render("social_crm.groups_list", self._groups_list_values(groups))

    def _groups_list_values(self, groups):
        return {
            "groups": groups,
            "my_memberships": self._my_memberships(groups),
            "is_public": request.env.user._is_public(),
            "login_url": self._login_url("/groups"),
        }

    @http.route(
        "/groups/<string:slug>",
        type="http",
        auth="public",
        website=True,
        readonly=True,
        sitemap=sitemap_groups,
    )
    def group_page(self, slug, **kwargs):
        group = self._group_from_slug(slug)
        return request.render("social_crm.group_page", self._group_page_values(group))

    def _group_page_values(self, group, error=None, message=None):
        membership = self._my_memberships(group).get(group.id, request.env["social.affinity.membership"])
        return {
            "group": group,
            "membership": membership,
            "is_member": membership.state == "joined",
            "is_invited": membership.state == "invited",
            "is_leader": membership.state == "joined" and membership.role == "leader",
            "leaders": group._get_public_leaders(),
            "champions": group._get_public_champions(),
            "is_public": request.env.user._is_public(),
            "login_url": self._login_url(group.website_url),
            "error": error,
            "message": message,
            "main_object": group,
        }

    # ------------------------------------------------------------------
    # Join, leave, invite (POST, CSRF-checked by the HTTP layer)
    # ------------------------------------------------------------------

    def _group_post(self, slug, method, *args):
        group = self._group_from_slug(slug)
        if request.env.user._is_public():
            return request.redirect(self._login_url(group.website_url))
        try:
            with request.env.cr.savepoint():
                result = getattr(group, method)(*args)
        except (UserError, ValidationError, AccessError) as exc:
            status = 403 if isinstance(exc, AccessError) else 409
            values = self._group_page_values(group, error=exc.args[0])
            return request.render("social_crm.group_page", values, status=status)
        return result

    @http.route("/groups/<string:slug>/join", type="http", auth="public", website=True, methods=["POST"])
    def group_join(self, slug, **kwargs):
        result = self._group_post(slug, "action_join")
        if isinstance(result, dict):
            return request.redirect(self._group_from_slug(slug).website_url)
        return result

    @http.route("/groups/<string:slug>/leave", type="http", auth="public", website=True, methods=["POST"])
    def group_leave(self, slug, **kwargs):
        result = self._group_post(slug, "action_leave")
        if isinstance(result, dict):
            return request.redirect(kwargs.get("redirect") == "my" and "/my/community" or "/groups")
        return result

    @http.route("/groups/<string:slug>/invite", type="http", auth="user", website=True, methods=["POST"])
    def group_invite(self, slug, email="", **kwargs):
        result = self._group_post(slug, "action_invite_by_email", email)
        if isinstance(result, dict):
            group = self._group_from_slug(slug)
            return request.render("social_crm.group_page", self._group_page_values(group, message=result["message"]))
        return result


class SocialCrmGroupsPortal(SocialCrmPortal):
    """*My community* lists my groups and my pending invitations."""

    def _social_crm_values(self):
        values = super()._social_crm_values()
        values["community_memberships"] = (
            request.env["social.affinity.membership"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", request.env.user.partner_id.id),
                    ("state", "in", ["joined", "invited"]),
                    ("group_id.is_published", "=", True),
                    ("group_id.active", "=", True),
                ],
                order="state desc, date_joined desc, id desc",
            )
        )
        return values
