def post_init_hook(env):
    """Restate the ideas and votes already in the database in the engagement ledger.

    A fresh install has none; a re-sync after the types or their rules changed runs the same
    core backfill (batches, progress in the log, one bulk load of the ledger when large).
    """
    env["social.idea"]._social_crm_backfill_engagement()
