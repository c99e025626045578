from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """18.0.2.1.0: status changes become a history (social.idea.status) and the status e-mail
    carries the staff note. The history starts with each idea's current status; the e-mail
    template (noupdate) is reloaded from its file unless an administrator changed it."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        """
        INSERT INTO social_idea_status (idea_id, stage_id, date, company_id, create_uid, write_uid,
                                        create_date, write_date)
        SELECT i.id, i.stage_id, COALESCE(i.date_stage, i.create_date), i.company_id, i.write_uid, i.write_uid,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM social_idea i
         WHERE NOT EXISTS (SELECT 1 FROM social_idea_status s WHERE s.idea_id = i.id)
        """
    )
    template = env.ref("social_crm_ideas.mail_template_idea_status", raise_if_not_found=False)
    if template and "status_change_ids" not in (template.body_html or "") and "Dark mode" in (template.body_html or ""):
        template.reset_template()
