def uninstall_hook(env):
    """Drop the one index this addon puts on a table that is not its own.

    Listening matches mentions by e-mail through an index on ``res_partner.email_normalized``
    (see ``social_mention_matching.py``); Odoo drops our tables and columns itself, not an
    index of ours on its table. The ledger, handles, mentions and connectors need no help:
    their rows go with their channels and types (``ondelete`` rules), as the module's data goes.
    """
    env.cr.execute("DROP INDEX IF EXISTS res_partner_email_normalized_social_crm_index")
