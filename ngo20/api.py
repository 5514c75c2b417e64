"""Project-wide API behaviour."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from common.ratelimits import RateLimited, ServiceUnavailable


class ServiceDown(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("This cannot be saved right now because a service is down. Please try again in a few minutes.")
    default_code = "service_unavailable"


def exception_handler(exc, context):
    """A service's ValidationError becomes a 400 with its messages, never a 500; its rate limit a
    429 and a service that is down a 503."""
    if isinstance(exc, RateLimited):
        exc = exceptions.Throttled(wait=exc.retry_after)
    elif isinstance(exc, ServiceUnavailable):
        exc = ServiceDown()
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


@csrf_exempt  # a POST to an unknown path is a 404, not a CSRF failure page
def api_not_found(request, *args, **kwargs):
    """A path under /api/ that no endpoint matches: JSON like every other API answer, not a page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


# --- OpenAPI: the answers that are not 2xx ------------------------------------------------------
ERROR_SCHEMAS = {
    "ErrorDetail": {
        "type": "object",
        "description": "One message: not signed in, not allowed, not found, too many requests.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "type": "object",
        "description": "What to fix: each field (or `detail` / `non_field_errors`) with its messages.",
        "additionalProperties": {
            "oneOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "string"},
                {"type": "object"},
            ]
        },
    },
}
ERROR_RESPONSES = {
    "400": ("ValidationErrors", "The request is not valid; the body names each problem."),
    "401": ("ErrorDetail", "Credentials were given and are wrong."),
    "403": ("ErrorDetail", "Not signed in, or not allowed to do this."),
    "404": ("ErrorDetail", "No such object, or a page number past the last page."),
    "429": ("ErrorDetail", "Too many requests; the Retry-After header says when to try again."),
    "503": ("ErrorDetail", "A service the write needs (Redis) is down; try again in a few minutes."),
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation may answer 400, 401, 403, 404 and 429
    (a bad parameter, a failed sign-in, a rule, an unknown id or page, a throttle) with the JSON DRF
    sends; the schema says so, so clients and schemathesis know what to expect."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.update(ERROR_SCHEMAS)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, (schema, description) in ERROR_RESPONSES.items():
                operation["responses"].setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
                })
    return result
