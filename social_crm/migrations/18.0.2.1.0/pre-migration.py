from odoo.tools.sql import column_exists, create_column


def migrate(cr, version):
    """18.0.2.1.0: the customer's score and tier are stored on leads. Create and fill the
    columns in one statement, so that the upgrade does not compute them lead by lead."""
    if column_exists(cr, "crm_lead", "ambassador_score"):
        return
    create_column(cr, "crm_lead", "ambassador_score", "numeric")
    create_column(cr, "crm_lead", "ambassador_tier_id", "int4")
    cr.execute(
        """
        UPDATE crm_lead l
           SET ambassador_score = c.ambassador_score,
               ambassador_tier_id = c.ambassador_tier_id
          FROM res_partner lp
          JOIN res_partner c ON c.id = lp.commercial_partner_id
         WHERE l.partner_id = lp.id
        """
    )
