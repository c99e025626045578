from odoo.tests import HttpCase, tagged

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestPortalKarma(SocialCrmForumCommon, HttpCase):
    """My community says what the ambassador score is next to the forum's karma."""

    def test_my_community_tells_score_and_karma_apart(self):
        user = self.voter
        user.sudo().karma = 1234
        self.authenticate(user.login, user.login)
        response = self.url_open("/my/community")
        self.assertEqual(response.status_code, 200)
        page = response.text
        note = page.split("o_social_crm_forum_karma", 1)[1].split("</p>", 1)[0]
        self.assertIn("1,234", note, "the member's own karma, formatted")
        self.assertIn("ambassador score", note)
