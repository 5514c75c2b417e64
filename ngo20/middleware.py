"""Project middleware."""

from django.conf import settings
from django.shortcuts import render
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
