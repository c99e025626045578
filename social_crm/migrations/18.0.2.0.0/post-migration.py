"""18.0.2.0.0: the ledger is looked up by origin (res_id), no longer by res_model or company;
the score breakdown is a query of its model (``_table_query``), no longer a database view.

Odoo creates the new index on upgrade but keeps the ones no field asks for any more, and the
old view: drop them here. No row and no score changes: every ledger row and stored score is
kept as it is (the score columns become stored computes of the same values).
"""

from odoo.tools import sql


def migrate(cr, version):
    for index in ("social_engagement__res_model_index", "social_engagement__company_id_index"):
        sql.drop_index(cr, index, "social_engagement")
    sql.drop_view_if_exists(cr, "social_engagement_breakdown")
