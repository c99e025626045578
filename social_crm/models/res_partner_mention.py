from odoo import fields, models

from .social_mention_intake import tombstone_key

PARTNER_MENTION_LIMIT = 40


class ResPartner(models.Model):
    """Mentions on the contact: the Conversations tab, and mentions in export and erase."""

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    community_mention_ids = fields.One2many(
        "social.mention",
        compute="_compute_community_mention_ids",
        string="Conversations",
        groups="social_crm.group_social_crm_user",
    )
    community_mention_count = fields.Integer(
        compute="_compute_community_mention_ids", string="Mentions", groups="social_crm.group_social_crm_user"
    )

    def _compute_community_mention_ids(self):
        Mention = self.env["social.mention"]
        counts = dict(
            Mention._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]) if self.ids else []
        )
        for partner in self:
            if not partner.id:
                partner.community_mention_ids = Mention
                partner.community_mention_count = 0
                continue
            # a company shows what its people said
            domain = (
                [("partner_id", "child_of", partner.id)] if partner.is_company else [("partner_id", "=", partner.id)]
            )
            partner.community_mention_ids = Mention.search(domain, limit=PARTNER_MENTION_LIMIT)
            partner.community_mention_count = (
                Mention.search_count(domain) if partner.is_company else counts.get(partner, 0)
            )

    def action_view_community_mentions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("social_crm.social_mention_action")
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Privacy
    # ------------------------------------------------------------------

    def _social_crm_personal_mentions(self):
        """Every mention of these people: attributed to them, or unattributed but carrying
        one of their handles (on its channel) or their e-mail."""
        Mention = self.env["social.mention"].sudo().with_context(active_test=False)
        domains = [[("partner_id", "in", self.ids)]]
        for handle in self.sudo().community_handle_ids:
            key = (handle.handle or "").strip().lstrip("@").strip().lower()
            if key:
                domains.append(
                    [("partner_id", "=", False), ("channel_id", "=", handle.channel_id.id), ("author_key", "=", key)]
                )
        emails = [email for email in self.sudo().mapped("email_normalized") if email]
        if emails:
            domains.append([("partner_id", "=", False), ("author_email_key", "in", emails)])
        domain = ["|"] * (len(domains) - 1) + [leaf for part in domains for leaf in ["&"] * (len(part) - 1) + part]
        return Mention.search(domain)

    def _get_community_export_data(self):
        data = super()._get_community_export_data()
        data["mentions"] = [
            {
                "channel": mention.channel_id.code,
                "external_id": mention.external_id,
                "kind": mention.kind,
                "url": mention.url or None,
                "title": mention.title or None,
                "excerpt": mention.excerpt or None,
                "author_handle": mention.author_handle or None,
                "author_name": mention.author_name or None,
                "author_email": mention.author_email or None,
                "posted_at": mention.posted_at,
                "status": mention.status,
                "answered_at": mention.answered_at or None,
            }
            for mention in self._social_crm_personal_mentions().sorted(lambda m: (m.posted_at, m.id))
        ]
        return data

    def action_erase_community_data(self):
        """Erase their mentions too, keeping only tombstones so that a redelivery stays out."""
        # found before super() erases the handles that identify unattributed mentions
        mentions = self._social_crm_personal_mentions()
        res = super().action_erase_community_data()
        if mentions:
            tombstones = {(m.channel_id.id, tombstone_key(m.external_id)) for m in mentions}
            Tombstone = self.env["social.mention.tombstone"].sudo()
            existing = Tombstone.search([("external_id_hash", "in", [key for _channel, key in tombstones])]).mapped(
                lambda t: (t.channel_id.id, t.external_id_hash)
            )
            Tombstone.create(
                [
                    {"channel_id": channel_id, "external_id_hash": key}
                    for channel_id, key in sorted(tombstones - set(existing))
                ]
            )
            # leads they fed keep their own history; only the link goes
            mentions.activity_ids.unlink()
            mentions.message_ids.unlink()
            mentions.with_context(social_crm_privacy_erase=True).unlink()
        return res
