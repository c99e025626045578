from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# Mail providers whose domain says nothing about the author's company.
PUBLIC_EMAIL_DOMAINS = {
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "web.de",
    "mail.com",
    "yandex.com",
    "example.com",
}
SUGGESTION_LIMIT = 8


class SocialMentionMatching(models.Model):
    """Who said it: a mention is attributed by the handle of its channel, then by e-mail.

    Only an unambiguous match attributes a mention automatically. The rest waits in the
    "Mentions to match" inbox, where a sales user links it to a contact (with suggestions,
    never linked on a guess); linking attributes every mention of that author, past and
    future, and their ledger events keep the dates the mentions were posted.
    """

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.mention"  # pylint: disable=consider-merging-classes-inherited

    def init(self):
        res = super().init()
        # the handle key of contacts, compared with mentions' author_key by _social_crm_match
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS social_partner_handle_key_index
                ON social_partner_handle (channel_id, lower(ltrim(btrim(handle), '@')))
            """
        )
        # matching by e-mail compares res_partner.email_normalized; Odoo only indexes it with
        # pg_trgm (index="trigram"), and without one each batch of the intake scans every
        # partner (40 ms per batch of 100 on 100,000 partners)
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner_email_normalized_social_crm_index
                ON res_partner (email_normalized) WHERE email_normalized IS NOT NULL
            """
        )
        return res

    def _social_crm_match(self):
        """Attribute these mentions when exactly one contact has the handle (or e-mail).

        Set-based: one statement matches, one sends the others to the inbox (or to the
        lead that already carries their author's conversation).
        """
        if not self:
            return
        self.flush_recordset()
        self.env["social.partner.handle"].flush_model()
        self.env["res.partner"].flush_model(["active", "email_normalized"])
        self.env.cr.execute(
            SQL(
                """
                WITH todo AS (
                    SELECT id, channel_id, author_key, author_email_key
                      FROM social_mention
                     WHERE id = ANY(%(ids)s) AND partner_id IS NULL AND status IN ('new', 'unmatched')
                ), by_handle AS (
                    SELECT t.id, MIN(h.partner_id) AS partner_id
                      FROM todo t
                      JOIN social_partner_handle h
                        ON h.channel_id = t.channel_id
                       AND lower(ltrim(btrim(h.handle), '@')) = t.author_key
                      JOIN res_partner p ON p.id = h.partner_id AND p.active
                  GROUP BY t.id
                    HAVING COUNT(DISTINCT h.partner_id) = 1
                ), by_email AS (
                    SELECT t.id, MIN(p.id) AS partner_id
                      FROM todo t
                      JOIN res_partner p ON p.email_normalized = t.author_email_key AND p.active
                     WHERE t.id NOT IN (SELECT id FROM by_handle)
                  GROUP BY t.id
                    HAVING COUNT(*) = 1
                ), found AS (
                    SELECT * FROM by_handle UNION ALL SELECT * FROM by_email
                )
                UPDATE social_mention m
                   SET partner_id = found.partner_id,
                       status = CASE WHEN m.answered_at IS NOT NULL THEN 'answered' ELSE 'matched' END
                  FROM found
                 WHERE m.id = found.id
                """,
                ids=self.ids,
            )
        )
        # given a partner from the start (created by hand): attributed as they are
        self.env.cr.execute(
            SQL(
                """
                UPDATE social_mention
                   SET status = CASE WHEN answered_at IS NOT NULL THEN 'answered' ELSE 'matched' END
                 WHERE id = ANY(%(ids)s) AND partner_id IS NOT NULL AND status = 'new'
                """,
                ids=self.ids,
            )
        )
        # the others wait in the inbox, unless their author's conversation already fed a lead
        self.env.cr.execute(
            SQL(
                """
                UPDATE social_mention m
                   SET status = 'unmatched',
                       lead_id = COALESCE(m.lead_id, (
                           SELECT o.lead_id
                             FROM social_mention o
                            WHERE o.channel_id = m.channel_id AND o.author_key = m.author_key
                              AND o.partner_id IS NULL AND o.lead_id IS NOT NULL AND o.id <> m.id
                         ORDER BY o.id DESC
                            LIMIT 1))
                 WHERE m.id = ANY(%(ids)s) AND m.partner_id IS NULL AND m.status = 'new'
                """,
                ids=self.ids,
            )
        )
        self.invalidate_recordset(["partner_id", "status", "lead_id"])

    # ------------------------------------------------------------------
    # Inbox: suggestions and linking
    # ------------------------------------------------------------------

    def _social_crm_suggestions(self):
        """[(partner, reason)] of likely authors of these mentions; nothing is linked here."""
        Partner = self.env["res.partner"]
        found = {}

        def add(partners, reason):
            for partner in partners:
                if partner not in found and len(found) < SUGGESTION_LIMIT:
                    found[partner] = reason

        keys = {m.author_key for m in self if m.author_key}
        emails = {m.author_email_key for m in self if m.author_email_key}
        names = {m.author_name.strip() for m in self if m.author_name and m.author_name.strip()}
        if keys:
            self.env["social.partner.handle"].flush_model()
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM social_partner_handle WHERE lower(ltrim(btrim(handle), '@')) = ANY(%s) ORDER BY id",
                    sorted(keys),
                )
            )
            handles = self.env["social.partner.handle"].browse(row[0] for row in self.env.cr.fetchall())
            for handle in handles:
                add(handle.partner_id, self.env._("Handle on %(channel)s", channel=handle.channel_id.name))
        if emails:
            add(
                Partner.search([("email_normalized", "in", list(emails))], limit=SUGGESTION_LIMIT),
                self.env._("Same e-mail"),
            )
        for name in names:
            add(Partner.search([("name", "=ilike", name)], limit=SUGGESTION_LIMIT), self.env._("Same name"))
        domains = {email.rsplit("@", 1)[1] for email in emails} - PUBLIC_EMAIL_DOMAINS
        for domain in sorted(domains):
            companies = Partner.search(
                [
                    ("is_company", "=", True),
                    "|",
                    ("email_normalized", "=ilike", f"%@{domain}"),
                    ("website", "ilike", domain),
                ],
                limit=SUGGESTION_LIMIT,
            )
            add(companies, self.env._("Company of the e-mail domain %(domain)s", domain=domain))
            add(
                companies.child_ids.filtered(lambda c: c.type == "contact"),
                self.env._("Works at %(domain)s", domain=domain),
            )
        return list(found.items())

    def _social_crm_link_partner(self, partner):
        """Attribute these mentions, and every unattributed mention of the same author, to ``partner``.

        The author's handles are kept on the contact (so that future mentions match on
        arrival) and the mentions' ledger events are written with the dates the mentions
        were posted. Returns the mentions attributed.
        """
        if not partner:
            raise UserError(self.env._("Choose the contact to link these mentions to."))
        partner.ensure_one()
        self.check_access("write")
        mentions = self.sudo()
        handles = self.env["social.partner.handle"]
        for channel, key, handle in {(m.channel_id, m.author_key, m.author_handle) for m in mentions if m.author_key}:
            if not channel.allows_handle:
                continue
            known = partner.community_handle_ids.filtered(
                lambda h, c=channel, k=key: h.channel_id == c and (h.handle or "").strip().lstrip("@").lower() == k
            )
            if not known:
                handles.create({"partner_id": partner.id, "channel_id": channel.id, "handle": handle.strip()})
        emails = {m.author_email for m in mentions if m.author_email}
        if emails and not partner.email:
            partner.email = sorted(emails)[0]
        siblings = mentions.search(self._sibling_domain(mentions))
        to_link = mentions | siblings
        answered = to_link.filtered("answered_at")
        vals = {"partner_id": partner.id}
        if answered:
            answered.write({**vals, "status": "answered"})
        if to_link - answered:
            (to_link - answered).write({**vals, "status": "matched"})
        to_link._social_crm_apply_buying_signals()
        for mention in mentions:
            mention.message_post(
                body=self.env._(
                    "Linked to %(partner)s by %(user)s.", partner=partner.display_name, user=self.env.user.name
                )
            )
        return to_link.with_env(self.env)

    @api.model
    def _sibling_domain(self, mentions):
        """Unattributed, not ignored mentions of the same authors (handle on a channel, or e-mail)."""
        author = []
        for channel, key in {(m.channel_id.id, m.author_key) for m in mentions if m.author_key}:
            author.append(["&", ("channel_id", "=", channel), ("author_key", "=", key)])
        emails = list({m.author_email_key for m in mentions if m.author_email_key})
        if emails:
            author.append([("author_email_key", "in", emails)])
        if not author:
            return [("id", "=", 0)]
        any_author = ["|"] * (len(author) - 1) + [leaf for part in author for leaf in part]
        return [
            ("partner_id", "=", False),
            ("status", "!=", "ignored"),
            ("id", "not in", mentions.ids),
            *any_author,
        ]

    def _social_crm_create_partner(self):
        """A new contact from what the author told about themselves, then linked."""
        first = self[:1]
        if not first:
            return self.env["res.partner"]
        name = next((m.author_name for m in self if m.author_name), False) or first.author_handle or first.author_email
        partner = self.env["res.partner"].create(
            {
                "name": name,
                "email": next((m.author_email for m in self if m.author_email), False),
                "community_member": True,
            }
        )
        self._social_crm_link_partner(partner)
        return partner
