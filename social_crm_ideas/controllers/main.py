import re
from urllib.parse import quote as url_quote

from werkzeug.exceptions import BadRequest, NotFound

from odoo import Command, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools import plaintext2html

from ..models.social_idea import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH

SIMILAR_LIMIT = 5
# A record id as a browser sends it: ASCII digits only (int() also takes "²"-like digits of other
# scripts, "1_2", " 12 " and numbers PostgreSQL's integer cannot hold).
_ID_RE = re.compile(r"[0-9]{1,9}")


def _to_int(value):
    """A positive record id from a request parameter, or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value < 2**31 else None
    if isinstance(value, str) and _ID_RE.fullmatch(value) and int(value):
        return int(value)
    return None


def form_tag_ids():
    """The tag ids of the submitted form, each parsed strictly; None when one is not an id."""
    ids = [_to_int(value) for value in request.httprequest.form.getlist("tag_ids")]
    return None if None in ids else ids


def check_no_nul(*values):
    """A NUL character cannot be stored nor searched (PostgreSQL refuses it): a 400, not a 500."""
    if any(isinstance(value, str) and "\x00" in value for value in values):
        raise BadRequest(request.env._("The request contains a NUL character."))


class WebsiteIdeas(http.Controller):
    _ideas_per_page = 20

    def _sortings(self):
        return {
            "top": {
                "label": request.env._("Top"),
                "order": "vote_count desc, id desc",
            },
            "trending": {
                "label": request.env._("Trending"),
                "order": "recent_vote_count desc, vote_count desc, id desc",
            },
            "newest": {
                "label": request.env._("Newest"),
                "order": "create_date desc, id desc",
            },
        }

    def _listed_domain(self):
        return [
            ("is_published", "=", True),
            ("merged_into_id", "=", False),
            ("company_id", "=", request.website.company_id.id),
        ]

    def _voted_idea_ids(self, ideas):
        """Ideas of ``ideas`` the current user voted for, in one query."""
        if request.env.user._is_public() or not ideas:
            return set()
        votes = request.env["social.idea.vote"].search_fetch(
            [("idea_id", "in", ideas.ids), ("partner_id", "=", request.env.user.partner_id.id)],
            ["idea_id"],
        )
        return {vote.idea_id.id for vote in votes}

    def _login_url(self, redirect):
        return "/web/login?redirect=%s" % url_quote(redirect, safe="/")

    def _ideas_redirect(self, redirect, default):
        """Where to go back after a vote: a page of the ideas board, never elsewhere."""
        if isinstance(redirect, str) and re.match(r"^/ideas(?:[/?]|$)", redirect):
            return redirect
        return default

    # ------------------------------------------------------------------
    # List and idea page
    # ------------------------------------------------------------------

    @http.route(
        ["/ideas", "/ideas/page/<int:page>"],
        type="http",
        auth="public",
        website=True,
        readonly=True,
        sitemap=True,
    )
    def ideas(self, page=1, search="", stage=None, tag=None, sort="top", **kwargs):
        Idea = request.env["social.idea"]
        sortings = self._sortings()
        if sort not in sortings:
            sort = "top"
        check_no_nul(search, stage, tag, sort)
        stage_id, tag_id = _to_int(stage), _to_int(tag)
        search = (search or "").strip()[:TITLE_MAX_LENGTH]
        domain = self._listed_domain()
        if search:
            domain += ["|", ("name", "ilike", search), ("description", "ilike", search)]
        if stage_id:
            domain += [("stage_id", "=", stage_id)]
        if tag_id:
            domain += [("tag_ids", "in", tag_id)]
        total = Idea.search_count(domain)
        url_args = {"search": search, "stage": stage_id, "tag": tag_id, "sort": sort}
        pager = request.website.pager(
            url="/ideas",
            url_args={key: value for key, value in url_args.items() if value},
            total=total,
            page=page,
            step=self._ideas_per_page,
        )
        ideas = Idea.search_fetch(
            domain,
            ["name", "stage_id", "vote_count", "tag_ids", "create_date", "is_closed"],
            order=sortings[sort]["order"],
            limit=self._ideas_per_page,
            offset=pager["offset"],
        )
        # the rows' vote boxes come back here after a vote (visitors after logging in)
        list_url = request.httprequest.full_path.rstrip("?")
        values = {
            "ideas": ideas,
            "list_url": list_url,
            "is_public": request.env.user._is_public(),
            "login_url": self._login_url(list_url),
            "authors": ideas.sudo().author_id,
            "voted_ids": self._voted_idea_ids(ideas),
            "stages": request.env["social.idea.stage"].search([]),
            "tags": request.env["social.idea.tag"].search([]),
            "stage_id": stage_id,
            "tag_id": tag_id,
            "search": search,
            "sort": sort,
            "sortings": sortings,
            "pager": pager,
            "total": total,
            "url_args": url_args,
        }
        return request.render("social_crm_ideas.ideas_list", values)

    def _idea_page_values(self, idea, error=None):
        idea_sudo = idea.sudo()
        # the status history is public with the idea (its rules); sudo only to skip them twice
        history = idea_sudo.status_change_ids
        is_public = request.env.user._is_public()
        budget = request.env["social.idea.vote"]._vote_budget()
        votes_left = None
        if budget and not is_public:
            used = request.env.user.partner_id.sudo().idea_open_vote_count
            votes_left = max(budget - used, 0)
        return {
            "budget": budget,
            "votes_left": votes_left,
            "idea": idea,
            "author": idea_sudo.author_id,
            "voted": bool(self._voted_idea_ids(idea)),
            "is_author": not is_public and idea_sudo.author_id == request.env.user.partner_id,
            "is_public": is_public,
            "history": history,
            "error": error,
            "login_url": self._login_url(idea.website_url),
            "main_object": idea,
        }

    @http.route(
        ["/ideas/<model('social.idea'):idea>"],
        type="http",
        auth="public",
        website=True,
        readonly=True,
        sitemap=False,
    )
    def idea_page(self, idea, **kwargs):
        # An idea the visitor may not see is missing, whatever it is: not even where it went.
        if not idea.has_access("read"):
            raise NotFound()
        if idea.sudo().merged_into_id:
            target = idea.sudo()._final_idea().with_env(request.env)
            if not target.has_access("read"):
                raise NotFound()
            return request.redirect(target.website_url, code=301)
        return request.render("social_crm_ideas.idea_page", self._idea_page_values(idea))

    # ------------------------------------------------------------------
    # Votes
    # ------------------------------------------------------------------

    def _apply_vote(self, idea_id, action):
        """Vote or unvote for the current user; raise a user-facing error when refused."""
        idea = request.env["social.idea"].browse(idea_id).exists()
        if not idea or not idea.has_access("read"):
            raise NotFound()
        Vote = request.env["social.idea.vote"]
        partner = request.env.user.partner_id
        with request.env.cr.savepoint():
            if action == "vote":
                Vote.create({"idea_id": idea.id, "partner_id": partner.id})
            elif action == "unvote":
                vote = Vote.search([("idea_id", "=", idea.id), ("partner_id", "=", partner.id)])
                if not vote:
                    raise ValidationError(request.env._("You have not voted for this idea."))
                vote.unlink()
            else:
                raise ValidationError(request.env._("Unknown action."))
        return idea

    @http.route(["/ideas/<int:idea_id>/vote"], type="http", auth="public", website=True, methods=["POST"])
    def idea_vote(self, idea_id, vote_action="vote", redirect=None, **kwargs):
        idea = request.env["social.idea"].browse(idea_id).exists()
        if not idea or not idea.has_access("read"):
            raise NotFound()
        back = self._ideas_redirect(redirect, idea.website_url)
        if request.env.user._is_public():
            return request.redirect(self._login_url(back))
        try:
            self._apply_vote(idea_id, vote_action)
        except (UserError, ValidationError, AccessError) as exc:
            values = self._idea_page_values(idea, error=exc.args[0])
            return request.render("social_crm_ideas.idea_page", values, status=409)
        return request.redirect(back)

    @http.route(["/ideas/vote/json"], type="json", auth="user", website=True, methods=["POST"])
    def idea_vote_json(self, idea_id, vote_action="vote", **kwargs):
        idea_id = _to_int(idea_id)
        if not idea_id:
            return {"error": request.env._("Unknown idea.")}
        try:
            idea = self._apply_vote(idea_id, vote_action)
        except NotFound:
            return {"error": request.env._("Unknown idea.")}
        except (UserError, ValidationError, AccessError) as exc:
            return {"error": exc.args[0]}
        return {"vote_count": idea.vote_count, "voted": vote_action == "vote"}

    # ------------------------------------------------------------------
    # Submission
    # ------------------------------------------------------------------

    @http.route(["/ideas/similar"], type="json", auth="public", website=True, readonly=True)
    def ideas_similar(self, title="", **kwargs):
        """Published ideas whose title shares words with ``title``, best matches first."""
        words = {w.lower() for w in re.findall(r"\w{3,}", str(title or ""))}
        words = sorted(words, key=len, reverse=True)[:6]
        if not words:
            return []
        domain = self._listed_domain()
        domain += ["|"] * (len(words) - 1) + [("name", "ilike", word) for word in words]
        candidates = request.env["social.idea"].search_fetch(
            domain, ["name", "vote_count", "stage_id"], order="vote_count desc, id desc", limit=30
        )

        def score(idea):
            name = idea.name.lower()
            return sum(1 for word in words if word in name)

        best = sorted(candidates, key=lambda idea: (-score(idea), -idea.vote_count))
        return [
            {
                "id": idea.id,
                "name": idea.name,
                "url": idea.website_url,
                "vote_count": idea.vote_count,
                "stage": idea.stage_id.name,
            }
            for idea in best[:SIMILAR_LIMIT]
        ]

    def _submit_form_values(self, values=None, errors=None):
        return {
            "values": values or {},
            "errors": errors or {},
            "tags": request.env["social.idea.tag"].search([]),
            "title_max_length": TITLE_MAX_LENGTH,
        }

    @http.route(["/ideas/new"], type="http", auth="public", website=True, methods=["GET"])
    def idea_new(self, **kwargs):
        if request.env.user._is_public():
            return request.redirect(self._login_url("/ideas/new"))
        return request.render("social_crm_ideas.idea_submit", self._submit_form_values())

    def _validate_idea_form(self, post):
        errors = {}
        title = (post.get("name") or "").strip()
        description = (post.get("description") or "").strip()
        if "\x00" in title or "\x00" in description:
            errors["form"] = request.env._("The text contains a NUL character: remove it and send again.")
        if not title:
            errors["name"] = request.env._("Give your idea a title.")
        elif len(title) > TITLE_MAX_LENGTH:
            errors["name"] = request.env._("The title is too long: at most %(max)s characters.", max=TITLE_MAX_LENGTH)
        if len(description) > DESCRIPTION_MAX_LENGTH:
            errors["description"] = request.env._(
                "The description is too long: at most %(max)s characters.", max=DESCRIPTION_MAX_LENGTH
            )
        tag_ids = form_tag_ids()
        if tag_ids is None:
            errors["tag_ids"] = request.env._("Choose the tags in the list.")
            tag_ids = []
        tags = request.env["social.idea.tag"].browse(tag_ids).exists()
        vals = {
            "name": title,
            # The form takes plain text: newlines become paragraphs, markup is escaped.
            "description": plaintext2html(description) if description else False,
            "tag_ids": [Command.set(tags.ids)],
        }
        return vals, errors

    @http.route(["/ideas/new"], type="http", auth="user", website=True, methods=["POST"])
    def idea_submit(self, **post):
        vals, errors = self._validate_idea_form(post)
        if not errors:
            try:
                with request.env.cr.savepoint():
                    idea = request.env["social.idea"].create(vals)
            except (UserError, ValidationError, AccessError) as exc:
                errors["form"] = exc.args[0]
        if errors:
            values = self._submit_form_values(dict(post, tag_ids=form_tag_ids() or []), errors)
            return request.render("social_crm_ideas.idea_submit", values, status=400)
        if idea.is_published:
            return request.redirect(idea.website_url)
        return request.redirect("/my/ideas?submitted=1")
