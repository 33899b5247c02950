import logging
import sys

from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from organizations.inputs import NOTE_MAX_LENGTH
from organizations.spreadsheets import reader
from ratings.models import Rating
from ratings.schemes import schemes_by_period
from ratings.spreadsheets import resources

logger = logging.getLogger("partyquality.database")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@login_required
@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    """How the year works, the rules of each period (read from the schemes, so a new regulation shows at once),
    the spreadsheet import and who may do what."""
    return render(request, "help.html", {
        "schemes": schemes_by_period(),
        "columns": {subject: resources.columns(subject) for subject in ("member", "organization")},
        "not_reviewed": Rating.NotReviewed.choices,
        "limits": reader.LIMITS, "max_mb": reader.LIMITS.max_bytes // 1024 // 1024, "note_max": NOTE_MAX_LENGTH,
    })


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        drop_broken_connections()  # the next probe connects afresh: it answers 200 as soon as the database does
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


def drop_broken_connections() -> None:
    """Close every connection of this thread that failed and no longer answers (outside a transaction: inside one,
    Django closes it itself when the rollback fails). The next query opens a new one."""
    for alias_connection in connections.all(initialized_only=True):
        if not alias_connection.in_atomic_block:
            alias_connection.close_if_unusable_or_obsolete()


def database_unavailable(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """503 with a page that needs no database (no session, no user, no messages), saying whether anything was
    written: a failed transaction writes nothing."""
    logger.error("Database unavailable during %s %s: %s", request.method, request.path, exception,
                 exc_info=exception)
    drop_broken_connections()
    page = render_to_string("503.html", {"posted": request.method == "POST"})
    response = HttpResponse(page, status=503)
    response["Retry-After"] = "30"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database lost outside a view (in a middleware: the session, the user) gets the 503 page too."""
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        return database_unavailable(request, exception)
    return defaults.server_error(request)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout answer: the login page again, in Vietnamese, saying why and for how long (429).

    The form is not validated (that would call authenticate again): it carries the one error, the lockout.
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username[:150]})
    message = _(
        "Đăng nhập sai quá nhiều lần: tài khoản này tạm khóa trong 1 giờ. "
        "Hãy thử lại sau hoặc nhờ quản trị viên mở khóa."
    )
    form._errors = ErrorDict({NON_FIELD_ERRORS: form.error_class([message], error_class="nonfield")})
    context = {"form": form, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


# django-axes stores the user name of a failed login in a 255-character column. Django's login form does not hold
# user names to their 150 characters (the limit is set after the field's validators are built), so a longer name
# reached the database and failed there on PostgreSQL: the name is cut before axes records it.
AXES_USERNAME_LENGTH = 255


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the submitted user name, cut to what the attempts table holds."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get("username")
    return username[:AXES_USERNAME_LENGTH] if isinstance(username, str) else username


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and the admin's pages ask for /favicon.ico; the icon is a static SVG (hashed name in production)."""
    return redirect(static("favicon.svg"), permanent=True)
