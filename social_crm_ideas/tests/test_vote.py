from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestIdeaVote(IdeasCommon):
    def test_vote_and_unvote_keep_count_exact(self):
        self.vote(self.idea, self.partner_bob)
        vote = self.vote(self.idea, self.partner_carol)
        self.assertEqual(self.idea.vote_count, 3, "the author's vote and two more")
        vote.unlink()
        self.assertEqual(self.idea.vote_count, 2)
        self.assertEqual(self.idea.vote_ids.partner_id, self.partner_alice | self.partner_bob)

    def test_vote_twice_refused(self):
        self.vote(self.idea, self.partner_bob)
        with self.assertRaisesRegex(ValidationError, "already voted"):
            self.vote(self.idea, self.partner_bob)
        with self.assertRaisesRegex(ValidationError, "already voted"):
            self.Vote.create(
                [
                    {"idea_id": self.idea.id, "partner_id": self.partner_carol.id},
                    {"idea_id": self.idea.id, "partner_id": self.partner_carol.id},
                ]
            )
        self.assertEqual(self.idea.vote_count, 2)

    @mute_logger("odoo.sql_db")
    def test_database_rejects_double_vote(self):
        """Even a write that bypasses the ORM checks cannot store two votes."""
        self.vote(self.idea, self.partner_bob)
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO social_idea_vote (idea_id, partner_id, date) VALUES (%s, %s, now())",
                (self.idea.id, self.partner_bob.id),
            )

    def test_author_is_first_voter(self):
        author_vote = self.idea.vote_ids
        self.assertEqual(author_vote.partner_id, self.partner_alice)
        self.assertEqual(self.idea.vote_count, 1)
        self.assertFalse(author_vote.is_proxy)
        # the author's own vote earns nothing: it is not a vote received
        self.assertEqual(
            self.net_points(self.partner_alice, "idea_vote_received", "social.idea.vote", author_vote.id), 0.0
        )
        with self.assertRaisesRegex(ValidationError, "already voted"):
            self.vote(self.idea, self.partner_alice)
        # an idea submitted for review gets its author's vote once published
        draft = self.create_idea("Test idea reviewed first", self.partner_bob, is_published=False)
        self.assertFalse(draft.vote_ids)
        draft.action_publish()
        self.assertEqual(draft.vote_ids.partner_id, self.partner_bob)
        # the author may take it back, as any voter
        draft.vote_ids.unlink()
        self.assertEqual(draft.vote_count, 0)

    def test_author_vote_follows_budget(self):
        self.env["ir.config_parameter"].sudo().set_param("social_crm_ideas.vote_budget", 2)
        first, second, third = (self.create_idea(f"Test budget idea {i}", self.partner_carol) for i in range(3))
        self.assertEqual((first | second).vote_ids.partner_id, self.partner_carol)
        self.assertEqual(self.partner_carol.idea_open_vote_count, 2)
        # no vote left: the idea is submitted all the same, without its author's vote
        self.assertEqual(third.vote_count, 0)
        # a portal customer submitting with no vote left gets the idea, without the vote
        self.vote(self.idea, self.partner_portal)
        self.vote(first, self.partner_portal)
        mine = self.Idea.with_user(self.user_portal).create({"name": "Test portal idea, no votes left"})
        self.assertTrue(mine.is_published)
        self.assertEqual(mine.vote_count, 0)
        # closing an idea gives the vote back; the author then votes as anyone
        first.stage_id = self.stage_done
        self.vote(third, self.partner_carol)
        self.assertEqual(third.vote_count, 1)

    def test_vote_refused_on_unpublished_closed_or_merged(self):
        draft = self.create_idea("Test unpublished idea", self.partner_carol, is_published=False)
        with self.assertRaisesRegex(ValidationError, "not published"):
            self.vote(draft, self.partner_bob)
        closed = self.create_idea("Test closed idea", self.partner_carol)
        closed.stage_id = self.stage_declined
        with self.assertRaisesRegex(ValidationError, "closed"):
            self.vote(closed, self.partner_bob)
        duplicate = self.create_idea("Test duplicate idea", self.partner_carol)
        duplicate._merge_into(self.idea)
        with self.assertRaisesRegex(ValidationError, "merged"):
            self.vote(duplicate, self.partner_bob)
        # the closed idea keeps its author's vote; the duplicate's moved to the kept idea
        self.assertEqual((draft | closed | duplicate).mapped("vote_count"), [0, 1, 0])

    def test_portal_user_votes_only_for_self(self):
        Vote = self.Vote.with_user(self.user_portal)
        vote = Vote.create({"idea_id": self.idea.id})
        self.assertEqual(vote.partner_id, self.partner_portal)
        self.assertFalse(vote.is_proxy)
        with self.assertRaises(AccessError):
            Vote.create({"idea_id": self.idea.id, "partner_id": self.partner_bob.id})
        self.assertEqual(self.idea.vote_count, 2)

    def test_sales_user_records_proxy_vote(self):
        vote = self.Vote.with_user(self.user_sales).create(
            {"idea_id": self.idea.id, "partner_id": self.partner_bob.id, "is_proxy": False}
        )
        self.assertTrue(vote.is_proxy)
        self.assertEqual(vote.recorded_by_id, self.user_sales)
        self.assertEqual(self.idea.vote_count, 2)

    def test_vote_budget(self):
        self.env["ir.config_parameter"].sudo().set_param("social_crm_ideas.vote_budget", 2)
        ideas = [self.create_idea(f"Test budget idea {i}", self.partner_carol) for i in range(3)]
        self.vote(ideas[0], self.partner_bob)
        self.vote(ideas[1], self.partner_bob)
        with self.assertRaisesRegex(ValidationError, "No votes left"):
            self.vote(ideas[2], self.partner_bob)
        self.assertNotIn(self.partner_bob, ideas[2].vote_ids.partner_id)
        # Closing an idea gives its votes back.
        ideas[0].stage_id = self.stage_done
        self.vote(ideas[2], self.partner_bob)
        self.assertEqual(ideas[2].vote_ids.partner_id, self.partner_bob)

    def test_vote_engagement_and_reversal(self):
        vote = self.vote(self.idea, self.partner_bob)
        vote_id = vote.id
        self.assertEqual(
            self.net_points(self.partner_alice, "idea_vote_received", "social.idea.vote", vote_id),
            1.0,
        )
        vote.unlink()
        self.assertEqual(
            self.net_points(self.partner_alice, "idea_vote_received", "social.idea.vote", vote_id),
            0.0,
        )
        self.assertTrue(
            self.env["social.engagement"]
            .sudo()
            .search_count(
                [("res_model", "=", "social.idea.vote"), ("res_id", "=", vote_id), ("is_compensation", "=", True)]
            )
        )
