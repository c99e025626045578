def post_init_hook(env):
    """Restate the ideas and votes already in the database in the engagement ledger.

    A fresh install has none; a reinstall (ideas kept from before) runs the core's install
    backfill: in the install for a small history, by the cron job for a large one.
    """
    env["social.idea"]._social_crm_install_backfill()
