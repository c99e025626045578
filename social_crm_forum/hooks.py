import logging

_logger = logging.getLogger(__name__)


# Records shipped as data whose code may survive an uninstall (the ledger restricts
# their deletion): on reinstall they are adopted instead of duplicated.
SHIPPED_CODES = [
    ("social_channel_forum", "social.channel", "forum"),
    ("engagement_type_forum_question", "social.engagement.type", "forum_question"),
    ("engagement_type_forum_answer", "social.engagement.type", "forum_answer"),
    ("engagement_type_forum_answer_accepted", "social.engagement.type", "forum_answer_accepted"),
    ("engagement_type_forum_upvote_received", "social.engagement.type", "forum_upvote_received"),
    ("engagement_type_forum_downvote_received", "social.engagement.type", "forum_downvote_received"),
]


def pre_init_hook(env):
    """Adopt channel and types left by a previous installation, so reinstalling works."""
    IrModelData = env["ir.model.data"]
    for name, model, code in SHIPPED_CODES:
        if env.ref(f"social_crm_forum.{name}", raise_if_not_found=False):
            continue
        record = env[model].with_context(active_test=False).search([("code", "=", code)], limit=1)
        if record:
            IrModelData.create(
                {
                    "module": "social_crm_forum",
                    "name": name,
                    "model": model,
                    "res_id": record.id,
                    "noupdate": True,
                }
            )


def post_init_hook(env):
    """Record the existing forum history in the engagement ledger, once."""
    count = env["forum.post"]._social_crm_backfill_engagement()
    _logger.info("Social CRM forum: %d historical forum events recorded", count)


def uninstall_hook(env):
    """Take the forum's ledger rows away with the addon, then rescore their partners.

    The ledger restricts the deletion of engagement types that have rows; without
    its producer the forum engagement has no meaning left (a reinstall backfills it
    again from the forum itself). Once the rows are gone, the posts and votes that
    the uninstall deletes have nothing left to compensate.
    """
    codes = [code for _name, model, code in SHIPPED_CODES if model == "social.engagement.type"]
    partner_ids = env["social.engagement"]._purge_type_rows(codes)
    _logger.info("Social CRM forum: %d partners rescored without their forum engagement", len(partner_ids))
