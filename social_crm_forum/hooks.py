# Records shipped as data whose code may exist before the install (created by hand, or kept
# by an older version's uninstall): the install adopts them instead of duplicating them.
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
    """Record the existing forum history in the engagement ledger, with its original dates.

    The core's install backfill restates it in batches (progress in the log) and scores the
    members at the end: in the install itself for a forum of up to 50,000 posts and votes (the
    setting ``social_crm.backfill_install_max_origins``), else through the cron job "Social
    CRM: engagement backfill", triggered at once, one transaction per batch.
    """
    env["forum.post"]._social_crm_install_backfill()
