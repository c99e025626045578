import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

SHIPPED_TYPE_CODES = ["idea_submitted", "idea_vote_received", "idea_adopted", "idea_vote_adopted"]


def uninstall_hook(env):
    """Take the ideas' ledger rows away with the addon, then rescore their partners.

    The ledger restricts the deletion of engagement types that still have rows, and
    without ideas these points have nothing left to point to.
    """
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            DELETE FROM social_engagement e
             USING social_engagement_type t
             WHERE t.id = e.type_id AND t.code = ANY(%s)
         RETURNING e.partner_id
            """,
            SHIPPED_TYPE_CODES,
        )
    )
    partner_ids = list({row[0] for row in env.cr.fetchall()})
    env.invalidate_all()
    if partner_ids:
        env["res.partner"]._recompute_ambassador_scores(partner_ids)
    _logger.info("Social CRM ideas: %d partners rescored without their ideas engagement",
                 len(partner_ids))
