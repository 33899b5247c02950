from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation

from organizations.inputs import parse_int


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose otherwise with the language switch (its cookie).

    Django's own middleware would follow the browser's Accept-Language, so a commune office's English-language
    browser would get the English interface; our users expect Vietnamese first.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class AdminQueryStringMiddleware:
    """Two repairs of the admin's query strings, which its list filters and searches pass straight to the database
    (our own pages read theirs through forms, which refuse or drop such values themselves).

    - NUL characters are taken out of names and values: PostgreSQL refuses a NUL in a text parameter (a server
      error when the query runs). No user types a NUL; it is dropped, as the search boxes do.
    - A date-hierarchy year outside 1900–2999 (or a month or day that is not one) is dropped: the admin turns
      ?history_date__year=9999 into a date past year 9999 and year 1 into one before year 1 in UTC, both server
      errors.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        raw = request.META.get("QUERY_STRING", "")
        suspect = "%00" in raw or "\x00" in raw or "__year=" in raw or "__month=" in raw or "__day=" in raw
        if suspect and request.path.startswith(reverse("admin:index")):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                key = key.replace("\x00", "")
                values = [value.replace("\x00", "") for value in values]
                if _date_part_out_of_range(key, values):
                    continue
                cleaned.setlist(key, values)
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


_DATE_PARTS = {"__year": (1900, 2999), "__month": (1, 12), "__day": (1, 31)}


def _date_part_out_of_range(key: str, values: list[str]) -> bool:
    for suffix, (low, high) in _DATE_PARTS.items():
        if key.endswith(suffix):
            return any(parse_int(value, minimum=low, maximum=high) is None for value in values)
    return False


class DatabaseUnavailableMiddleware:
    """A view that loses the database (server down, connection cut, a lock wait cancelled) answers 503 with a
    Vietnamese page instead of a traceback, and the broken connection is dropped at once, so that the next request
    connects afresh: the app comes back by itself when the database does. See partyquality.views.server_error for
    the same page when the loss happens outside a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            from partyquality.views import database_unavailable

            return database_unavailable(request, exception)
        return None
