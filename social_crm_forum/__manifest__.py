{
    "name": "Social CRM: Forum",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Forum peer support becomes engagement, metrics and opportunities",
    "description": """
Peer support on the forum becomes CRM knowledge.

* Questions, answers, accepted answers and votes feed the engagement ledger,
  with compensating events for every reversal.
* Forum figures and posts on the contact; recent questions on the lead.
* Question to opportunity, manually or automatically on buying-signal tags.
* Escalation of unanswered questions and peer-support metrics (deflection).
""",
    "author": "Social CRM for Odoo",
    "website": "https://github.com/social-crm-odoo/social-crm",
    "license": "LGPL-3",
    "depends": ["social_crm", "website_forum"],
    "data": [
        "security/ir.model.access.csv",
        "data/social_crm_forum_data.xml",
        "data/ir_cron_data.xml",
        "views/forum_post_views.xml",
        "views/forum_forum_views.xml",
        "views/crm_lead_views.xml",
        "views/res_partner_views.xml",
        "views/social_crm_forum_metrics_views.xml",
        "views/website_forum_templates.xml",
        "views/social_affinity_group_views.xml",
        "views/social_affinity_group_templates.xml",
        "views/social_crm_forum_menus.xml",
    ],
    "demo": [
        "demo/social_crm_forum_demo.xml",
        "demo/social_affinity_group_demo.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
