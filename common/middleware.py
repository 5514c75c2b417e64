"""Project-wide request guards: hostile bytes, limits and unavailable services, response headers."""

import base64
import binascii
import json

from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .ratelimits import RateLimited, ServiceUnavailable, redis_answers

NUL = "\x00"


def _has_nul(value):
    """A NUL character anywhere in a JSON document (keys and strings)."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


class RejectNulBytesMiddleware:
    """PostgreSQL cannot store a NUL character and psycopg refuses to send one, so any NUL that
    reaches a query is a 500. Refuse it at the door instead: 404 in the path, 400 in a query
    parameter, a form or JSON field, a file name or an HTTP Basic user name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The API answers in JSON, as its schema says; pages get the site's 400 and 404 pages.
        api = request.path_info.startswith("/api/")
        if NUL in request.path_info or NUL in request.path:
            if api:
                return JsonResponse({"detail": _("Not found.")}, status=404)
            raise Http404
        if self._query_or_form_has_nul(request) or self._json_has_nul(request) or self._basic_has_nul(request):
            if api:
                return JsonResponse({"detail": _("The request contains a NUL character.")}, status=400)
            raise BadRequest("NUL character in the request")
        return self.get_response(request)

    @staticmethod
    def _query_or_form_has_nul(request):
        sources = [request.GET]
        if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded",
                                                                 "multipart/form-data"):
            sources.append(request.POST)
            sources.extend([{key: upload.name for key, upload in request.FILES.items()}])
        for source in sources:
            items = source.lists() if hasattr(source, "lists") else ((k, [v]) for k, v in source.items())
            for key, values in items:
                if NUL in key or any(NUL in value for value in values if isinstance(value, str)):
                    return True
        return False

    @staticmethod
    def _json_has_nul(request):
        if request.content_type != "application/json" or request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        try:
            document = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            return False  # the view's parser says what is wrong with it
        return _has_nul(document)

    @staticmethod
    def _basic_has_nul(request):
        scheme, _space, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(credentials.strip(), validate=False)
        except (binascii.Error, ValueError):
            return False
        return b"\x00" in decoded


class ServiceErrorsMiddleware:
    """A service refused for a reason the person can act on: over a rate limit (429), or a
    service it needs, such as Redis, is down (503). A readable page, or JSON under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # allauth's sign-in, sign-up and reset limits live in Redis and refuse every attempt when it
        # is down: say so clearly (503) instead of "too many attempts".
        module = getattr(view_func, "__module__", "") or ""
        if request.method == "POST" and module.startswith("allauth.") and not redis_answers():
            return self.process_exception(request, ServiceUnavailable("Redis"))
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            status, template, message = 429, "429.html", _("Too many requests: please wait a little and try again.")
        elif isinstance(exception, ServiceUnavailable):
            status, template, message = 503, "503.html", _(
                "This cannot be saved right now because a service is down. Please try again in a few minutes.")
        else:
            return None
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=status)
        else:
            response = render(request, template, {"message": message}, status=status)
        if status == 503:
            response["Retry-After"] = "60"
        return response


class NoStoreMiddleware:
    """Pages rendered for a signed-in person and file downloads are never kept by a browser or
    proxy cache (a shared computer, a caching proxy in an office)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = user is not None and user.is_authenticated
        download = response.get("Content-Disposition", "").startswith("attachment")
        if personal or download:
            response["Cache-Control"] = "private, no-store"
        return response
