"""Installing on a big database: stored computed fields created with their value at install.

When a module adds a stored computed field to a table that already has rows, the ORM computes
it for every row, a batch of records at a time (a many2many: one write per record). At the
install of our addons the ledger, the memberships and the votes those fields are computed from
are new, empty tables: every score is 0, no tier is earned, nobody has joined a group. The
columns (and relation tables) are created here, before the ORM's ``_auto_init``, already
holding that value, as Odoo's own addons do for such fields (``website_livechat``,
``account_check_printing``); the ORM then finds them and computes nothing.
"""

from odoo.tools import SQL, sql


def precreate_column(model, fname, value=None):
    """Create the column of the stored field ``fname`` of ``model`` when missing, every
    existing row holding ``value`` (None: NULL). Returns whether it was created.

    A constant default makes PostgreSQL fill the column without rewriting the table; it is
    dropped right after, since the ORM keeps no default in the database.
    """
    field = model._fields[fname]
    cr, table = model.env.cr, model._table
    if sql.column_exists(cr, table, field.name):
        return False
    cr.execute(
        SQL(
            "ALTER TABLE %(table)s ADD COLUMN %(column)s %(type)s %(default)s;"
            " COMMENT ON COLUMN %(qualified)s IS %(comment)s",
            table=SQL.identifier(table),
            column=SQL.identifier(field.name),
            type=SQL(field.column_type[1]),
            default=SQL("DEFAULT %s", value) if value is not None else SQL(),
            qualified=SQL.identifier(table, field.name),
            comment=field.string,
        )
    )
    if value is not None:
        cr.execute(
            SQL(
                "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT",
                SQL.identifier(table),
                SQL.identifier(field.name),
            )
        )
    return True


def precreate_relation(model, fname):
    """Create the (empty) relation table of the many2many field ``fname`` of ``model`` when
    missing, by the ORM's own ``update_db`` (table, index, foreign keys, reflection), so that
    ``_auto_init`` then finds it and marks nothing to compute."""
    field = model._fields[fname]
    if sql.table_exists(model.env.cr, field.relation):
        return False
    field.update_db(model, {})
    return True
