def uninstall_hook(env):
    """Empty the ledger and the handles before Odoo removes the module's data.

    Ledger rows and handles restrict the deletion of engagement types and channels
    (history must not vanish with a type while the module is installed); on uninstall
    the whole community data goes anyway, so remove the referencing rows first.
    """
    env.cr.execute("DELETE FROM social_engagement")
    env.cr.execute("DELETE FROM social_partner_handle")
    # mentions and connectors restrict the deletion of the channels they are on
    env.cr.execute("DELETE FROM social_mention")
    env.cr.execute("DELETE FROM social_mention_connector")
    # the one index listening adds to a table that is not ours (see social_mention_matching.py)
    env.cr.execute("DROP INDEX IF EXISTS res_partner_email_normalized_social_crm_index")
