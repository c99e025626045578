{
    "name": "Social CRM: Ideas",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Ideas portal: customers suggest and vote, tied to your pipeline",
    "description": """
An ideas board where customers suggest, refine and vote improvements.

* Website and portal: submit (with similar ideas suggested), vote, comment, follow status.
* Stage workflow that notifies voters, merge of duplicates, optional vote budget.
* Demand value: the open pipeline of the companies behind each idea.
* Idea to opportunity, and engagement for authors and voters.
""",
    "author": "Social CRM for Odoo",
    "website": "https://github.com/social-crm-odoo/social-crm",
    "license": "LGPL-3",
    "depends": ["social_crm", "website"],
    "data": [],
    "demo": [],
    "installable": True,
}
