"""Issue 11, forum: the metrics answer over XML-RPC; delays and dates have sane bounds."""

import xmlrpc.client

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.social_crm.tests.common import RpcMixin

from .common import SocialCrmForumCommon


@tagged("post_install", "-at_install")
class TestForumAuditAccess(RpcMixin, SocialCrmForumCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager = new_test_user(
            cls.env, login="forum_audit_manager", groups="social_crm.group_social_crm_manager", name="Fay Forum"
        )

    def metrics(self, method, *args):
        return self.rpc(self.user_manager, "social.crm.forum.metrics", method, *args)

    def test_metrics_answer_over_xmlrpc_and_refuse_bad_dates(self):
        """Items 16 and 18: integer keys became strings; a date that is not one is a clear error."""
        metrics = self.metrics("get_peer_support_metrics", [self.forum.id], "2020-01-01", "9999-12-31")
        self.assertIn("False", metrics)  # all forums together
        self.assertTrue(all(isinstance(key, str) for key in metrics))
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.metrics("get_peer_support_metrics", [self.forum.id], "2020-13-45")
        self.assertIn("Invalid date", caught.exception.faultString)

    def test_delays_are_bounded(self):
        with self.assertRaisesRegex(ValidationError, "at most 8784 hours"):
            self.forum.social_crm_escalation_hours = 2_000_000_000
        with self.assertRaisesRegex(ValidationError, "at most 8784 hours"):
            self.forum.write({"social_crm_escalation_hours": 0, "social_crm_leader_offer_hours": 2_000_000_000})
