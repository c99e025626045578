from odoo import api, fields, models


class SocialEngagement(models.Model):
    """Where an engagement row comes from: its source in the backend (the question, answer,
    idea, vote's post or idea, mention) and a line saying what it was, for the portal."""

    _inherit = "social.engagement"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    source_name = fields.Char(
        "Source",
        compute="_compute_source",
        help="What the event was on: the question, answer, idea or mention it comes from.",
    )

    @api.depends("res_model", "res_id")
    def _compute_source(self):
        sources = self._sources()
        for row in self:
            source = sources.get(row.id)
            row.source_name = source.display_name if source else False

    def _sources(self, user=None):
        """{row id: the record shown as the row's source}, for the rows whose source still
        exists and that ``user`` (default: the current user) may read. A producer shows another
        record than the origin through ``_social_crm_engagement_source`` (a vote: its post)."""
        user = user or self.env.user
        by_model = {}
        for row in self:
            if row.res_model in self.env and row.res_id:
                by_model.setdefault(row.res_model, []).append(row)
        candidates = {}
        for model_name, rows in by_model.items():
            origins = self.env[model_name].sudo().browse({row.res_id for row in rows}).exists()
            origin_ids = set(origins.ids)
            for row in rows:
                if row.res_id not in origin_ids:
                    continue
                origin = origins.browse(row.res_id)
                if hasattr(origin, "_social_crm_engagement_source"):
                    origin = origin._social_crm_engagement_source()
                if origin:
                    candidates[row.id] = origin
        # one access check per source model, not per row
        readable = set()
        by_source_model = {}
        for source in candidates.values():
            by_source_model.setdefault(source._name, set()).add(source.id)
        for model_name, ids in by_source_model.items():
            allowed = self.env[model_name].with_user(user).browse(ids)._filtered_access("read")
            readable.update((model_name, rid) for rid in allowed.ids)
        return {
            row_id: source.with_user(user)
            for row_id, source in candidates.items()
            if (source._name, source.id) in readable
        }

    def action_open_source(self):
        self.ensure_one()
        source = self._sources().get(self.id)
        if not source:
            return False
        return source.get_formview_action()

    def _portal_label(self, user):
        """{row id: "<type> on <source>"} for the portal's activity list."""
        sources = self._sources(user=user)
        labels = {}
        for row in self:
            source = sources.get(row.id)
            labels[row.id] = (
                self.env._("%(activity)s on %(record)s", activity=row.type_id.name, record=source.display_name)
                if source
                else row.type_id.name
            )
        return labels
