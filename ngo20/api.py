"""Project-wide API behaviour."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
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
