from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, connection
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


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
