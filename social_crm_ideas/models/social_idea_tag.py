from odoo import fields, models


class SocialIdeaTag(models.Model):
    _name = "social.idea.tag"
    _description = "Idea Tag"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A tag with this name already exists."),
    ]
