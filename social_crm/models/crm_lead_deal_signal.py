from collections import defaultdict
from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_date


class CrmLead(models.Model):
    """Deal signals: community engagement of an account reaches its open opportunities.

    Read from the ledger, so every producer (forum, ideas, listening, any future one) feeds
    it without knowing it: once a day, the engagement recorded that day by the people of a
    company that has open opportunities becomes one digest note per opportunity in its
    chatter, and engagement of a "question or complaint" type an activity for the
    opportunity's salesperson. People without contact consent are left out: deal signals
    are used for outreach.
    """

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    social_crm_signal_date = fields.Date(
        string="Last Deal Signal",
        readonly=True,
        copy=False,
        help="Day of the last community digest posted on this opportunity.",
    )

    @api.model
    def _cron_social_crm_deal_signals(self, day=None):
        """Post the digests of ``day`` (default: yesterday, UTC); once per opportunity and day."""
        day = fields.Date.to_date(day) if day else fields.Date.today() - timedelta(days=1)
        rows = self._social_crm_deal_signal_rows(day)
        by_lead = defaultdict(list)
        for row in rows:
            by_lead[row["lead_id"]].append(row)
        leads = self.browse(by_lead).sudo()
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for lead in leads:
            lead_rows = by_lead[lead.id]
            lead.message_post(
                body=self._social_crm_deal_signal_body(day, lead_rows),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            questions = [row for row in lead_rows if row["is_question"]]
            if questions and lead.user_id:
                names = sorted({row["partner_name"] for row in questions})
                lead.activity_schedule(
                    activity_type_id=activity_type.id if activity_type else False,
                    summary=self.env._("Follow up on community questions"),
                    note=self.env._(
                        "%(people)s asked or complained in the community on %(day)s.",
                        people=", ".join(names),
                        day=format_date(self.env, day),
                    ),
                    user_id=lead.user_id.id,
                )
        leads.social_crm_signal_date = day
        return leads.with_env(self.env)

    @api.model
    def _social_crm_deal_signal_rows(self, day):
        """Net engagement of ``day`` per (open opportunity, person, type), in one query.

        Rows are taken by the day they were recorded (a mention attributed today counts
        today, whatever its original date); a vote given and withdrawn the same day nets
        to zero and is left out.
        """
        self.env["social.engagement"].flush_model()
        self.env["res.partner"].flush_model(["commercial_partner_id", "community_contact_consent", "name"])
        self.flush_model(["partner_id", "type", "active", "stage_id", "company_id", "social_crm_signal_date"])
        start = datetime.combine(day, time.min)
        self.env.cr.execute(
            SQL(
                """
                WITH net AS (
                    SELECT e.partner_id, e.commercial_partner_id, e.type_id, e.company_id,
                           e.res_model, e.res_id, SUM(e.points) AS points,
                           COUNT(*) FILTER (WHERE NOT e.is_compensation) AS events
                      FROM social_engagement e
                     WHERE e.create_date >= %(start)s AND e.create_date < %(stop)s
                  GROUP BY 1, 2, 3, 4, 5, 6
                    HAVING ROUND(SUM(e.points)::numeric, 6) <> 0
                )
                SELECT l.id, p.id, p.name, t.id, t.is_question, SUM(n.events)::int, SUM(n.points)
                  FROM net n
                  JOIN res_partner p ON p.id = n.partner_id AND p.community_contact_consent
                  JOIN social_engagement_type t ON t.id = n.type_id
                  JOIN res_partner lp ON lp.commercial_partner_id = n.commercial_partner_id
                  JOIN crm_lead l ON l.partner_id = lp.id
             LEFT JOIN crm_stage s ON s.id = l.stage_id
                 WHERE l.type = 'opportunity' AND l.active AND NOT COALESCE(s.is_won, FALSE)
                   AND (l.company_id IS NULL OR l.company_id = n.company_id)
                   AND (l.social_crm_signal_date IS NULL OR l.social_crm_signal_date < %(day)s)
              GROUP BY l.id, p.id, p.name, t.id, t.is_question
              ORDER BY l.id, p.name, t.id
                """,
                start=start,
                stop=start + timedelta(days=1),
                day=day,
            )
        )
        return [
            {
                "lead_id": lead_id,
                "partner_id": partner_id,
                "partner_name": partner_name,
                "type_id": type_id,
                "is_question": is_question,
                "count": count,
                "points": points,
            }
            for lead_id, partner_id, partner_name, type_id, is_question, count, points in (self.env.cr.fetchall())
        ]

    @api.model
    def _social_crm_deal_signal_body(self, day, rows):
        types = self.env["social.engagement.type"].browse({row["type_id"] for row in rows})
        names = {t.id: t.display_name for t in types.sudo()}  # in the user's language
        items = Markup("").join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(person)s: %(type)s × %(count)s (%(points)s points)",
                person=row["partner_name"],
                type=names[row["type_id"]],
                count=row["count"],
                points=round(row["points"], 2),
            )
            for row in rows
        )
        title = self.env._("Community activity of this account on %(day)s:", day=format_date(self.env, day))
        return Markup("<p>%s</p><ul>%s</ul>") % (title, items)
