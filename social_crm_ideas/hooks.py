import logging

_logger = logging.getLogger(__name__)

SHIPPED_TYPE_CODES = ["idea_submitted", "idea_vote_received", "idea_adopted", "idea_vote_adopted"]


def uninstall_hook(env):
    """Take the ideas' ledger rows away with the addon, then rescore their partners.

    The ledger restricts the deletion of engagement types that still have rows, and
    without ideas these points have nothing left to point to.
    """
    partner_ids = env["social.engagement"]._purge_type_rows(SHIPPED_TYPE_CODES)
    _logger.info("Social CRM ideas: %d partners rescored without their ideas engagement", len(partner_ids))
