import re

import werkzeug.exceptions

from odoo import models
from odoo.http import request
from odoo.tools import SQL

from odoo.addons.base.models.res_users import INDEX_SIZE

# Scope of the API keys of the intake: such a key opens the intake and nothing else
# (Odoo's RPC and bearer routes only accept keys without a scope).
INTAKE_SCOPE = "social_crm.intake"
_BEARER_RE = re.compile(r"^bearer\s+(\S+)\s*$", re.IGNORECASE)


def json_error(status, code, message, headers=None):
    """A JSON error answer of the listening routes: ``{"error": code, "message": ...}``."""
    return request.make_json_response({"error": code, "message": message}, headers=headers, status=status)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _auth_method_social_crm_intake(cls):
        """``auth="social_crm_intake"``: an intake API key of a Social CRM / Integration user.

        Checked like Odoo's ``auth="bearer"`` and mail_plugin's scoped keys, through
        ``res.users.apikeys._check_credentials`` with the intake's own scope. A key
        without scope (a general RPC key) is refused here even though Odoo would accept
        it for any scope: a key that works on the intake must not open general RPC.
        Failures answer in JSON: 401 without a valid key, 403 for a general key or a
        user outside the Integration group; nothing is written.
        """
        bearer = {"WWW-Authenticate": "Bearer"}
        match = _BEARER_RE.match(request.httprequest.headers.get("Authorization") or "")
        if not match:
            raise werkzeug.exceptions.Unauthorized(
                response=json_error(
                    401,
                    "missing_key",
                    request.env._('Send an intake API key as "Authorization: Bearer <key>".'),
                    bearer,
                )
            )
        key = match.group(1)
        uid = request.env["res.users.apikeys"]._check_credentials(scope=INTAKE_SCOPE, key=key)
        if not uid:
            raise werkzeug.exceptions.Unauthorized(
                response=json_error(401, "invalid_key", request.env._("Unknown, revoked or expired API key."), bearer)
            )
        if cls._social_crm_is_general_key(uid, key):
            raise werkzeug.exceptions.Forbidden(
                response=json_error(
                    403,
                    "general_key",
                    request.env._("General API keys are refused: generate an intake key for this integration user."),
                )
            )
        request.update_env(user=uid)
        if not request.env.user.has_group("social_crm.group_social_crm_integration"):
            raise werkzeug.exceptions.Forbidden(
                response=json_error(
                    403,
                    "not_integration_user",
                    request.env._("The key's user is not in the group Social CRM / Integration."),
                )
            )
        request.update_context(**request.env.user.context_get())

    @classmethod
    def _social_crm_is_general_key(cls, uid, key):
        """Whether ``key`` is one of ``uid``'s keys without scope (valid for any RPC)."""
        cr = request.env.cr
        cr.execute(
            SQL(
                "SELECT 1 FROM res_users_apikeys WHERE user_id = %s AND index = %s AND scope IS NULL LIMIT 1",
                uid,
                key[:INDEX_SIZE],
            )
        )
        # the index is a prefix: confirm with the full check only when it matches
        return bool(cr.fetchone()) and request.env["res.users.apikeys"]._check_credentials(scope="rpc", key=key) == uid
