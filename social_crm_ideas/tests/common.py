from odoo.tests import new_test_user

from odoo.addons.social_crm.tests.common import SocialCrmCommon


class IdeasCommon(SocialCrmCommon):
    """Ideas, voters and settings that do not depend on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ICP = cls.env["ir.config_parameter"].sudo()
        ICP.set_param("social_crm_ideas.vote_budget", 0)
        ICP.set_param("social_crm_ideas.submission_rate_limit", 5)
        ICP.set_param("social_crm_ideas.review_before_publish", False)
        cls.stage_new = cls.env.ref("social_crm_ideas.idea_stage_new")
        cls.stage_review = cls.env.ref("social_crm_ideas.idea_stage_review")
        cls.stage_planned = cls.env.ref("social_crm_ideas.idea_stage_planned")
        cls.stage_done = cls.env.ref("social_crm_ideas.idea_stage_done")
        cls.stage_declined = cls.env.ref("social_crm_ideas.idea_stage_declined")
        cls.tag = cls.env["social.idea.tag"].create({"name": "Test Tag Ideas"})
        cls.other_company = cls.env["res.partner"].create({"name": "Other Voting Corp", "is_company": True})
        cls.partner_frank = cls.env["res.partner"].create(
            {"name": "Frank Other", "email": "frank@example.com", "parent_id": cls.other_company.id}
        )
        cls.user_employee = new_test_user(
            cls.env, login="ideas_employee", groups="base.group_user", name="Erin Employee"
        )
        cls.Idea = cls.env["social.idea"]
        cls.Vote = cls.env["social.idea.vote"]
        cls.idea = cls.create_idea("Test idea: calendar sync with our ERP", cls.partner_alice)

    @classmethod
    def create_idea(cls, name, author, **vals):
        return cls.env["social.idea"].create({"name": name, "author_id": author.id, "is_published": True, **vals})

    @classmethod
    def vote(cls, idea, partner):
        return cls.env["social.idea.vote"].create({"idea_id": idea.id, "partner_id": partner.id})

    def net_points(self, partner, code, res_model, res_id):
        key = (partner.id, code, res_model, res_id)
        return self.env["social.engagement"].sudo().get_net_points([key])[key]
