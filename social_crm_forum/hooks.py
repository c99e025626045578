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

    A small forum is backfilled at once; a large one is queued for the cron job of the
    core's backfill (batches, progress in the log), so that the install stays quick.
    """
    env["forum.post"]._social_crm_backfill_engagement()
