"""Project middleware."""

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
