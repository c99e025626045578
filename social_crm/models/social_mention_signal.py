import re

from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError

from .social_mention import COUNTED_STATUSES

# an opportunity still in play: active (not lost), in no stage or in a stage that is not won
OPEN_OPPORTUNITY_DOMAIN = [
    ("type", "=", "opportunity"),
    "|",
    ("stage_id", "=", False),
    ("stage_id.is_won", "=", False),
]


def keyword_pattern(keywords):
    """Regular expression of comma-separated keywords, matched as whole words, any case."""
    words = sorted({w.strip() for w in (keywords or "").split(",") if w.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(%s)(?!\w)" % "|".join(re.escape(w) for w in words), re.IGNORECASE)


class SocialMentionSignal(models.Model):
    """Mentions into the pipeline: buying-signal keywords and "Create Lead" from the inbox.

    Like the forum's buying-signal tags, an attributed mention that carries one of the
    company's buying-signal keywords opens an opportunity for the customer's company, or
    adds a note to the one already open. People without contact consent are never used
    for outreach: their mentions open nothing.
    """

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.mention"  # pylint: disable=consider-merging-classes-inherited

    def _social_crm_signal_keywords(self):
        """The buying-signal keywords the mention's text carries (title and excerpt)."""
        self.ensure_one()
        pattern = keyword_pattern(self.company_id.social_crm_mention_keywords)
        if not pattern:
            return []
        text = "\n".join(filter(None, (self.title, self.excerpt)))
        return sorted({match.lower() for match in pattern.findall(text)})

    def _social_crm_apply_buying_signals(self):
        """Open (or update) one opportunity per signalling mention; returns the leads fed."""
        leads = self.env["crm.lead"]
        candidates = self.sudo().filtered(
            lambda m: (
                m.partner_id
                and m.status in COUNTED_STATUSES
                and not m.lead_id
                and not m.author_is_staff
                and m.partner_id.community_contact_consent
                and m.partner_id.community_role != "employee"
            )
        )
        if not candidates:
            return leads
        open_leads = {}
        for mention in candidates:
            keywords = mention._social_crm_signal_keywords()
            if not keywords:
                continue
            customer = mention.partner_id.commercial_partner_id
            if customer not in open_leads:
                open_leads[customer] = (
                    self.env["crm.lead"]
                    .sudo()
                    .search(
                        [("partner_id", "child_of", customer.id), *OPEN_OPPORTUNITY_DOMAIN],
                        order="create_date desc, id desc",
                        limit=1,
                    )
                )
            lead = open_leads[customer]
            if lead:
                lead.message_post(
                    body=mention._social_crm_signal_note(keywords),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
            else:
                lead = open_leads[customer] = mention._social_crm_create_signal_lead(keywords)
            mention.lead_id = lead
            leads |= lead
        return leads

    def _social_crm_signal_note(self, keywords):
        self.ensure_one()
        return Markup("<p>%s</p>%s") % (
            self.env._(
                "Buying signal on %(channel)s from %(author)s (%(keywords)s):",
                channel=self.channel_id.name,
                author=self.partner_id.display_name,
                keywords=", ".join(keywords),
            ),
            self._social_crm_quote(),
        )

    def _social_crm_quote(self):
        """The mention as a quote with its link, for a chatter or a lead description."""
        self.ensure_one()
        quote = Markup("<blockquote>%s</blockquote>") % (self.title or self.excerpt or "")
        if self.url:
            quote += Markup('<p><a href="%s" target="_blank" rel="noopener noreferrer">%s</a></p>') % (
                self.url,
                self.env._("Open on %(channel)s", channel=self.channel_id.name),
            )
        return quote

    def _social_crm_create_signal_lead(self, keywords):
        self.ensure_one()
        team = self.team_id or self.connector_id.team_id or self.company_id.social_crm_listening_team_id
        return (
            self.env["crm.lead"]
            .sudo()
            .create(
                {
                    "name": self.env._(
                        "%(channel)s: %(title)s",
                        channel=self.channel_id.name,
                        title=self.title or (self.excerpt or "")[:60] or self.partner_id.display_name,
                    ),
                    "type": "opportunity",
                    "partner_id": self.partner_id.id,
                    "team_id": team.id or False,
                    "user_id": team.user_id.id or False,
                    "company_id": self.company_id.id,
                    "description": self._social_crm_signal_note(keywords),
                }
            )
        )

    def action_create_lead(self):
        """Turn the conversation into a lead that carries it (all of its author's open mentions)."""
        self.ensure_one()
        self.env["crm.lead"].check_access("create")
        if self.lead_id:
            raise UserError(self.env._("This mention already fed a lead."))
        if self.partner_id and not self.partner_id.community_contact_consent:
            raise UserError(
                self.env._(
                    "%(name)s did not consent to be contacted: their mentions are not used for outreach.",
                    name=self.partner_id.display_name,
                )
            )
        team = self.team_id or self.connector_id.team_id or self.company_id.social_crm_listening_team_id
        lead = self.env["crm.lead"].create(
            {
                "name": self.env._(
                    "%(channel)s: %(title)s",
                    channel=self.channel_id.name,
                    title=self.title or (self.excerpt or "")[:60] or self.author_handle or "",
                ),
                "type": "lead",
                "partner_id": self.partner_id.id or False,
                "contact_name": False if self.partner_id else (self.author_name or self.author_handle),
                "email_from": self.partner_id.email or self.author_email or False,
                "team_id": team.id or False,
                "company_id": self.company_id.id,
                "description": self._social_crm_quote(),
            }
        )
        carried = self
        if not self.partner_id:
            carried |= self.search([*self._sibling_domain(self), ("lead_id", "=", False)])
        carried.lead_id = lead
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
