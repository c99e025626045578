{
    "name": "Social CRM: Loyalty",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Ambassador tiers grant a coupon of a loyalty program on promotion",
    "author": "Social CRM for Odoo",
    "website": "https://github.com/social-crm-odoo/social-crm",
    "license": "LGPL-3",
    "depends": ["social_crm", "loyalty"],
    "data": [
        "views/social_ambassador_tier_views.xml",
        "views/loyalty_card_views.xml",
    ],
    "auto_install": True,
}
