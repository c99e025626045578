from odoo import fields, models


class SocialMentionTombstone(models.Model):
    """What is left of an erased mention: a hash of its external id, nothing personal.

    The intake refuses an item whose tombstone exists, so that a platform redelivering
    it (or a listening tool replaying its history) does not bring erased data back.
    """

    _name = "social.mention.tombstone"
    _description = "Erased Mention"
    _order = "id desc"
    _rec_name = "external_id_hash"

    channel_id = fields.Many2one("social.channel", required=True, ondelete="cascade", readonly=True)
    external_id_hash = fields.Char(
        string="External ID (SHA-256)", required=True, readonly=True, help="SHA-256 of the erased item's external id."
    )

    _sql_constraints = [
        (
            "channel_hash_unique",
            "UNIQUE(channel_id, external_id_hash)",
            "This item already has a tombstone.",
        ),
    ]
