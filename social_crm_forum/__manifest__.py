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
    "data": [],
    "demo": [],
    "installable": True,
}
