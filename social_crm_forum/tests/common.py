from odoo import Command
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import SQL

FORUM_MODELS = ("forum.post", "forum.post.vote")


class SocialCrmForumCommon(TransactionCase):
    """A forum with customers (portal users) of two companies and an employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Engagement = cls.env["social.engagement"]
        cls.Post = cls.env["forum.post"]
        cls.sales_team = cls.env["crm.team"].create({"name": "Forum Sales"})
        cls.forum = cls.env["forum.forum"].create(
            {
                "name": "Customer Help",
                "karma_unlink_own": 100,
                "karma_moderate": 1000,
                "crm_team_id": cls.sales_team.id,
            }
        )
        cls.tag_pricing = cls.env["forum.tag"].create(
            {
                "name": "pricing",
                "forum_id": cls.forum.id,
                "is_buying_signal": True,
            }
        )
        cls.tag_howto = cls.env["forum.tag"].create({"name": "howto", "forum_id": cls.forum.id})
        cls.company_acme = cls.env["res.partner"].create({"name": "Acme Test Corp", "is_company": True})
        cls.company_beta = cls.env["res.partner"].create({"name": "Beta Test Ltd", "is_company": True})
        cls.asker = cls._new_customer("forum_asker", "Alice Asker", cls.company_acme)
        cls.answerer = cls._new_customer("forum_answerer", "Bob Answerer", cls.company_beta)
        cls.voter = cls._new_customer("forum_voter", "Vera Voter", cls.company_beta)
        cls.employee = new_test_user(
            cls.env,
            login="forum_employee",
            name="Eve Employee",
            email="eve@example.com",
            groups="base.group_user",
            karma=200,
        )
        cls.moderator = new_test_user(
            cls.env,
            login="forum_moderator",
            name="Mo Moderator",
            email="mo@example.com",
            groups="base.group_user",
            karma=5000,
        )
        cls.salesman = new_test_user(
            cls.env,
            login="forum_salesman",
            name="Sam Sales",
            email="sam@example.com",
            groups="sales_team.group_sale_salesman,social_crm.group_social_crm_user",
        )

    @classmethod
    def _new_customer(cls, login, name, company):
        user = new_test_user(
            cls.env,
            login=login,
            name=name,
            email=f"{login}@example.com",
            groups="base.group_portal",
            karma=200,
        )
        user.partner_id.parent_id = company
        return user

    # helpers ---------------------------------------------------------------

    def ask(self, user, title="How do I configure it?", tags=None, **vals):
        return (
            self.Post.with_user(user)
            .create(
                {
                    "forum_id": self.forum.id,
                    "name": title,
                    "content": "<p>%s</p>" % title,
                    "tag_ids": [Command.set((tags or self.env["forum.tag"]).ids)],
                    **vals,
                }
            )
            .with_env(self.env)
        )

    def answer(self, user, question, text="Here is how."):
        return (
            self.Post.with_user(user)
            .create(
                {
                    "forum_id": self.forum.id,
                    "parent_id": question.id,
                    "content": "<p>%s</p>" % text,
                }
            )
            .with_env(self.env)
        )

    def set_create_date(self, records, date):
        records.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET create_date = %s, write_date = %s WHERE id = ANY(%s)",
                SQL.identifier(records._table),
                date,
                date,
                records.ids,
            )
        )
        records.invalidate_recordset(["create_date", "write_date"])

    def ledger(self, partner=None, type_code=None, records=None):
        domain = [("res_model", "in", FORUM_MODELS)]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        if type_code:
            domain.append(("type_id.code", "=", type_code))
        if records is not None:
            domain += [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        return self.Engagement.sudo().search(domain)

    def net(self, partner, type_code, record):
        key = (partner.id, type_code, record._name, record.id)
        return self.Engagement.sudo().get_net_points([key]).get(key, 0.0)

    def forum_points(self, partner):
        """Net forum points of a partner (undecayed), the sum its score is built from."""
        return sum(self.ledger(partner=partner).mapped("points"))
