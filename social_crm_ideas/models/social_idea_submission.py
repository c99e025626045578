from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, html2plaintext

from .social_idea import AUTHOR_EDITABLE_FIELDS, DESCRIPTION_MAX_LENGTH, SYSTEM_FIELDS, TITLE_MAX_LENGTH

# The HTML a description is stored as (markup included), and a comment as typed.
DESCRIPTION_HTML_MAX_LENGTH = 8 * DESCRIPTION_MAX_LENGTH
COMMENT_MAX_LENGTH = 5000


class SocialIdea(models.Model):
    """What customers may submit and change: text limits, the submission rate, the author's
    edits, publication rights and the fields the system keeps (used by ``create``, ``write``
    and ``message_post`` in ``social_idea.py``)."""

    _inherit = "social.idea"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    def _check_comment_body(self, body):
        body = str(body)
        if "\x00" in body:
            raise ValidationError(self.env._("The comment contains a NUL character: remove it and send again."))
        # the raw size first: converting megabytes of markup to text is already the harm
        if len(body) > 4 * COMMENT_MAX_LENGTH or len(html2plaintext(body)) > COMMENT_MAX_LENGTH:
            raise ValidationError(
                self.env._("The comment is too long: at most %(max)s characters.", max=COMMENT_MAX_LENGTH)
            )

    @api.model
    def _check_text_vals(self, vals):
        """Title and description checked before they reach the database, with the limits in the
        error: PostgreSQL refuses NUL characters (a 500), and nothing huge is stored."""
        for fname in ("name", "description"):
            value = vals.get(fname)
            if isinstance(value, str) and "\x00" in value:
                raise ValidationError(
                    self.env._(
                        "The %(field)s contains a NUL character: remove it and send again.",
                        field=self._fields[fname]._description_string(self.env),
                    )
                )
        name = vals.get("name")
        if isinstance(name, str) and len(name.strip()) > TITLE_MAX_LENGTH:
            raise ValidationError(
                self.env._(
                    "The title is too long (%(length)s characters, at most %(max)s).",
                    length=len(name.strip()),
                    max=TITLE_MAX_LENGTH,
                )
            )
        description = vals.get("description")
        if isinstance(description, str) and (
            len(description) > DESCRIPTION_HTML_MAX_LENGTH or len(html2plaintext(description)) > DESCRIPTION_MAX_LENGTH
        ):
            raise ValidationError(
                self.env._(
                    "The description is too long: at most %(max)s characters.",
                    max=DESCRIPTION_MAX_LENGTH,
                )
            )

    def _check_system_fields(self, vals):
        if self.env.su:
            return
        forbidden = SYSTEM_FIELDS.intersection(vals)
        if forbidden:
            raise AccessError(
                self.env._(
                    "These fields are kept by the system and cannot be set: %(fields)s",
                    fields=", ".join(sorted(forbidden)),
                )
            )

    def _is_portal_user(self):
        return not self.env.su and self.env.user._is_portal()

    @api.model
    def _auto_publish(self):
        return not self.env["ir.config_parameter"].sudo().get_param("social_crm_ideas.review_before_publish")

    def _check_can_publish(self):
        if self.env.su:
            return
        if not self.env.user.has_group("social_crm.group_social_crm_manager"):
            raise AccessError(self.env._("Only Social CRM managers can publish ideas or change their status."))

    @api.model
    def _check_submission_rate(self, new_count=1):
        """At most ``social_crm_ideas.submission_rate_limit`` ideas per user and hour, exactly.

        Submissions of one person are serialized on their partner row: the row is locked, then
        counted, then written (last submission). A submission committed meanwhile by another
        request makes the lock fail with a serialization error, which Odoo retries: the retry
        counts it. No error is logged for that.
        """
        limit = int(self.env["ir.config_parameter"].sudo().get_param("social_crm_ideas.submission_rate_limit", 5))
        if not limit:
            return
        partner = self.env.user.partner_id.sudo()
        self.env.cr.execute(
            SQL("SELECT id FROM res_partner WHERE id = %s FOR NO KEY UPDATE", partner.id), log_exceptions=False
        )
        since = fields.Datetime.now() - timedelta(hours=1)
        recent = (
            self.sudo()
            .with_context(active_test=False)
            .search_count([("create_uid", "=", self.env.uid), ("create_date", ">=", since)])
        )
        if recent + new_count > limit:
            raise UserError(
                self.env._(
                    "You have already submitted %(count)s ideas in the last hour. Please wait before submitting more.",
                    count=recent,
                )
            )
        partner.idea_last_submission = fields.Datetime.now()

    def _check_author_edit(self, vals):
        unknown = set(vals) - AUTHOR_EDITABLE_FIELDS
        if unknown:
            raise AccessError(
                self.env._("You cannot change these fields: %(fields)s", fields=", ".join(sorted(unknown)))
            )
        partner = self.env.user.partner_id
        first_stage = self._default_stage_id()
        for idea in self:
            if idea.sudo().author_id != partner:
                raise AccessError(self.env._("You can only edit your own ideas."))
            if idea.stage_id != first_stage or idea.merged_into_id:
                raise UserError(
                    self.env._(
                        "The idea “%(idea)s” is already being reviewed and can no longer be edited.",
                        idea=idea.name,
                    )
                )
