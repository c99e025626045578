from lxml import etree

from odoo.tests import HttpCase, tagged

from .common import IdeasCommon

ATOM = "{http://www.w3.org/2005/Atom}"


@tagged("post_install", "-at_install")
class TestRoadmap(IdeasCommon, HttpCase):
    """The public roadmap: its columns, what shipped with thanks to voters, the Atom feed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # demo ideas out of the roadmap: each test builds its own
        cls.Idea.search([]).write({"is_published": False})
        cls.partner_alice.community_public_consent = True  # bob and carol did not consent
        author = cls.partner_carol
        cls.reviewed = cls.create_idea("Roadmap idea under review", author)
        cls.planned_top = cls.create_idea("Roadmap idea planned, most voted", author)
        cls.planned_low = cls.create_idea("Roadmap idea planned, less voted", author)
        cls.building = cls.create_idea("Roadmap idea in progress", author)
        cls.shipped = cls.create_idea("Roadmap idea shipped", author)
        cls.declined = cls.create_idea("Roadmap idea declined", author)
        cls.waiting = cls.create_idea("Roadmap idea waiting in new", author)
        cls.hidden = cls.create_idea("Roadmap idea planned but unpublished", author)
        for partner in (cls.partner_alice, cls.partner_bob, cls.partner_frank):
            cls.vote(cls.planned_top, partner)
        cls.vote(cls.planned_low, cls.partner_bob)
        for partner in (cls.partner_alice, cls.partner_bob, cls.partner_portal):
            cls.vote(cls.shipped, partner)
        # status changes are tracked once the ideas exist (as the website would commit them)
        cls.env.cr.precommit.run()
        moves = {
            cls.reviewed: cls.stage_review,
            cls.planned_top: cls.stage_planned,
            cls.planned_low: cls.stage_planned,
            cls.building: cls.env.ref("social_crm_ideas.idea_stage_progress"),
            cls.shipped: cls.stage_done,
            cls.declined: cls.stage_declined,
            cls.hidden: cls.stage_planned,
        }
        for idea, stage in moves.items():
            idea.stage_id = stage
        cls.env.cr.precommit.run()
        cls.hidden.is_published = False

    def test_columns(self):
        columns = self.Idea._roadmap_columns([("is_published", "=", True)])
        self.assertEqual(
            [stage for stage, _ideas, _count in columns],
            [self.stage_review, self.stage_planned, self.building.stage_id, self.stage_done],
            "under review, planned, in progress, done: not the first stage, not the folded (declined)",
        )
        by_stage = {stage: (ideas, count) for stage, ideas, count in columns}
        self.assertEqual(by_stage[self.stage_planned][0], self.planned_top | self.planned_low)
        self.assertEqual(
            list(by_stage[self.stage_planned][0]), [self.planned_top, self.planned_low], "most voted first"
        )
        self.assertEqual(by_stage[self.stage_planned][1], 2, "the unpublished idea is not counted")
        self.assertEqual(by_stage[self.stage_done][0], self.shipped)

        page = self.url_open("/ideas/roadmap")
        self.assertEqual(page.status_code, 200)
        for idea in (self.reviewed, self.planned_top, self.planned_low, self.building, self.shipped):
            self.assertIn(idea.name, page.text)
        for idea in (self.declined, self.waiting, self.hidden):
            self.assertNotIn(idea.name, page.text)
        self.assertEqual(page.text.count('o_ideas_roadmap_column"'), 4)
        self.assertIn("/ideas/roadmap", self.url_open("/ideas").text)

    def test_shipped_thanks_only_consenting_voters(self):
        page = self.url_open("/ideas/roadmap").text
        shipped_block = page.split("o_ideas_roadmap_shipped_item")[1].split("</li>")[0]
        self.assertIn(self.shipped.name, shipped_block)
        self.assertIn("Alice Community", shipped_block)
        # Bob, the portal customer and Carol, the author (an idea's first voter): none consented
        self.assertIn("3 other voters", shipped_block)
        for name in ("Bob Community", "Dana Portal", self.partner_carol.name):
            self.assertNotIn(name, page, "voters without public consent are never named")

    def test_my_ideas_shows_my_votes_that_shipped(self):
        self.authenticate("social_crm_portal", "social_crm_portal")
        page = self.url_open("/my/ideas").text
        self.assertIn("1 of the ideas you voted for have shipped", page)
        self.assertEqual(page.count('o_my_idea_shipped"'), 1)
        shipped_only = self.url_open("/my/ideas?filterby=shipped").text
        self.assertIn(self.shipped.name, shipped_only)
        self.assertNotIn(self.planned_top.name, shipped_only)

    def test_atom_feed(self):
        response = self.url_open("/ideas/roadmap/feed.atom")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("application/atom+xml"))
        feed = etree.fromstring(response.content)
        self.assertEqual(feed.tag, f"{ATOM}feed")
        # RFC 4287: a feed has an id, a title, an updated date and an author (or each entry has one)
        for tag in ("id", "title", "updated", "author"):
            self.assertIsNotNone(feed.find(f"{ATOM}{tag}"), tag)
        self.assertIsNotNone(feed.find(f"{ATOM}author/{ATOM}name"))
        self.assertEqual(feed.find(f"{ATOM}link[@rel='self']").get("href").split("/", 3)[3], "ideas/roadmap/feed.atom")
        entries = feed.findall(f"{ATOM}entry")
        titles = [entry.findtext(f"{ATOM}title") for entry in entries]
        self.assertIn(f"{self.shipped.name}: Done", titles)
        self.assertIn(f"{self.declined.name}: Declined", titles)
        self.assertFalse([title for title in titles if self.hidden.name in title], "published ideas only")
        dates = [entry.findtext(f"{ATOM}updated") for entry in entries]
        self.assertEqual(dates, sorted(dates, reverse=True), "newest change first")
        self.assertEqual(feed.findtext(f"{ATOM}updated"), dates[0])
        ids = [entry.findtext(f"{ATOM}id") for entry in entries]
        self.assertEqual(len(ids), len(set(ids)), "entry ids are unique")
        for entry in entries:
            for tag in ("id", "title", "updated", "summary"):
                self.assertTrue(entry.findtext(f"{ATOM}{tag}"), tag)
            self.assertRegex(entry.findtext(f"{ATOM}updated"), r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            self.assertTrue(entry.find(f"{ATOM}link").get("href").startswith("http"))

    def test_roadmap_queries_do_not_grow_with_ideas(self):
        def count():
            self.url_open("/ideas/roadmap").raise_for_status()
            self.env.flush_all()
            before = self.cr.sql_log_count
            self.url_open("/ideas/roadmap").raise_for_status()
            return self.cr.sql_log_count - before

        small = count()
        self.env.cr.precommit.run()
        more = [self.create_idea(f"Roadmap extra {i}", self.partner_bob) for i in range(6)]
        for idea in more:
            self.vote(idea, self.partner_alice)
            self.vote(idea, self.partner_frank)
        self.env.cr.precommit.run()
        for i, idea in enumerate(more):
            idea.stage_id = (self.stage_review, self.stage_planned, self.stage_done)[i % 3]
        self.env.cr.precommit.run()
        self.assertEqual(count(), small)

    def test_roadmap_tour(self):
        self.start_tour("/ideas/roadmap", "social_crm_ideas_roadmap")
