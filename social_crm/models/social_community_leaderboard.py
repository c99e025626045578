import time

from odoo import api, fields, models, tools
from odoo.tools import SQL

LEADERBOARD_LIMIT = 20
TIER_LIMIT = 10
RISERS_LIMIT = 10
# The rankings are cached for a few minutes: the page then costs a handful of queries,
# whatever the size of the community. Names and consent are re-read at every request, so
# that a member who withdraws consent disappears at once.
CACHE_SECONDS = 300


class SocialCommunityLeaderboard(models.AbstractModel):
    """The public leaderboard (/community/leaderboard): rankings of consenting members.

    Only members who gave public consent are ranked, counted or named, anywhere; staff and
    our own companies never compete (``res.partner._community_eligible_domain``). Rankings
    are computed in one statement each and cached (``CACHE_SECONDS``); a request reads the
    cache, then the listed partners' names and consent in one query.
    """

    _name = "social.community.leaderboard"
    _description = "Community Leaderboard"

    @api.model
    def _leaderboard_domain(self):
        """A ranked member: a person, community member with public consent and a score."""
        Partner = self.env["res.partner"]
        return [
            ("community_member", "=", True),
            ("community_public_consent", "=", True),
            ("is_company", "=", False),
            ("ambassador_score", ">", 0),
            ("company_id", "in", [False, self.env.company.id]),
            *Partner._community_eligible_domain(),
        ]

    @api.model
    def _get_leaderboard(self, group=None):
        """Rankings for the current company (and affinity group, if any), as ids and figures:
        {"top": ((partner_id, score, tier_id), ...), "tiers": ((tier_id, ((partner_id, score), ...)), ...),
        "risers": ((partner_id, points), ...)}."""
        bucket = int(time.time() // CACHE_SECONDS)
        return self.sudo()._get_leaderboard_cached(self.env.company.id, group.id if group else 0, bucket)

    @tools.ormcache("company_id", "group_id", "bucket")
    def _get_leaderboard_cached(self, company_id, group_id, bucket):
        # a clean superuser environment: the cached value must not depend on the caller
        env = api.Environment(self.env.cr, self.env.uid, {}, su=True)
        return env[self._name].with_company(company_id)._compute_leaderboard(group_id)

    @api.model
    def _compute_leaderboard(self, group_id):
        domain = self._leaderboard_domain()
        if group_id:
            members = self.env["social.affinity.membership"]._search(
                [("group_id", "=", group_id), ("state", "=", "joined")]
            )
            domain += [("id", "in", members.subselect("partner_id"))]
        top = self.env["res.partner"].search_fetch(
            domain,
            ["ambassador_score", "ambassador_tier_id"],
            order="ambassador_score desc, id",
            limit=LEADERBOARD_LIMIT,
        )
        return {
            "top": tuple((p.id, p.ambassador_score, p.ambassador_tier_id.id) for p in top),
            "tiers": self._tier_rankings(domain),
            "risers": self._risers(domain),
        }

    @api.model
    def _tier_rankings(self, domain):
        """((tier_id, ((partner_id, score), ...)), ...): the best members of each tier, in one query."""
        query = self.env["res.partner"]._search(domain + [("ambassador_tier_id", "!=", False)])
        ranked = query.select(
            SQL.identifier("res_partner", "id"),
            SQL.identifier("res_partner", "ambassador_tier_id"),
            SQL.identifier("res_partner", "ambassador_score"),
            SQL(
                "ROW_NUMBER() OVER (PARTITION BY res_partner.ambassador_tier_id"
                " ORDER BY res_partner.ambassador_score DESC, res_partner.id) AS rank"
            ),
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT r.ambassador_tier_id, r.id, r.ambassador_score
                  FROM (%(ranked)s) r
                  JOIN social_ambassador_tier t ON t.id = r.ambassador_tier_id
                 WHERE r.rank <= %(limit)s
              ORDER BY t.min_score DESC, r.rank
                """,
                ranked=ranked,
                limit=TIER_LIMIT,
            )
        )
        tiers = {}
        for tier_id, partner_id, score in self.env.cr.fetchall():
            tiers.setdefault(tier_id, []).append((partner_id, score))
        return tuple((tier_id, tuple(rows)) for tier_id, rows in tiers.items())

    @api.model
    def _risers(self, domain):
        """((partner_id, points), ...): who gained the most points this month (UTC)."""
        today = fields.Date.today()
        since = fields.Datetime.to_datetime(today.replace(day=1))
        rows = self.env["social.engagement.scoring"]._rising_members(
            [("date", ">=", since), ("partner_id", "any", domain)], RISERS_LIMIT
        )
        return tuple((partner.id, points) for partner, points in rows)

    @api.model
    def _leaderboard_partners(self, rankings):
        """The partners of ``rankings`` still ranked now (consent withdrawn since the cache was
        filled: gone), with their names, in one query."""
        ids = {row[0] for row in rankings["top"]} | {row[0] for row in rankings["risers"]}
        for _tier_id, rows in rankings["tiers"]:
            ids |= {row[0] for row in rows}
        partners = (
            self.env["res.partner"]
            .sudo()
            .search_fetch(
                [
                    ("id", "in", list(ids)),
                    ("community_public_consent", "=", True),
                    ("community_role", "!=", "employee"),
                ],
                ["name"],
            )
        )
        return {partner.id: partner for partner in partners}

    @api.model
    def _clear_leaderboard_cache(self):
        self.env.registry.clear_cache()
