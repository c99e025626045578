{
    "name": "Social CRM",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "sequence": 16,
    "summary": "Community engagement, ambassador scoring and consent on contacts and leads",
    "description": """
Social CRM brings your community into your CRM.

* A community profile on every contact: membership, role, social handles, consent.
* An append-only engagement ledger fed by the forum, the ideas board and manual events.
* Configurable scoring with time decay, ambassador tiers and an explainable breakdown.
* Engagement on leads: score, tier badge, "from ambassadors" filter, automatic priority.
* A "My community" portal page where customers see their standing and manage consent.
""",
    "author": "Social CRM for Odoo",
    "website": "https://github.com/social-crm-odoo/social-crm",
    "license": "LGPL-3",
    "depends": ["crm", "portal"],
    "data": [
        "security/social_crm_security.xml",
        "security/social_affinity_group_security.xml",
        "security/ir.model.access.csv",
        "data/social_crm_data.xml",
        "data/social_mention_data.xml",
        "data/social_affinity_group_data.xml",
        "views/social_channel_views.xml",
        "views/social_engagement_type_views.xml",
        "views/social_ambassador_tier_views.xml",
        "views/social_engagement_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/social_affinity_group_templates.xml",
        "wizards/social_ambassador_invite_views.xml",
        "views/social_crm_dashboard_views.xml",
        "views/social_crm_menus.xml",
        "views/social_mention_views.xml",
        "views/social_mention_connector_views.xml",
        "views/social_engagement_type_listening_views.xml",
        "views/res_partner_mention_views.xml",
        "views/crm_lead_mention_views.xml",
        "wizards/social_mention_link_views.xml",
        "wizards/social_crm_intake_key_views.xml",
        "views/res_config_settings_listening_views.xml",
        "views/social_crm_listening_menus.xml",
        "views/social_affinity_group_views.xml",
        "views/res_partner_affinity_group_views.xml",
    ],
    "demo": [
        "demo/social_crm_demo.xml",
        "demo/social_mention_demo.xml",
        "demo/social_affinity_group_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "social_crm/static/src/dashboard/*",
        ],
        "web.assets_tests": [
            "social_crm/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "application": True,
    "installable": True,
}
