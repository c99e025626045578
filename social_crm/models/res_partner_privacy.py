import json

from odoo import models, tools
from odoo.exceptions import AccessError

# Community fields whose chatter tracking is personal community data (erased with it).
COMMUNITY_TRACKED_FIELDS = frozenset(
    {
        "community_member",
        "community_role",
        "community_contact_consent",
        "community_contact_consent_date",
        "community_contact_consent_source",
        "community_public_consent",
        "community_public_consent_date",
        "community_public_consent_source",
        "ambassador_tier_id",
    }
)


class ResPartner(models.Model):
    """A member's privacy rights on their community data: export it, or have it erased.

    The export streams the profile and the ledger as JSON (never stored); the erase removes
    the ledger rows, handles, consent, score and the history of the community fields.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    def action_erase_community_data(self):
        """Privacy erase: ledger rows, handles, consent and score of these partners, the history
        of their community fields and the exports made of them; one note says when it happened."""
        if not self.env.user.has_group("social_crm.group_social_crm_manager"):
            raise AccessError(self.env._("Only Social CRM managers can erase community data."))
        families = self | self.commercial_partner_id
        self.env["social.engagement"].sudo().with_context(social_crm_privacy_erase=True).search(
            [("partner_id", "in", self.ids)]
        ).unlink()
        self.sudo().community_handle_ids.unlink()
        self.sudo().with_context(tracking_disable=True).write(
            {
                "community_member": False,
                "community_join_date": False,
                "community_last_activity": False,
                "community_contact_consent": False,
                "community_contact_consent_date": False,
                "community_contact_consent_source": False,
                "community_public_consent": False,
                "community_public_consent_date": False,
                "community_public_consent_source": False,
            }
        )
        self._recompute_ambassador_scores(families.ids)
        # The rescore is stored now; its tracking (the tier they lost, written at commit) is
        # community history too: it is dropped for these partners, like the history before it.
        self.env.flush_all()
        pending = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}", {})
        for partner_id in self.ids:
            pending.pop(partner_id, None)
        self._erase_community_history()
        self._community_export_attachments().unlink()
        for partner in self.sudo():
            partner.message_post(body=self.env._("Community data erased on request."), subtype_xmlid="mail.mt_note")
        return True

    def _erase_community_history(self):
        """Chatter tracking of community fields (consent history, tier changes) of these partners;
        messages left with neither text nor tracking nor attachment go with it."""
        fields_ = (
            self.env["ir.model.fields"]
            .sudo()
            .search([("model", "=", "res.partner"), ("name", "in", list(COMMUNITY_TRACKED_FIELDS))])
        )
        Tracking = self.env["mail.tracking.value"].sudo()
        trackings = Tracking.search(
            [
                ("field_id", "in", fields_.ids),
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "in", self.ids),
            ]
        )
        messages = trackings.mail_message_id
        trackings.unlink()
        messages.filtered(
            lambda m: (
                not m.tracking_value_ids and not m.attachment_ids and not tools.html2plaintext(m.body or "").strip()
            )
        ).unlink()

    def _community_export_attachments(self):
        """Export files stored on these partners by earlier versions (exports are no longer stored)."""
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    ("name", "=like", "community-data-%.json"),
                ]
            )
        )

    def _check_community_export_access(self):
        """A Social CRM manager exports anyone; anybody else only their own data."""
        self.ensure_one()
        if self.env.su or self.env.user.has_group("social_crm.group_social_crm_manager"):
            return
        if self != self.env.user.partner_id:
            raise AccessError(self.env._("Only Social CRM managers can export the community data of someone else."))

    def action_export_community_data(self):
        """The profile and ledger as a JSON file, streamed (never stored as an attachment)."""
        self.ensure_one()
        self._check_community_export_access()
        return {
            "type": "ir.actions.act_url",
            "url": f"/social_crm/community_export/{self.id}",
            "target": "self",
        }

    def _get_community_export_json(self):
        self._check_community_export_access()
        return json.dumps(self.sudo()._get_community_export_data(), indent=2, default=str)

    def _get_community_export_data(self):
        self.ensure_one()
        ledger = self.env["social.engagement"].search([("partner_id", "=", self.id)], order="date, id")
        return {
            "partner": {
                "id": self.id,
                "name": self.name,
                "email": self.email,
                "community_member": self.community_member,
                "community_join_date": self.community_join_date,
                "community_role": self.community_role,
                "community_contact_consent": self.community_contact_consent,
                "community_contact_consent_date": self.community_contact_consent_date,
                "community_contact_consent_source": self.community_contact_consent_source,
                "community_public_consent": self.community_public_consent,
                "community_public_consent_date": self.community_public_consent_date,
                "community_public_consent_source": self.community_public_consent_source,
                "ambassador_score": self.ambassador_score,
                "ambassador_tier": self.ambassador_tier_id.name or None,
                "community_last_activity": self.community_last_activity,
                "handles": [
                    {"channel": h.channel_id.name, "handle": h.handle, "url": h.url} for h in self.community_handle_ids
                ],
            },
            "ledger": [
                {
                    "date": row.date,
                    "type": row.type_id.code,
                    "channel": row.channel_id.code,
                    "points": row.points,
                    "origin": row.res_model and f"{row.res_model},{row.res_id}" or None,
                    "compensation": row.is_compensation,
                }
                for row in ledger
            ],
        }
