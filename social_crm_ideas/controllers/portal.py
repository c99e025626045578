from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools import html2plaintext

from odoo.addons.portal.controllers.portal import CustomerPortal

from .main import WebsiteIdeas, form_tag_ids


class IdeasCustomerPortal(CustomerPortal):
    def _my_ideas_domain(self):
        partner = request.env.user.partner_id
        return ["|", ("is_my_idea", "=", True), ("vote_ids.partner_id", "=", partner.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "idea_count" in counters:
            Idea = request.env["social.idea"]
            values["idea_count"] = Idea.search_count(self._my_ideas_domain()) if Idea.has_access("read") else 0
        return values

    @http.route(["/my/ideas", "/my/ideas/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_ideas(self, page=1, filterby="all", **kwargs):
        Idea = request.env["social.idea"]
        partner = request.env.user.partner_id
        filters = {
            "all": {"label": request.env._("All"), "domain": self._my_ideas_domain()},
            "submitted": {
                "label": request.env._("Submitted"),
                "domain": [("is_my_idea", "=", True)],
            },
            "voted": {
                "label": request.env._("Voted"),
                "domain": [("vote_ids.partner_id", "=", partner.id)],
            },
            "shipped": {
                "label": request.env._("My votes that shipped"),
                "domain": [("vote_ids.partner_id", "=", partner.id)] + Idea._shipped_domain(),
            },
        }
        if filterby not in filters:
            filterby = "all"
        domain = filters[filterby]["domain"]
        total = Idea.search_count(domain)
        pager = request.website.pager(
            url="/my/ideas",
            url_args={"filterby": filterby},
            total=total,
            page=page,
            step=self._items_per_page,
        )
        ideas = Idea.search_fetch(
            domain,
            ["name", "stage_id", "vote_count", "is_published", "date_stage"],
            order="date_stage desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        shipped_votes = Idea.search(filters["shipped"]["domain"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "shipped_vote_count": len(shipped_votes),
                "shipped_vote_ids": set((shipped_votes & ideas).ids),
                "ideas": ideas,
                "partner": partner,
                "pager": pager,
                "page_name": "ideas",
                "default_url": "/my/ideas",
                "searchbar_filters": filters,
                "filterby": filterby,
                "submitted": kwargs.get("submitted"),
                "first_stage": Idea._default_stage_id(),
            }
        )
        return request.render("social_crm_ideas.portal_my_ideas", values)

    def _my_editable_idea(self, idea_id):
        idea = request.env["social.idea"].browse(idea_id).exists()
        if not idea or not idea.has_access("read"):
            raise NotFound()
        if not idea.is_my_idea:
            raise NotFound()
        return idea

    def _edit_values(self, idea, values=None, errors=None):
        if values is None:
            values = {
                "name": idea.name,
                "description": html2plaintext(idea.description or ""),
                "tag_ids": idea.tag_ids.ids,
            }
        return {
            "idea": idea,
            "values": values,
            "errors": errors or {},
            "tags": request.env["social.idea.tag"].search([]),
            "page_name": "ideas",
        }

    @http.route(["/my/ideas/<int:idea_id>/edit"], type="http", auth="user", website=True, methods=["GET"])
    def portal_idea_edit(self, idea_id, **kwargs):
        idea = self._my_editable_idea(idea_id)
        return request.render("social_crm_ideas.portal_idea_edit", self._edit_values(idea))

    @http.route(["/my/ideas/<int:idea_id>/edit"], type="http", auth="user", website=True, methods=["POST"])
    def portal_idea_edit_post(self, idea_id, **post):
        idea = self._my_editable_idea(idea_id)
        vals, errors = WebsiteIdeas()._validate_idea_form(post)
        if not errors:
            try:
                with request.env.cr.savepoint():
                    idea.write(vals)
            except (UserError, ValidationError, AccessError) as exc:
                errors["form"] = exc.args[0]
        if errors:
            values = dict(post, tag_ids=form_tag_ids() or [])
            return request.render(
                "social_crm_ideas.portal_idea_edit",
                self._edit_values(idea, values, errors),
                status=400,
            )
        return request.redirect("/my/ideas")
