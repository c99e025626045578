from odoo.tests import tagged

from .common import IdeasCommon


@tagged("post_install", "-at_install")
class TestDeleteIdea(IdeasCommon):
    """Deleting an idea takes back the points it earned, with compensating rows, as
    unpublishing does for what publication earned."""

    def ledger_net(self, idea):
        rows = (
            self.env["social.engagement"]
            .sudo()
            .search(
                [
                    "|",
                    "&",
                    ("res_model", "=", "social.idea"),
                    ("res_id", "=", idea.id),
                    "&",
                    ("res_model", "=", "social.idea.vote"),
                    ("res_id", "in", idea.vote_ids.ids),
                ]
            )
        )
        net = {}
        for row in rows:
            net[row.partner_id] = net.get(row.partner_id, 0.0) + row.points
        return rows, net

    def test_delete_idea_takes_points_back(self):
        idea = self.create_idea("Test idea deleted later", self.partner_bob)
        self.vote(idea, self.partner_alice)
        self.vote(idea, self.partner_carol)
        idea.stage_id = self.stage_done  # adopted: the author and every voter earn
        _rows, earned = self.ledger_net(idea)
        self.assertEqual(earned[self.partner_bob], 3.0 + 2 * 1.0 + 20.0)
        self.assertEqual(earned[self.partner_alice], 2.0)

        # unpublishing takes back what publication earned: submission and votes received
        idea.is_published = False
        _rows, unpublished = self.ledger_net(idea)
        self.assertEqual(unpublished[self.partner_bob], 20.0)
        idea.is_published = True

        vote_ids = idea.vote_ids.ids
        idea_id = idea.id
        idea.unlink()
        Engagement = self.env["social.engagement"].sudo()
        rows = Engagement.search(
            [
                "|",
                "&",
                ("res_model", "=", "social.idea"),
                ("res_id", "=", idea_id),
                "&",
                ("res_model", "=", "social.idea.vote"),
                ("res_id", "in", vote_ids),
            ]
        )
        self.assertTrue(rows.filtered("is_compensation"), "the history stays, compensated")
        net = {}
        for row in rows:
            net[row.partner_id] = net.get(row.partner_id, 0.0) + row.points
        self.assertEqual(set(net.values()), {0.0}, "everything the idea earned is taken back")
        self.env.invalidate_all()
        self.assertEqual(self.partner_bob.ambassador_score, 0.0)
        self.assertEqual(self.partner_carol.ambassador_score, 0.0)
