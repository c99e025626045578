import json
import logging

from odoo import http
from odoo.exceptions import AccessError, ValidationError
from odoo.http import request

from ..models.ir_http import json_error
from ..models.social_mention_intake_validation import MAX_EVENTS

_logger = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # intake API: 1 MiB per request
MAX_WEBHOOK_BODY = 5 * 1024 * 1024  # platforms send whole objects (repository, topic...)
SIGNATURE_HEADERS = {"discourse": "X-Discourse-Event-Signature", "github": "X-Hub-Signature-256"}


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


class SocialCrmListeningApi(http.Controller):
    """The listening routes: the intake API and the webhooks of the connectors.

    Every answer is JSON with an HTTP status that says what happened (see
    docs/INGESTION_API.md); bad input never reaches the database half-way.
    """

    def _read_json(self, limit):
        """(payload, None) or (None, error response): method, content type, size, syntax."""
        httprequest = request.httprequest
        if httprequest.method != "POST":
            return None, json_error(405, "method_not_allowed", request.env._("Use POST."), {"Allow": "POST"})
        if httprequest.mimetype != "application/json":
            return None, json_error(415, "unsupported_media_type", request.env._("Send the body as application/json."))
        if (httprequest.content_length or 0) > limit:
            return None, json_error(
                413, "body_too_large", request.env._("The body exceeds %(limit)s bytes.", limit=limit)
            )
        body = httprequest.get_data(cache=True)
        if len(body) > limit:
            return None, json_error(
                413, "body_too_large", request.env._("The body exceeds %(limit)s bytes.", limit=limit)
            )
        try:
            return json.loads(body, parse_constant=_reject_constant), None
        except (ValueError, RecursionError) as error:
            return None, json_error(
                400, "invalid_json", request.env._("The body is not valid JSON: %(error)s", error=str(error)[:200])
            )

    @http.route(
        "/social_crm/api/v1/events",
        type="http",
        auth="social_crm_intake",
        csrf=False,
        save_session=False,
    )
    def intake_events(self, **kwargs):
        payload, error = self._read_json(MAX_BODY)
        if error:
            return error
        if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
            return json_error(400, "invalid_body", request.env._('The body must be an object with an "events" list.'))
        events = payload["events"]
        atomic = payload.get("atomic", False)
        if not isinstance(atomic, bool):
            return json_error(400, "invalid_atomic", request.env._('"atomic" must be true or false.'))
        if not events:
            return json_error(400, "empty_batch", request.env._("The batch holds no event."))
        if len(events) > MAX_EVENTS:
            return json_error(
                413,
                "too_many_events",
                request.env._(
                    "A batch holds at most %(max)s events, got %(count)s.", max=MAX_EVENTS, count=len(events)
                ),
            )
        result = request.env["social.mention"].sudo()._social_crm_ingest(events, atomic=atomic)
        return request.make_json_response(result, status=422 if atomic and result["rejected"] else 200)

    @http.route(
        "/social_crm/webhook/<string:kind>/<int:connector_id>",
        type="http",
        auth="public",
        csrf=False,
        save_session=False,
    )
    def webhook(self, kind, connector_id, **kwargs):
        connector = request.env["social.mention.connector"].sudo().browse(connector_id).exists()
        if not connector or not connector.active or connector.kind != kind:
            return json_error(
                404, "unknown_connector", request.env._("No active %(kind)s connector here.", kind=kind[:32])
            )
        if request.httprequest.method != "POST":
            return json_error(405, "method_not_allowed", request.env._("Use POST."), {"Allow": "POST"})
        if not connector.secret:
            # fail closed: without a secret nothing can be verified, so nothing is accepted
            return json_error(
                403, "no_secret", request.env._("The connector has no secret: every delivery is refused.")
            )
        if request.httprequest.mimetype != "application/json":
            # a form-encoded body is already consumed by Odoo's parameter parsing: it could
            # not even be verified
            return json_error(415, "unsupported_media_type", request.env._("Send the body as application/json."))
        if (request.httprequest.content_length or 0) > MAX_WEBHOOK_BODY:
            return json_error(
                413, "body_too_large", request.env._("The body exceeds %(limit)s bytes.", limit=MAX_WEBHOOK_BODY)
            )
        body = request.httprequest.get_data(cache=True)
        signature = request.httprequest.headers.get(SIGNATURE_HEADERS[connector.kind])
        if not signature:
            return json_error(401, "missing_signature", request.env._("The delivery is not signed."))
        if not connector._social_crm_check_signature(body, signature):
            _logger.warning("Listening connector %s: delivery with an invalid signature refused", connector.id)
            return json_error(
                401, "invalid_signature", request.env._("The signature does not match the connector's secret.")
            )
        payload, error = self._read_json(MAX_WEBHOOK_BODY)
        if error:
            return error
        try:
            answer = connector._social_crm_receive(request.httprequest.headers, payload)
        except ValidationError as error:
            return json_error(400, "invalid_payload", str(error.args[0]))
        except AccessError as error:
            return json_error(403, "wrong_instance", str(error.args[0]))
        return request.make_json_response(answer)
