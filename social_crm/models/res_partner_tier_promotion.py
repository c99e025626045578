from odoo import models

PROMOTED_KEY = "social_crm.tier_promoted"


class ResPartner(models.Model):
    """The promotion mail: a member who reaches a higher tier is told what it gives them.

    Tier changes are tracked (chatter); the tracking's template hook sends the mail, so that it
    follows every path that changes a tier (live scoring, bulk rescoring, new thresholds) and is
    sent once, at commit, with the final tier of the transaction.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited  # one job per file

    def _track_subtype(self, initial_values):
        # Only here does tracking know the tier before the change: remember promotions (a
        # higher threshold than before) for _track_template, which only gets field names.
        if "ambassador_tier_id" in initial_values:
            old = initial_values["ambassador_tier_id"]
            new = self.ambassador_tier_id
            promoted = self.env.cr.precommit.data.setdefault(PROMOTED_KEY, set())
            if new and (not old or new.min_score > old.min_score):
                promoted.add(self.id)
            else:
                promoted.discard(self.id)
        return super()._track_subtype(initial_values)

    def _social_crm_tier_promoted(self):
        """Hook: this partner was just promoted to its current, higher tier (once per promotion,
        at commit). The loyalty bridge grants the tier's coupon here.

        It runs in the commit's pre-commit phase, partner after partner: it must not flush the
        cursor (``cr.flush()``, or ``cr.savepoint()`` without ``flush=False``), which would run
        and clear the pre-commit hooks, and the partners promoted after this one would be missed.
        """

    def _track_template(self, changes):
        res = super()._track_template(changes)
        promoted = self.env.cr.precommit.data.get(PROMOTED_KEY, set())
        if len(self) != 1 or self.id not in promoted:
            return res
        promoted.discard(self.id)
        if "ambassador_tier_id" in changes:
            self._social_crm_tier_promoted()
        # contact consent governs reaching out to a member, a promotion mail included
        if "ambassador_tier_id" in changes and self.community_contact_consent and self.email:
            res["ambassador_tier_id"] = (
                self.env.ref("social_crm.mail_template_tier_promotion", raise_if_not_found=False),
                {"subtype_xmlid": "mail.mt_comment", "email_layout_xmlid": "mail.mail_notification_light"},
            )
        return res
