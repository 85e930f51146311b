"""Keep the current request reachable from services (for the audit log's IP and path)."""

from contextvars import ContextVar

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

_request: ContextVar = ContextVar("shegong_request", default=None)


def current_request():
    """Return the request being served, or ``None`` outside a request (CLI, tests)."""
    return _request.get()


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Chinese unless the user chose another language with the switch (language cookie).

    The browser's Accept-Language does not decide: a civil-affairs office's English-language browser
    still gets the Chinese system. API clients may ask for a language with Accept-Language.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
