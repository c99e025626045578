from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class SocialCrmPortal(CustomerPortal):
    def _social_crm_partner(self):
        # Portal users may not read community fields (they are internal-only), so the
        # current user's own partner is read with sudo, never any other record.
        return request.env.user.partner_id.sudo()

    def _social_crm_values(self):
        partner = self._social_crm_partner()
        Breakdown = request.env["social.engagement.breakdown"].sudo()
        Engagement = request.env["social.engagement"].sudo()
        engagements = Engagement.search([("partner_id", "=", partner.id)], limit=20)
        return {
            "page_name": "community",
            "community_partner": partner,
            "breakdown": Breakdown.search([("partner_id", "=", partner.id)]),
            "engagements": engagements,
            # "Answer accepted on How do I …": sources the customer may read, nothing else
            "engagement_labels": engagements._portal_label(request.env.user),
            "tier_progress": partner._community_tier_progress(),
        }

    @http.route("/my/community", type="http", auth="user", website=True, readonly=True)
    def portal_my_community(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(self._social_crm_values())
        values["consent_saved"] = kw.get("saved") == "1"
        return request.render("social_crm.portal_my_community", values)

    @http.route("/my/community/consent", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_community_consent(self, **post):
        partner = self._social_crm_partner()
        vals = {}
        contact = post.get("contact_consent") == "on"
        public = post.get("public_consent") == "on"
        if partner.community_contact_consent != contact:
            vals["community_contact_consent"] = contact
        if partner.community_public_consent != public:
            vals["community_public_consent"] = public
        if vals:
            partner.with_context(community_consent_source="portal").write(vals)
        return request.redirect("/my/community?saved=1")

    @http.route("/my/community/export", type="http", auth="user", website=True, readonly=True)
    def portal_my_community_export(self, **kw):
        """The member's own profile and ledger as a JSON file (right of access)."""
        partner = self._social_crm_partner()
        return request.make_response(
            partner._get_community_export_json(),
            headers=[
                ("Content-Type", "application/json"),
                ("Content-Disposition", 'attachment; filename="my-community-data.json"'),
            ],
        )

    @http.route("/social_crm/community_export/<int:partner_id>", type="http", auth="user", readonly=True)
    def community_export(self, partner_id, **kw):
        """The backend's export action: a manager exports anyone, anybody else only themselves."""
        partner = request.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise NotFound()
        try:
            payload = partner._get_community_export_json()
        except AccessError as exc:
            raise Forbidden(exc.args[0]) from exc
        return request.make_response(
            payload,
            headers=[
                ("Content-Type", "application/json"),
                ("Content-Disposition", f'attachment; filename="community-data-{partner.id}.json"'),
            ],
        )
