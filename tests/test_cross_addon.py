"""Cross-addon behaviour, run by pytest-odoo inside the test database.

One customer who is active on both channels: the forum and the ideas board feed
the one ledger, the one score and tier, and a lead for the customer's company shows
both what they asked and what they want.
"""

from odoo import Command
from odoo.tests import TransactionCase


class CrossAddonCase(TransactionCase):
    # Odoo tags test classes of its addons by module name; these live outside any addon.
    test_tags = {"standard", "post_install"}
    test_module = "social_crm_tests"
    test_sequence = 0


class TestOneCustomerTwoChannels(CrossAddonCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.partner"].create({"name": "Cross Channel Ltd", "is_company": True})
        cls.user = cls.env["res.users"].create(
            {
                "name": "Carla Cross",
                "login": "carla.cross@example.com",
                "email": "carla.cross@example.com",
                "karma": 200,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )
        cls.partner = cls.user.partner_id
        cls.partner.parent_id = cls.company
        cls.forum = cls.env["forum.forum"].create({"name": "Cross-channel forum"})

    def _rows(self, channel_code):
        return self.env["social.engagement"].search(
            [("partner_id", "=", self.partner.id), ("channel_id.code", "=", channel_code)]
        )

    def test_forum_and_ideas_feed_one_ledger_and_one_score(self):
        self.env["forum.post"].with_user(self.user).create(
            {"name": "How do I export my data?", "content": "<p>Where is the button?</p>", "forum_id": self.forum.id}
        )
        # the portal path itself: no sudo, no author or publication set by hand (the portal
        # user may not set them); ideas go live at once when they are not reviewed first
        self.env["ir.config_parameter"].set_param("social_crm_ideas.review_before_publish", False)
        self.env["ir.config_parameter"].set_param("social_crm_ideas.submission_rate_limit", 5)
        idea = (
            self.env["social.idea"]
            .with_user(self.user)
            .create({"name": "Export to spreadsheet", "description": "<p>One click export</p>"})
        )
        self.assertTrue(idea.with_user(self.user).is_my_idea)
        self.assertTrue(idea.is_published)
        self.assertEqual(idea.sudo().author_id, self.partner)

        forum_rows, idea_rows = self._rows("forum"), self._rows("ideas")
        self.assertTrue(forum_rows, "the question is in the ledger")
        self.assertTrue(idea_rows, "the idea is in the ledger")
        expected = sum((forum_rows | idea_rows).mapped("points"))
        self.assertGreater(expected, 0)
        # Fresh events have not decayed: the stored score is their sum.
        self.assertAlmostEqual(self.partner.ambassador_score, expected, places=2)

        breakdown = self.env["social.engagement.breakdown"].search([("partner_id", "=", self.partner.id)])
        self.assertEqual(set(breakdown.mapped("channel_id.code")), {"forum", "ideas"})
        self.assertAlmostEqual(sum(breakdown.mapped("decayed_points")), expected, places=1)

    def test_lead_shows_questions_and_wanted_ideas(self):
        question = (
            self.env["forum.post"]
            .with_user(self.user)
            .create(
                {"name": "Volume pricing for 200 seats?", "content": "<p>Quote please</p>", "forum_id": self.forum.id}
            )
        )
        author = self.env["res.partner"].create({"name": "Idea author"})
        idea = self.env["social.idea"].create(
            {"name": "Single sign-on", "description": "<p>SAML</p>", "author_id": author.id, "is_published": True}
        )
        self.env["social.idea.vote"].create({"idea_id": idea.id, "partner_id": self.partner.id})

        lead = self.env["crm.lead"].create(
            {"name": "Cross Channel Ltd renewal", "type": "opportunity", "partner_id": self.company.id}
        )
        self.assertIn(question, lead.forum_question_ids)
        self.assertIn(idea, lead.wanted_idea_ids)
        self.assertEqual(lead.ambassador_partner_id, self.company)
