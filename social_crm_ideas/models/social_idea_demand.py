from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


class SocialIdea(models.Model):
    """Demand value: the open pipeline of the distinct companies voting for an idea.

    A stored compute: it follows the votes (``@api.depends``) and the pipeline (crm.lead marks
    the ideas its changes concern, see crm_lead.py), once per transaction. The button and
    the nightly job recompute every idea in one statement.
    """

    # one job per file (docs/ARCHITECTURE.md), against OCA's advice to merge the inheriting classes
    _inherit = "social.idea"  # pylint: disable=consider-merging-classes-inherited

    demand_value = fields.Monetary(
        compute="_compute_demand_value",
        store=True,
        readonly=True,
        copy=False,
        groups="base.group_user",
        aggregator="sum",
        help="Expected revenue of the open opportunities of the distinct companies voting for this idea.",
    )
    demand_company_count = fields.Integer(
        "Voting Companies",
        compute="_compute_demand_value",
        store=True,
        readonly=True,
        copy=False,
        groups="base.group_user",
    )

    @api.depends("vote_ids.voter_company_id")
    def _compute_demand_value(self):
        demand = {}
        if self.ids:
            self._flush_demand_dependencies()
            self.env.cr.execute(self._demand_query(self.ids))
            demand = {idea_id: (value, companies) for idea_id, value, companies in self.env.cr.fetchall()}
        for idea in self:
            idea.demand_value, idea.demand_company_count = demand.get(idea.id, (0.0, 0))

    def action_refresh_demand(self):
        """Recompute the demand value of every idea, in one statement (a backend button:
        a full recompute, so nobody outside the Social CRM groups may trigger it)."""
        if not self.env.su and not self.env.user.has_group("social_crm.group_social_crm_user"):
            raise AccessError(self.env._("Only Social CRM users can recompute the demand of ideas."))
        self._refresh_demand_values()
        return True

    @api.model
    def _flush_demand_dependencies(self):
        self.env["social.idea.vote"].flush_model(["idea_id", "partner_id"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["crm.lead"].flush_model(["partner_id", "expected_revenue", "stage_id", "active", "type"])
        self.env["crm.stage"].flush_model(["is_won"])

    @api.model
    def _demand_query(self, idea_ids=None):
        """SELECT idea id, demand value, voting companies (None: every idea)."""
        if idea_ids is not None:
            idea_filter = SQL("WHERE i.id = ANY(%s)", list(idea_ids))
            vote_filter = SQL("WHERE v.idea_id = ANY(%s)", list(idea_ids))
        else:
            idea_filter = vote_filter = SQL("")
        return SQL(
            """
            WITH voters AS (
                SELECT DISTINCT v.idea_id, p.commercial_partner_id AS company_id
                  FROM social_idea_vote v
                  JOIN res_partner p ON p.id = v.partner_id
                  %(vote_filter)s
            ),
            pipeline AS (
                SELECT lp.commercial_partner_id AS company_id, SUM(l.expected_revenue) AS revenue
                  FROM crm_lead l
                  JOIN res_partner lp ON lp.id = l.partner_id
             LEFT JOIN crm_stage s ON s.id = l.stage_id
                 WHERE l.active
                   AND l.type = 'opportunity'
                   AND COALESCE(s.is_won, FALSE) = FALSE
                   AND lp.commercial_partner_id IN (SELECT company_id FROM voters)
              GROUP BY lp.commercial_partner_id
            )
            SELECT i.id, COALESCE(SUM(pipeline.revenue), 0), COUNT(voters.company_id)
              FROM social_idea i
         LEFT JOIN voters ON voters.idea_id = i.id
         LEFT JOIN pipeline ON pipeline.company_id = voters.company_id
              %(idea_filter)s
          GROUP BY i.id
            """,
            vote_filter=vote_filter,
            idea_filter=idea_filter,
        )

    @api.model
    def _refresh_demand_values(self):
        """Recompute every idea's demand value in one statement (the button, the nightly job)."""
        self._flush_demand_dependencies()
        self._store_computed(self._demand_query(), ["demand_value", "demand_company_count"])

    @api.model
    def _mark_demand_of_companies(self, company_ids):
        """The pipeline of these commercial partners changed: recompute the ideas they vote for."""
        company_ids = [cid for cid in company_ids if cid]
        if not company_ids:
            return
        ideas = self.env["social.idea.vote"].sudo().search([("voter_company_id", "in", company_ids)]).idea_id
        for fname in ("demand_value", "demand_company_count"):
            self.env.add_to_compute(self._fields[fname], ideas)
