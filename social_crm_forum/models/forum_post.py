from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# Fields whose change can turn the engagement of a post (and of its votes) on or off.
POST_ENGAGEMENT_FIELDS = {"active", "state", "is_correct", "closed_reason_id", "parent_id"}
# Of those, the ones that change whether the post counts at all (not only acceptance).
POST_VISIBILITY_FIELDS = {"active", "state", "closed_reason_id", "parent_id"}
# Moderation states in which a post still counts as a contribution.
COUNTED_STATES = ("active", "close", "flagged")
# Closing reasons that mean "refused by moderation" (the same ones that cost karma in stock).
REFUSED_REASON_XMLIDS = ("website_forum.reason_7", "website_forum.reason_8")

QUESTION_TYPES = ("forum_question",)
ANSWER_TYPES = ("forum_answer", "forum_answer_accepted")
VOTE_TYPES = ("forum_upvote_received", "forum_downvote_received")


class ForumPost(models.Model):
    _name = "forum.post"
    _inherit = ["forum.post", "mail.activity.mixin"]

    is_official_answer = fields.Boolean(
        "Official Answer",
        compute="_compute_is_official_answer",
        compute_sudo=True,
        help="Answer written by an employee (internal user) of the company.",
    )
    lead_ids = fields.One2many(
        "crm.lead",
        "forum_post_id",
        string="Opportunities",
        groups="sales_team.group_sale_salesman",
    )
    lead_count = fields.Integer(
        "Opportunity Count",
        compute="_compute_lead_count",
        groups="sales_team.group_sale_salesman",
    )
    social_crm_signal_lead_done = fields.Boolean(
        "Buying Signal Handled",
        readonly=True,
        copy=False,
        help="An opportunity was already created automatically from a buying-signal tag.",
    )
    social_crm_escalated = fields.Boolean(
        "Escalated",
        readonly=True,
        copy=False,
        help="The unanswered question was already escalated to the forum's responsible.",
    )

    @api.depends("parent_id", "create_uid.share")
    def _compute_is_official_answer(self):
        for post in self:
            post.is_official_answer = bool(post.parent_id and post.create_uid and not post.create_uid.share)

    @api.depends("lead_ids")
    def _compute_lead_count(self):
        counts = dict(
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group([("forum_post_id", "in", self.ids)], ["forum_post_id"], ["__count"])
        )
        for post in self:
            post.lead_count = counts.get(post, 0)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        posts = super().create(vals_list)
        self._social_crm_sync_engagement(posts=posts)
        posts._social_crm_create_signal_leads()
        return posts

    def write(self, vals):
        res = super().write(vals)
        touched = POST_ENGAGEMENT_FIELDS.intersection(vals)
        if touched:
            posts = self.sudo().with_context(active_test=False)
            votes = self.env["forum.post.vote"]
            if POST_VISIBILITY_FIELDS.intersection(touched):
                # answers count only while their question does; votes follow their post
                posts |= posts.child_ids
                votes = posts.vote_ids
            self._social_crm_sync_engagement(posts=posts, votes=votes)
        if {"state", "tag_ids", "active"}.intersection(vals):
            self._social_crm_create_signal_leads()
        return res

    def unlink(self):
        # answers and votes go with the post (ondelete cascade): compensate them all first
        posts = self.sudo().with_context(active_test=False)
        posts |= posts.child_ids
        self._social_crm_sync_engagement(posts=posts, votes=posts.vote_ids, removed=True)
        return super().unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_create_opportunity(self):
        """Create (or open) the opportunity of a question, for the asker's company."""
        self.ensure_one()
        if self.parent_id:
            raise UserError(self.env._("Opportunities are created from questions, not answers."))
        self.env["crm.lead"].check_access("create")
        lead = self.lead_ids[:1]
        if not lead:
            lead = self._social_crm_create_leads(self.forum_id.crm_team_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "view_mode": "form",
            "res_id": lead.id,
        }

    def action_view_opportunities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [("forum_post_id", "=", self.id)]
        action["context"] = {"default_forum_post_id": self.id, "active_test": False}
        return action

    # ------------------------------------------------------------------
    # Engagement producer
    # ------------------------------------------------------------------

    @api.model
    def _social_crm_refused_reason_ids(self):
        # cached lookup: no query on the vote hot path
        IrModelData = self.env["ir.model.data"]
        reason_ids = (IrModelData._xmlid_to_res_id(xmlid, raise_if_not_found=False) for xmlid in REFUSED_REASON_XMLIDS)
        return [reason_id for reason_id in reason_ids if reason_id]

    def _social_crm_is_counted(self, refused_reason_ids):
        """Whether the post is a contribution that earns engagement right now."""
        self.ensure_one()
        return bool(
            self.active
            and self.state in COUNTED_STATES
            and not (self.state == "close" and self.closed_reason_id.id in refused_reason_ids)
        )

    @api.model
    def _social_crm_sync_engagement(self, posts=None, votes=None, removed=False):
        """Bring the ledger in line with the current state of posts and votes.

        For every origin (post or vote) the events that should be "on" are compared
        with the net points already in the ledger: missing events are recorded,
        events no longer deserved are compensated. Running it twice writes nothing,
        so every reversal path (vote changed, unaccepted, archived, refused,
        deleted) is covered by the same few set-based calls.
        """
        posts = (posts or self.browse()).sudo().with_context(active_test=False)
        votes = (votes or self.env["forum.post.vote"]).sudo()
        if not posts and not votes:
            return
        refused = self._social_crm_refused_reason_ids()
        counted = {}

        def is_counted(post):
            if post.id not in counted:
                counted[post.id] = post._social_crm_is_counted(refused) and (
                    not post.parent_id or post.parent_id._social_crm_is_counted(refused)
                )
            return counted[post.id]

        possible, desired = set(), set()
        for post in posts:
            partner = post.create_uid.partner_id
            if not partner:
                continue
            codes = ANSWER_TYPES if post.parent_id else QUESTION_TYPES
            keys = {code: (partner.id, code, "forum.post", post.id) for code in codes}
            possible.update(keys.values())
            if removed or not is_counted(post):
                continue
            if post.parent_id:
                desired.add(keys["forum_answer"])
                # accepting one's own answer to one's own question earns nothing
                if post.is_correct and not post.self_reply:
                    desired.add(keys["forum_answer_accepted"])
            else:
                desired.add(keys["forum_question"])
        for vote in votes:
            post = vote.post_id
            partner = post.create_uid.partner_id
            if not partner:
                continue
            keys = {code: (partner.id, code, "forum.post.vote", vote.id) for code in VOTE_TYPES}
            possible.update(keys.values())
            # self-votes (only possible for admins) earn nothing
            if removed or vote.user_id == post.create_uid or not is_counted(post):
                continue
            if vote.vote == "1":
                desired.add(keys["forum_upvote_received"])
            elif vote.vote == "-1":
                desired.add(keys["forum_downvote_received"])
        if not possible:
            return
        Engagement = self.env["social.engagement"].sudo()
        net = self._social_crm_net_points(possible)
        to_compensate = [key for key in possible - desired if net.get(key)]
        to_record = [key for key in desired if not net.get(key)]
        if to_compensate:
            Engagement.compensate_events([self._social_crm_event(key) for key in to_compensate])
        if to_record:
            Engagement.record_events([self._social_crm_event(key) for key in to_record])

    @api.model
    def _social_crm_net_points(self, keys):
        """Net ledger points of forum origins, keyed like ``get_net_points``.

        Same result as ``social.engagement.get_net_points`` but restricted to the
        given origins in SQL: the core's version reads every row of the partners
        for the type codes, which grows with the author's whole forum history and
        sits on the hot path of every vote.
        """
        if not keys:
            return {}
        self.env["social.engagement"].flush_model()
        origins = defaultdict(set)
        for _partner_id, _code, res_model, res_id in keys:
            origins[res_model].add(res_id)
        self.env.cr.execute(
            SQL(
                """
            SELECT e.partner_id, t.code, e.res_model, e.res_id, SUM(e.points)
              FROM social_engagement e
              JOIN social_engagement_type t ON t.id = e.type_id
             WHERE e.partner_id = ANY(%(partners)s)
               AND (%(origins)s)
          GROUP BY 1, 2, 3, 4
            """,
                partners=list({key[0] for key in keys}),
                origins=SQL(" OR ").join(
                    SQL("(e.res_model = %s AND e.res_id = ANY(%s))", res_model, list(res_ids))
                    for res_model, res_ids in origins.items()
                ),
            )
        )
        return {
            (partner_id, code, res_model, res_id): round(points, 6)
            for partner_id, code, res_model, res_id, points in self.env.cr.fetchall()
        }

    @api.model
    def _social_crm_event(self, key, date=None):
        partner_id, type_code, res_model, res_id = key
        event = {
            "partner_id": partner_id,
            "type_code": type_code,
            "res_model": res_model,
            "res_id": res_id,
        }
        if date:
            event["date"] = date
        return event

    @api.model
    def _social_crm_backfill_engagement(self):
        """Record the forum history once, with its original dates, in one statement.

        The events that the current state of the forum deserves are computed and
        inserted by a single INSERT ... SELECT (the daily caps of the types applied
        per partner, type and day, as ``record_events`` does); origins that already
        have a row of the same type in the ledger are skipped, so reinstalling or
        upgrading never duplicates. Scores of the touched partners are then
        recomputed in one statement. Returns the number of events recorded.

        The rows have no author (create_uid): they were written by the installation,
        and every foreign key checked per row costs seconds on a big forum.
        """
        self.env.flush_all()
        # fresh planner statistics: the forum tables may have just been filled (imports,
        # migrations) and a plan built on stale estimates turns this join quadratic
        self.env.cr.execute(SQL("ANALYZE forum_post, forum_post_vote, res_users, social_engagement"))
        refused = self._social_crm_refused_reason_ids() or [0]

        def counted_sql(alias):
            post = SQL.identifier(alias)
            return SQL(
                "(%(post)s.active AND %(post)s.state IN %(states)s AND NOT ("
                "%(post)s.state = 'close'"
                " AND COALESCE(%(post)s.closed_reason_id, 0) = ANY(%(refused)s)))",
                post=post,
                states=COUNTED_STATES,
                refused=refused,
            )

        counted = counted_sql("p")
        counted_q = SQL("(q.id IS NULL OR %s)", counted_sql("q"))
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
            WITH events AS (
                SELECT u.partner_id, CASE WHEN p.parent_id IS NULL
                       THEN 'forum_question' ELSE 'forum_answer' END AS type_code,
                       'forum.post' AS res_model, p.id AS res_id, p.create_date AS date
                  FROM forum_post p
                  JOIN res_users u ON u.id = p.create_uid
             LEFT JOIN forum_post q ON q.id = p.parent_id
                 WHERE %(counted)s AND %(counted_q)s
             UNION ALL
                SELECT u.partner_id, 'forum_answer_accepted', 'forum.post', p.id,
                       p.write_date
                  FROM forum_post p
                  JOIN res_users u ON u.id = p.create_uid
                  JOIN forum_post q ON q.id = p.parent_id
                 WHERE p.is_correct AND q.create_uid IS DISTINCT FROM p.create_uid
                   AND %(counted)s AND %(counted_q)s
             UNION ALL
                SELECT u.partner_id, CASE WHEN v.vote = '1'
                       THEN 'forum_upvote_received' ELSE 'forum_downvote_received' END,
                       'forum.post.vote', v.id, COALESCE(v.write_date, v.create_date)
                  FROM forum_post_vote v
                  JOIN forum_post p ON p.id = v.post_id
                  JOIN res_users u ON u.id = p.create_uid
             LEFT JOIN forum_post q ON q.id = p.parent_id
                 WHERE v.vote IN ('1', '-1') AND v.user_id IS DISTINCT FROM p.create_uid
                   AND %(counted)s AND %(counted_q)s
            ), new_events AS (
                SELECT e.partner_id, e.res_model, e.res_id, e.date, t.id AS type_id,
                       t.channel_id, t.default_points, t.daily_cap
                  FROM events e
                  JOIN social_engagement_type t ON t.code = e.type_code
                 WHERE e.partner_id IS NOT NULL
                   AND NOT EXISTS (
                        SELECT 1
                          FROM social_engagement l
                         WHERE l.res_model = e.res_model AND l.res_id = e.res_id
                           AND l.partner_id = e.partner_id AND l.type_id = t.id)
            ), already AS (
                SELECT l.partner_id, l.type_id, l.date::date AS day, SUM(l.points) AS points
                  FROM social_engagement l
                  JOIN social_engagement_type t ON t.id = l.type_id
                 WHERE t.code IN %(codes)s AND t.daily_cap > 0 AND l.points > 0
              GROUP BY 1, 2, 3
            ), capped AS (
                SELECT n.*,
                       CASE WHEN n.daily_cap > 0 AND n.default_points > 0
                            THEN LEAST(n.default_points, GREATEST(
                                n.daily_cap - COALESCE(a.points, 0)
                                - COALESCE(SUM(n.default_points) OVER (
                                    PARTITION BY n.partner_id, n.type_id, n.date::date
                                    ORDER BY n.date, n.res_id
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0),
                                0))
                            ELSE n.default_points END AS points
                  FROM new_events n
             LEFT JOIN already a ON a.partner_id = n.partner_id AND a.type_id = n.type_id
                                AND a.day = n.date::date
            )
            INSERT INTO social_engagement (
                partner_id, commercial_partner_id, type_id, channel_id, points, date,
                res_model, res_id, company_id, is_compensation, create_date, write_date)
            SELECT c.partner_id, rp.commercial_partner_id, c.type_id, c.channel_id, c.points,
                   c.date, c.res_model, c.res_id, COALESCE(rp.company_id, %(company)s), FALSE,
                   %(now)s, %(now)s
              FROM capped c
              JOIN res_partner rp ON rp.id = c.partner_id
             WHERE c.points <> 0
         RETURNING partner_id
            """,
                counted=counted,
                counted_q=counted_q,
                codes=QUESTION_TYPES + ANSWER_TYPES + VOTE_TYPES,
                company=self.env.company.id,
                now=now,
            )
        )
        partner_ids = [row[0] for row in self.env.cr.fetchall()]
        self.env["social.engagement"].invalidate_model()
        if partner_ids:
            self.env["res.partner"]._recompute_ambassador_scores(list(set(partner_ids)))
        return len(partner_ids)

    # ------------------------------------------------------------------
    # Question -> opportunity
    # ------------------------------------------------------------------

    def _social_crm_create_signal_leads(self):
        """Open one opportunity per new question carrying a buying-signal tag."""
        questions = self.sudo().filtered(
            lambda p: (
                not p.parent_id
                and p.active
                and p.state == "active"
                and not p.social_crm_signal_lead_done
                and any(tag.is_buying_signal for tag in p.tag_ids)
            )
        )
        if not questions:
            return self.env["crm.lead"]
        questions.social_crm_signal_lead_done = True
        leads = self.env["crm.lead"]
        for forum, forum_questions in questions.grouped("forum_id").items():
            leads |= forum_questions._social_crm_create_leads(forum.crm_team_id, signal=True)
        return leads

    def _social_crm_create_leads(self, team, signal=False):
        Lead = self.env["crm.lead"]
        if signal:
            # created on behalf of the asker (a portal user): no salesperson from the env
            Lead = Lead.sudo()
        vals_list = []
        for question in self:
            author = question.sudo().create_uid.partner_id
            tags = question.tag_ids.filtered("is_buying_signal") if signal else question.tag_ids
            vals = {
                "name": self.env._("Forum: %(title)s", title=question.name or ""),
                "type": "opportunity",
                "partner_id": author.id,
                "forum_post_id": question.id,
                "description": question.plain_content or False,
            }
            if team:
                vals["team_id"] = team.id
            if signal:
                vals["user_id"] = team.user_id.id if team else False
                vals["description"] = "%s\n\n%s" % (
                    self.env._("Buying signal on the forum: %(tags)s", tags=", ".join(tags.mapped("name"))),
                    question.plain_content or "",
                )
            vals_list.append(vals)
        return Lead.create(vals_list)

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------

    @api.model
    def _cron_escalate_unanswered_questions(self):
        """Schedule one activity per question left unanswered past its forum's delay."""
        now = fields.Datetime.now()
        forums = self.env["forum.forum"].search([("social_crm_escalation_hours", ">", 0)])
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        escalated = self.browse()
        for forum in forums:
            questions = self.search(
                [
                    ("forum_id", "=", forum.id),
                    ("parent_id", "=", False),
                    ("state", "=", "active"),
                    ("child_count", "=", 0),
                    ("social_crm_escalated", "=", False),
                    ("create_date", "<=", now - timedelta(hours=forum.social_crm_escalation_hours)),
                ]
            )
            responsible = forum.social_crm_escalation_user_id or forum.create_uid
            for question in questions:
                question.activity_schedule(
                    activity_type_id=activity_type.id if activity_type else False,
                    summary=self.env._("Unanswered forum question"),
                    note=self.env._(
                        "This question has had no answer for %(hours)s hours.",
                        hours=forum.social_crm_escalation_hours,
                    ),
                    user_id=responsible.id,
                )
            escalated |= questions
        escalated.social_crm_escalated = True
        return escalated
