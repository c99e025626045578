from odoo import http
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestForumProducerRoutes(SocialCrmForumCommon, HttpCase):
    """Customers use the real forum routes; the ledger must follow every step."""

    def _post(self, url, **data):
        data["csrf_token"] = http.Request.csrf_token(self)
        response = self.url_open(url, data=data)
        self.env.invalidate_all()
        return response

    def _json(self, url, **params):
        result = self.make_jsonrpc_request(url, params)
        self.env.invalidate_all()
        return result

    def _ask_on_website(self, user, title, tags=""):
        self.authenticate(user.login, user.login)
        response = self._post(
            f"/forum/{self.forum.id}/new",
            post_name=title,
            content=f"<p>{title}</p>",
            post_tags=tags,
        )
        self.assertEqual(response.status_code, 200)
        question = self.Post.search([("name", "=", title), ("forum_id", "=", self.forum.id)])
        self.assertEqual(len(question), 1)
        return question

    def _answer_on_website(self, user, question, text="Try the settings page."):
        self.authenticate(user.login, user.login)
        self._post(f"/forum/{self.forum.id}/{question.id}/reply", content=f"<p>{text}</p>")
        answer = question.child_ids.filtered(lambda a: a.create_uid == user)
        self.assertEqual(len(answer), 1)
        return answer

    def _vote(self, user, post, direction="upvote"):
        self.authenticate(user.login, user.login)
        return self._json(f"/forum/{self.forum.id}/post/{post.id}/{direction}")

    def _toggle_correct(self, user, answer):
        self.authenticate(user.login, user.login)
        return self._json(f"/forum/{self.forum.id}/post/{answer.id}/toggle_correct")

    def test_question_answer_vote_accept_flow(self):
        asker, answerer = self.asker.partner_id, self.answerer.partner_id
        question = self._ask_on_website(self.asker, "Which plan fits a team of 12?")
        self.assertEqual(self.net(asker, "forum_question", question), 2.0)

        answer = self._answer_on_website(self.answerer, question)
        self.assertEqual(self.net(answerer, "forum_answer", answer), 5.0)

        self.assertEqual(self._vote(self.voter, answer)["user_vote"], "1")
        vote = answer.vote_ids
        self.assertEqual(self.net(answerer, "forum_upvote_received", vote), 2.0)

        self.assertTrue(self._toggle_correct(self.asker, answer))
        self.assertEqual(self.net(answerer, "forum_answer_accepted", answer), 15.0)
        self.assertAlmostEqual(self.forum_points(answerer), 22.0)
        self.assertAlmostEqual(answerer.ambassador_score, 22.0, places=1)
        self.assertAlmostEqual(asker.ambassador_score, 2.0, places=1)
        # the voter gave, it did not receive
        self.assertFalse(self.ledger(partner=self.voter.partner_id))

    def test_accept_unaccept_loop_earns_nothing(self):
        question = self._ask_on_website(self.asker, "Can I export my data?")
        answer = self._answer_on_website(self.answerer, question)
        for _i in range(3):
            self.assertTrue(self._toggle_correct(self.asker, answer))
            self.assertFalse(self._toggle_correct(self.asker, answer))
        partner = self.answerer.partner_id
        accepted = self.ledger(partner=partner, type_code="forum_answer_accepted")
        self.assertEqual(len(accepted), 6, "three events and three compensations")
        self.assertEqual(len(accepted.filtered("is_compensation")), 3)
        self.assertEqual(self.net(partner, "forum_answer_accepted", answer), 0.0)
        self.assertAlmostEqual(self.forum_points(partner), 5.0)
        self.assertAlmostEqual(partner.ambassador_score, 5.0, places=1)

    def test_accepting_another_answer_moves_the_points(self):
        question = self._ask_on_website(self.asker, "Is there an API?")
        first = self._answer_on_website(self.answerer, question)
        second = self._answer_on_website(self.voter, question, "Yes, JSON-RPC.")
        self._toggle_correct(self.asker, first)
        self._toggle_correct(self.asker, second)
        self.assertEqual(self.net(self.answerer.partner_id, "forum_answer_accepted", first), 0.0)
        self.assertEqual(self.net(self.voter.partner_id, "forum_answer_accepted", second), 15.0)

    def test_vote_changed_and_removed(self):
        partner = self.answerer.partner_id
        question = self._ask_on_website(self.asker, "How to reset a password?")
        answer = self._answer_on_website(self.answerer, question)
        self._vote(self.voter, answer, "upvote")
        vote = answer.vote_ids
        self.assertEqual(self.net(partner, "forum_upvote_received", vote), 2.0)
        # a downvote on an upvoted post cancels the vote (stock behaviour: vote '0')
        self.assertEqual(self._vote(self.voter, answer, "downvote")["user_vote"], "0")
        self.assertEqual(self.net(partner, "forum_upvote_received", vote), 0.0)
        self.assertEqual(self._vote(self.voter, answer, "downvote")["user_vote"], "-1")
        self.assertEqual(self.net(partner, "forum_downvote_received", vote), -1.0)
        self.assertEqual(self._vote(self.voter, answer, "upvote")["user_vote"], "0")
        self.assertEqual(self.net(partner, "forum_downvote_received", vote), 0.0)
        self.assertAlmostEqual(self.forum_points(partner), 5.0)
        # the vote record itself removed: nothing left to compensate, nothing written
        count = len(self.ledger(partner=partner))
        vote.sudo().unlink()
        self.assertEqual(len(self.ledger(partner=partner)), count)

    def test_toggling_an_upvote_does_not_burn_the_daily_cap(self):
        """Caps count net points: one member toggling an upvote cannot use up the author's cap."""
        self.env.ref("social_crm_forum.engagement_type_forum_upvote_received").daily_cap = 6.0
        partner = self.answerer.partner_id
        question = self._ask_on_website(self.asker, "How do I change the currency?")
        answer = self._answer_on_website(self.answerer, question)
        for _i in range(6):
            self.assertEqual(self._vote(self.voter, answer)["user_vote"], "1")
            self.assertEqual(self._vote(self.voter, answer, "downvote")["user_vote"], "0")
        self.assertEqual(self._vote(self.asker, answer)["user_vote"], "1")
        self.assertEqual(
            self.net(partner, "forum_upvote_received", answer.vote_ids.filtered(lambda v: v.user_id == self.asker)),
            2.0,
            "a genuine upvote still earns its points",
        )
        self.assertAlmostEqual(self.forum_points(partner), 7.0)

    def test_self_vote_earns_nothing(self):
        question = self._ask_on_website(self.asker, "Why is my report empty?")
        self.assertEqual(self._vote(self.asker, question), {"error": "own_post"})
        self.assertFalse(question.vote_ids)
        self.assertEqual(self.ledger(records=question).type_id.mapped("code"), ["forum_question"])
        # admins may vote on their own posts through the ORM: still no points
        admin_question = self.ask(self.env.user, "Admin question")
        admin_question.vote(upvote=True)
        self.assertTrue(admin_question.vote_ids)
        self.assertFalse(self.ledger(records=admin_question.vote_ids))

    def test_deleted_answer_compensates_everything(self):
        partner = self.answerer.partner_id
        question = self._ask_on_website(self.asker, "Can I merge two contacts?")
        answer = self._answer_on_website(self.answerer, question)
        self._vote(self.voter, answer)
        self._toggle_correct(self.asker, answer)
        self.assertAlmostEqual(self.forum_points(partner), 22.0)
        vote = answer.vote_ids

        self.authenticate(self.answerer.login, self.answerer.login)
        self._post(f"/forum/{self.forum.id}/post/{answer.id}/delete")
        self.assertFalse(answer.exists())
        self.assertAlmostEqual(self.forum_points(partner), 0.0)
        self.assertEqual(self.net(partner, "forum_upvote_received", vote), 0.0)
        self.assertAlmostEqual(partner.ambassador_score, 0.0, places=1)

    def test_archived_question_compensates_and_restores(self):
        question = self._ask_on_website(self.asker, "Where are the invoices?")
        answer = self._answer_on_website(self.answerer, question)
        self._vote(self.voter, question)
        asker, answerer = self.asker.partner_id, self.answerer.partner_id
        self.assertAlmostEqual(self.forum_points(asker), 4.0)

        self.authenticate(self.moderator.login, self.moderator.login)
        self._post(f"/forum/{self.forum.id}/question/{question.id}/delete")
        self.assertFalse(question.active)
        self.assertAlmostEqual(self.forum_points(asker), 0.0)
        self.assertAlmostEqual(self.forum_points(answerer), 0.0, msg="answers go with the question")

        self._post(f"/forum/{self.forum.id}/question/{question.id}/undelete")
        self.assertTrue(question.active)
        self.assertAlmostEqual(self.forum_points(asker), 4.0)
        self.assertEqual(self.net(answerer, "forum_answer", answer), 5.0)

    def test_refused_by_moderation(self):
        question = self._ask_on_website(self.asker, "Cheap watches here")
        self.assertAlmostEqual(self.forum_points(self.asker.partner_id), 2.0)
        spam = self.env.ref("website_forum.reason_8")
        self.authenticate(self.moderator.login, self.moderator.login)
        self._post(
            f"/forum/{self.forum.id}/post/{question.id}/mark_as_offensive",
            reason_id=spam.id,
        )
        self.assertEqual(question.state, "offensive")
        self.assertAlmostEqual(self.forum_points(self.asker.partner_id), 0.0)

    def test_pending_question_counts_once_validated(self):
        self.forum.karma_post = 10000
        question = self._ask_on_website(self.asker, "Pending until a moderator looks")
        self.assertEqual(question.state, "pending")
        self.assertFalse(self.ledger(records=question))
        self.authenticate(self.moderator.login, self.moderator.login)
        self.url_open(f"/forum/{self.forum.id}/post/{question.id}/validate")
        self.env.invalidate_all()
        self.assertEqual(question.state, "active")
        self.assertEqual(self.net(self.asker.partner_id, "forum_question", question), 2.0)

    def test_bad_input_writes_nothing(self):
        question = self._ask_on_website(self.asker, "What about stale ids?", tags="999999")
        self.assertFalse(question.tag_ids, "a tag that no longer exists is dropped")
        answer = self._answer_on_website(self.answerer, question)
        answer_id = answer.id
        answer.sudo().unlink()
        before = len(self.ledger())
        self.authenticate(self.voter.login, self.voter.login)
        with mute_logger("odoo.http"):
            for route in ("upvote", "downvote", "toggle_correct"):
                with self.assertRaises(JsonRpcException):
                    self.make_jsonrpc_request(f"/forum/{self.forum.id}/post/{answer_id}/{route}")
        self.env.invalidate_all()
        self.assertEqual(len(self.ledger()), before)

    def test_buying_signal_question_from_the_website(self):
        question = self._ask_on_website(self.asker, "Volume discount for 40 seats?", tags=str(self.tag_pricing.id))
        self.assertEqual(question.tag_ids, self.tag_pricing)
        lead = self.env["crm.lead"].search([("forum_post_id", "=", question.id)])
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.team_id, self.sales_team)
        self.assertEqual(lead.partner_id, self.asker.partner_id)

    def test_resync_without_change_costs_one_query(self):
        question = self._ask_on_website(self.asker, "Cheap hooks?")
        self._vote(self.voter, question)
        vote = question.vote_ids
        Producer = self.env["social.engagement.producer"]
        Producer._social_crm_restate([question, vote])
        rows = len(self.ledger(records=question) | self.ledger(records=vote))
        with self.assertQueryCount(1):
            Producer._social_crm_restate([question, vote])
        self.assertEqual(len(self.ledger(records=question) | self.ledger(records=vote)), rows)

    def test_official_answer_badge(self):
        question = self._ask_on_website(self.asker, "Does the mobile app work offline?")
        self._answer_on_website(self.answerer, question, "I think so.")
        employee_answer = self._answer_on_website(self.employee, question, "Yes, it does.")
        self.assertTrue(employee_answer.is_official_answer)
        self.authenticate(self.asker.login, self.asker.login)
        page = self.url_open(f"/forum/{self.forum.id}/{question.id}").text
        self.assertEqual(page.count("o_wforum_official_badge"), 1)
