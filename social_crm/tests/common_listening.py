from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user

from .common import SocialCrmCommon


class ListeningCommon(SocialCrmCommon):
    """Fixtures of the listening tests: a handle channel with mention types of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Mention = cls.env["social.mention"].sudo()
        cls.type_post = cls.make_type("test_mention_post", mention_kind="post", default_points=4.0)
        cls.type_any = cls.make_type("test_mention_any", mention_kind="any", default_points=1.0)
        cls.channel_other = cls.env["social.channel"].create(
            {"name": "Other test channel", "code": "test_other", "allows_handle": True}
        )
        cls.env["social.partner.handle"].create(
            {"partner_id": cls.partner_alice.id, "channel_id": cls.channel.id, "handle": "@Alice_C"}
        )
        cls.team = cls.env["crm.team"].create({"name": "Test listening team", "user_id": cls.user_sales.id})
        cls.company.write(
            {
                "social_crm_listening_team_id": cls.team.id,
                "social_crm_mention_escalation_hours": 24,
                "social_crm_mention_keywords": "pricing, quote",
            }
        )
        cls.user_integration = new_test_user(
            cls.env,
            login="social_crm_integration",
            groups="social_crm.group_social_crm_integration",
            name="Test Listening Tool",
        )

    @classmethod
    def event(cls, external_id, days_ago=0, **values):
        return {
            "channel": cls.channel.code,
            "external_id": external_id,
            "kind": "post",
            "author_handle": "someone",
            "posted_at": fields.Datetime.to_string(fields.Datetime.now() - timedelta(days=days_ago)),
            "text": "Hello",
            **values,
        }

    @classmethod
    def ingest(cls, *events, **kwargs):
        return cls.Mention._social_crm_ingest(list(events), **kwargs)

    @classmethod
    def mention(cls, external_id, channel=None):
        return cls.Mention.search([("channel_id", "=", (channel or cls.channel).id), ("external_id", "=", external_id)])

    def ledger(self, mentions):
        return (
            self.env["social.engagement"]
            .sudo()
            .search([("res_model", "=", "social.mention"), ("res_id", "in", mentions.ids)], order="id")
        )
