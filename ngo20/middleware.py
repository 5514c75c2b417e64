"""Project middleware."""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils import translation


class ApiLanguageMiddleware:
    """Pages take their language from the URL (/ Chinese, /en/ English). The API has no language
    prefix, so it answers in the language the client asks for (Accept-Language, or the language
    cookie): the English map gets English names and links to English pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class SiteNotFoundPageMiddleware:
    """In development (DEBUG on) a missing page shows the site's own 404 page, as people will see
    it, instead of Django's debug page; DEBUG_404=true in the environment brings the debug page
    (with the URL patterns tried) back. Without DEBUG, Django already uses templates/404.html."""

    DEBUG_PAGE_MARK = b'<meta name="robots" content="NONE,NOARCHIVE">'

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and not settings.DEBUG_404
            and response.status_code == 404
            and not getattr(response, "streaming", False)
            and self.DEBUG_PAGE_MARK in response.content
        ):
            return render(request, "404.html", status=404)
        return response


class CacheHeadersMiddleware:
    """Cache-Control and Vary on every page and API response, so a shared cache (the nginx
    micro-cache, a CDN) may keep what is the same for everyone and nothing else.

    - Anonymous GET answers that set no cookie (the map API, public JSON, pages without a form):
      public for PUBLIC_CACHE_SECONDS (a change shows within that time), varying by language and
      cookie. ConditionalGetMiddleware adds an ETag, so a revalidation costs a 304.
    - Anonymous answers that set a cookie (a CSRF token for a form): private to that browser.
    - Anything for a signed-in user, and every non-GET answer: private, no-store.
    A view that set Cache-Control itself is left alone, and so are static files (WhiteNoise)."""

    PRIVATE_PREFIXES = ("/admin/", "/en/admin/", "/accounts/", "/en/accounts/")
    SHAREABLE_STATUSES = (200, 301, 304, 404, 410)  # not errors that a retry may cure

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control") or request.path_info.startswith(settings.STATIC_URL_PATH):
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if request.method not in ("GET", "HEAD") or signed_in or request.path_info.startswith(self.PRIVATE_PREFIXES):
            patch_cache_control(response, private=True, no_store=True)
        elif response.cookies or response.status_code not in self.SHAREABLE_STATUSES:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
