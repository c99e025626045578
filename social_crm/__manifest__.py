{
    "name": "Social CRM",
    "version": "18.0.2.0.0",
    "category": "Sales/CRM",
    "sequence": 16,
    "summary": "Community engagement, ambassador scoring and consent on contacts and leads",
    "author": "Social CRM for Odoo",
    "website": "https://github.com/social-crm-odoo/social-crm",
    "license": "LGPL-3",
    "depends": ["crm", "portal"],
    "data": [
        "security/social_crm_security.xml",
        "security/ir.model.access.csv",
        "data/social_crm_data.xml",
        "views/social_channel_views.xml",
        "views/social_engagement_type_views.xml",
        "views/social_ambassador_tier_views.xml",
        "views/social_engagement_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "wizards/social_ambassador_invite_views.xml",
        "views/social_crm_dashboard_views.xml",
        "views/social_crm_menus.xml",
    ],
    "demo": [
        "demo/social_crm_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "social_crm/static/src/dashboard/*",
        ],
        "web.assets_tests": [
            "social_crm/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
