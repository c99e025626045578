from odoo.tests import tagged

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestIdeaDemand(IdeasCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        won_stage = cls.env["crm.stage"].create({"name": "Test Won", "is_won": True})
        open_stage = cls.env["crm.stage"].create({"name": "Test Open", "is_won": False})

        def opportunity(partner, revenue, stage=open_stage, **vals):
            return Lead.create(
                {
                    "name": f"Test opportunity {partner.name} {revenue}",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "expected_revenue": revenue,
                    "stage_id": stage.id,
                    **vals,
                }
            )

        # Alice and Bob work for the same company: its pipeline counts once.
        cls.lead_alice = opportunity(cls.partner_alice, 1000)
        opportunity(cls.customer_company, 500)
        opportunity(cls.partner_bob, 9999, stage=won_stage)
        lost = opportunity(cls.partner_bob, 7777)
        lost.action_set_lost()
        Lead.create(
            {
                "name": "Test lead, not an opportunity",
                "type": "lead",
                "partner_id": cls.partner_bob.id,
                "expected_revenue": 3333,
            }
        )
        cls.lead_frank = opportunity(cls.partner_frank, 2000)
        cls.ranked = cls.create_idea("Test ranked idea", cls.partner_carol)

    def test_demand_value_from_open_pipeline_of_voting_companies(self):
        self.vote(self.ranked, self.partner_alice)
        self.vote(self.ranked, self.partner_bob)
        self.vote(self.ranked, self.partner_frank)
        # Carol (the author, no company, no pipeline) voted first
        self.assertEqual(self.ranked.demand_company_count, 3)
        self.assertEqual(self.ranked.demand_value, 3500)
        self.env["crm.lead"].create(
            {
                "name": "Test new deal",
                "type": "opportunity",
                "partner_id": self.other_company.id,
                "expected_revenue": 400,
            }
        )
        self.Idea._cron_refresh_counts()
        self.assertEqual(self.ranked.demand_value, 3900)
        # the other idea has its author's (Alice's) company behind it: 1500
        self.assertEqual(self.idea.demand_value, 1500)
        ranked = self.Idea.search([("id", "in", (self.ranked | self.idea).ids)], order="demand_value desc")
        self.assertEqual(ranked[0], self.ranked)
        self.ranked.vote_ids.filtered(lambda v: v.partner_id == self.partner_frank).unlink()
        self.assertEqual(self.ranked.demand_company_count, 2)
        self.assertEqual(self.ranked.demand_value, 1500)

    def test_voter_pipeline_and_lead_wanted_ideas(self):
        vote = self.vote(self.ranked, self.partner_bob)
        self.assertEqual(vote.voter_company_id, self.customer_company)
        self.assertEqual(vote.with_user(self.user_sales).open_pipeline_value, 1500)
        self.assertIn(self.ranked, self.lead_alice.wanted_idea_ids)
        self.assertNotIn(self.ranked, self.lead_frank.wanted_idea_ids)

    def test_idea_to_opportunity(self):
        self.vote(self.ranked, self.partner_bob)
        self.vote(self.ranked, self.partner_frank)
        wizard = (
            self.env["social.idea.lead"]
            .with_user(self.user_sales)
            .with_context(active_model="social.idea", active_id=self.ranked.id)
            .create({})
        )
        self.assertEqual(wizard.company_ids, self.partner_carol | self.customer_company | self.other_company)
        wizard.company_ids = self.other_company
        wizard.action_create_leads()
        lead = self.ranked.lead_ids
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.partner_id, self.other_company)
        self.assertEqual(lead.type, "opportunity")
        self.assertIn(self.ranked, lead.idea_ids)

    def test_demand_value_follows_the_pipeline(self):
        """A voting company's opportunities move the demand value in the same transaction: a new
        one, a changed revenue, a won or archived one. No vote, nightly job or button needed."""
        self.vote(self.ranked, self.partner_alice)
        self.assertEqual(self.ranked.demand_value, 1500, "Alice's company: 1000 + 500 open")
        lead = self.env["crm.lead"].create(
            {
                "name": "Test a new deal of Bob",
                "type": "opportunity",
                "partner_id": self.partner_bob.id,
                "expected_revenue": 250,
            }
        )
        self.assertEqual(self.ranked.demand_value, 1750, "a new opportunity of the company counts at once")
        lead.expected_revenue = 300
        self.assertEqual(self.ranked.demand_value, 1800, "a changed revenue too")
        lead.action_set_won()
        self.assertEqual(self.ranked.demand_value, 1500, "a won deal is no longer open pipeline")
        self.lead_alice.action_archive()
        self.assertEqual(self.ranked.demand_value, 500, "nor an archived one")
        self.lead_frank.partner_id = self.partner_bob
        self.assertEqual(self.ranked.demand_value, 2500, "a deal moved to a voting company counts for it")

    def test_author_vote_brings_the_authors_pipeline(self):
        """The author's company wants its own idea: wanted ideas and demand value count it."""
        idea = self.create_idea("Test idea of Bob's company", self.partner_bob)
        self.assertEqual(idea.vote_ids.partner_id, self.partner_bob)
        self.assertEqual(idea.demand_company_count, 1)
        self.assertEqual(idea.demand_value, 1500, "the open pipeline of Bob's company")
        self.assertIn(idea, self.lead_alice.wanted_idea_ids)
        self.assertNotIn(idea, self.lead_frank.wanted_idea_ids)
        # taking the vote back takes the company's pipeline out
        idea.vote_ids.unlink()
        self.assertEqual(idea.demand_value, 0)
        self.lead_alice.invalidate_recordset(["wanted_idea_ids"])
        self.assertNotIn(idea, self.lead_alice.wanted_idea_ids)
