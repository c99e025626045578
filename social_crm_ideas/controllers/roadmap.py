from lxml import etree

from odoo import fields, http
from odoo.http import request

from .main import WebsiteIdeas

ATOM_NS = "http://www.w3.org/2005/Atom"


def _atom_date(value):
    """RFC 3339 date of a naive UTC datetime, as Atom requires."""
    return fields.Datetime.to_datetime(value).strftime("%Y-%m-%dT%H:%M:%SZ")


class IdeasRoadmap(http.Controller):
    """The public roadmap (/ideas/roadmap) and the Atom feed of ideas' status changes.

    Both show what /ideas shows (published ideas of the website's company, as the visitor:
    record rules apply); voters are named only where they gave public consent.
    """

    def _roadmap_domain(self):
        return WebsiteIdeas()._listed_domain()

    @http.route("/ideas/roadmap", type="http", auth="public", website=True, readonly=True, sitemap=True)
    def roadmap(self, **kwargs):
        Idea = request.env["social.idea"]
        domain = self._roadmap_domain()
        columns = Idea._roadmap_columns(domain)
        ideas = Idea.browse()
        for _stage, column_ideas, _count in columns:
            ideas |= column_ideas
        values = {
            "columns": columns,
            "shipped": Idea._roadmap_shipped(domain),
            "voted_ids": WebsiteIdeas()._voted_idea_ids(ideas),
        }
        return request.render("social_crm_ideas.ideas_roadmap", values)

    @http.route("/ideas/roadmap/feed.atom", type="http", auth="public", website=True, readonly=True, sitemap=False)
    def roadmap_feed(self, **kwargs):
        entries = request.env["social.idea"]._roadmap_feed_entries(self._roadmap_domain())
        base_url = request.website.get_base_url()
        return request.make_response(
            self._atom_feed(entries, base_url),
            headers=[("Content-Type", "application/atom+xml; charset=utf-8")],
        )

    def _atom_feed(self, entries, base_url):
        """An Atom 1.0 document (RFC 4287) of ``entries``: [(idea, stage tracking value)]."""

        def sub(parent, tag, text=None, **attrs):
            node = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
            if text is not None:
                node.text = text
            return node

        env = request.env
        company = request.website.company_id
        feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
        sub(feed, "id", f"{base_url}/ideas/roadmap")
        sub(feed, "title", env._("%(company)s: ideas roadmap", company=company.name))
        sub(feed, "subtitle", env._("Status changes of the ideas of our community"))
        sub(feed, "link", href=f"{base_url}/ideas/roadmap/feed.atom", rel="self", type="application/atom+xml")
        sub(feed, "link", href=f"{base_url}/ideas/roadmap", rel="alternate", type="text/html")
        # a change happened when its message was posted (the tracking row is written with it)
        sub(feed, "updated", _atom_date(entries[0][1].mail_message_id.date if entries else fields.Datetime.now()))
        sub(sub(feed, "author"), "name", company.name)
        for idea, change in entries:
            url = f"{base_url}{idea.website_url}"
            entry = sub(feed, "entry")
            sub(entry, "id", f"{url}#status-{change.id}")
            sub(
                entry,
                "title",
                env._("%(idea)s: %(status)s", idea=idea.name, status=change.new_value_char or ""),
            )
            sub(entry, "link", href=url, rel="alternate", type="text/html")
            sub(entry, "updated", _atom_date(change.mail_message_id.date))
            sub(
                entry,
                "summary",
                env._(
                    "The idea “%(idea)s” moved from %(old)s to %(new)s.",
                    idea=idea.name,
                    old=change.old_value_char or "-",
                    new=change.new_value_char or "-",
                ),
            )
        return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)
