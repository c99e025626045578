from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

ROADMAP_COLUMN_LIMIT = 12
SHIPPED_DAYS = 90
SHIPPED_LIMIT = 6
THANKED_VOTERS_LIMIT = 10
FEED_LIMIT = 50


class SocialIdea(models.Model):
    """The public roadmap: ideas by status, what shipped with thanks to its voters, the feed.

    The roadmap's columns are the stages a customer follows: every stage shown in the kanban
    (not folded) but the first one, where ideas wait for a first look (by default: under
    review, planned, in progress, done). Every read is a fixed number of queries whatever the
    number of ideas, stages or voters.
    """

    _inherit = "social.idea"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    @api.model
    def _shipped_domain(self):
        """A shipped idea: in an adopted stage that closes it (done)."""
        return [("stage_id.is_adopted", "=", True), ("stage_id.is_closed", "=", True)]

    @api.model
    def _roadmap_stages(self):
        stages = self.env["social.idea.stage"].search([("fold", "=", False)])
        return stages - stages[:1]

    @api.model
    def _roadmap_columns(self, domain, limit=ROADMAP_COLUMN_LIMIT):
        """[(stage, ideas, count)] of the roadmap: per column the most voted ideas of ``domain``;
        a closed column (done) shows the latest shipped first. Two queries, whatever the number
        of columns: the ranking of every column at once, then the ideas shown."""
        stages = self._roadmap_stages()
        closed = stages.filtered("is_closed")
        self.flush_model(["stage_id", "vote_count", "date_stage"])
        query = self._search(domain + [("stage_id", "in", stages.ids)])  # as the visitor: rules apply
        ranked = query.select(
            SQL.identifier("social_idea", "id"),
            SQL.identifier("social_idea", "stage_id"),
            SQL(
                """ROW_NUMBER() OVER (PARTITION BY social_idea.stage_id ORDER BY
                       CASE WHEN social_idea.stage_id = ANY(%(closed)s) THEN 0 ELSE social_idea.vote_count END DESC,
                       social_idea.date_stage DESC, social_idea.id DESC) AS rank""",
                closed=closed.ids,
            ),
            SQL("COUNT(*) OVER (PARTITION BY social_idea.stage_id) AS total"),
        )
        self.env.cr.execute(
            SQL("SELECT id, stage_id, total FROM (%s) ranked WHERE rank <= %s ORDER BY rank", ranked, limit)
        )
        rows = self.env.cr.fetchall()
        ideas = self.browse([row[0] for row in rows])
        ideas.fetch(["name", "vote_count", "stage_id", "date_stage"])
        by_stage, counts = {}, {}
        for idea, (_id, stage_id, total) in zip(ideas, rows, strict=True):
            by_stage.setdefault(stage_id, []).append(idea.id)
            counts[stage_id] = total
        return [(stage, self.browse(by_stage.get(stage.id, [])), counts.get(stage.id, 0)) for stage in stages]

    @api.model
    def _roadmap_shipped(self, domain, days=SHIPPED_DAYS, limit=SHIPPED_LIMIT):
        """[(idea, named voters, other voters)] of the ideas of ``domain`` shipped (adopted and
        closed) in the last ``days``. Only voters who gave public consent are named; the others
        are a count, which the idea's public vote count already tells."""
        since = fields.Datetime.now() - timedelta(days=days)
        ideas = self.search_fetch(
            domain + self._shipped_domain() + [("date_stage", ">=", since)],
            ["name", "vote_count", "stage_id", "date_stage"],
            order="date_stage desc, id desc",
            limit=limit,
        )
        # sudo: public consent and voters are internal; only consenting voters' names leave
        votes = (
            self.env["social.idea.vote"]
            .sudo()
            .search_fetch(
                [("idea_id", "in", ideas.ids), ("partner_id.community_public_consent", "=", True)],
                ["idea_id", "partner_id"],
                order="id",
            )
        )
        named = {idea.id: [] for idea in ideas}
        for vote in votes:
            named[vote.idea_id.id].append(vote.partner_id)
        shipped = []
        for idea in ideas:
            partners = named[idea.id][:THANKED_VOTERS_LIMIT]
            shipped.append((idea, [partner.name for partner in partners], max(idea.vote_count - len(partners), 0)))
        return shipped

    @api.model
    def _roadmap_feed_entries(self, domain, limit=FEED_LIMIT):
        """The latest status changes of the ideas of ``domain``: [(idea, tracking value)]."""
        ideas = self._search(domain)  # as the visitor: record rules apply
        stage_field = self.env["ir.model.fields"]._get("social.idea", "stage_id")
        # sudo: tracking values are internal; only these ideas' status changes are read, newest first
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "social.idea"),
                    ("res_id", "in", ideas),
                    ("tracking_value_ids.field_id", "=", stage_field.id),
                ],
                order="date desc, id desc",
                limit=limit,
            )
        )
        changes = messages.tracking_value_ids.filtered(lambda value: value.field_id == stage_field)
        changes = changes.sorted(lambda value: (value.mail_message_id.date, value.mail_message_id.id), reverse=True)
        return [(self.browse(change.mail_message_id.res_id), change) for change in changes]
