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
    "data": [],
    "demo": [],
    "application": True,
    "installable": True,
}
