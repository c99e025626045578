{
    "name": "Social CRM: Ideas",
    "version": "18.0.2.1.0",
    "category": "Sales/CRM",
    "summary": "Ideas portal: customers suggest and vote, tied to your pipeline",
    "author": "Social CRM for Odoo",
    "website": "https://github.com/social-crm-odoo/social-crm",
    "license": "LGPL-3",
    "depends": ["social_crm", "website"],
    "data": [
        "security/social_crm_ideas_security.xml",
        "security/ir.model.access.csv",
        "data/social_idea_data.xml",
        "data/social_engagement_data.xml",
        "wizards/social_idea_merge_views.xml",
        "wizards/social_idea_lead_views.xml",
        "wizards/social_idea_status_wizard_views.xml",
        "views/social_idea_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/social_idea_templates.xml",
        "views/portal_templates.xml",
        "views/social_idea_roadmap_templates.xml",
        "views/social_affinity_group_views.xml",
        "views/social_affinity_group_templates.xml",
        "views/social_crm_ideas_menus.xml",
    ],
    "demo": [
        "demo/social_idea_demo.xml",
        "demo/social_affinity_group_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "social_crm_ideas/static/src/js/idea_similar.js",
        ],
        "portal.assets_chatter": [
            "social_crm_ideas/static/src/chatter/*",
        ],
        "web.assets_tests": [
            "social_crm_ideas/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
}
