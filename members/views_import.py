"""Members in spreadsheets on the web: template, import with preview and confirm, export within the user's scope."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from members.jobs import IMPORTER
from members.models import Member
from members.spreadsheets.exporter import export_file, members_in
from members.spreadsheets.template import template_file
from members.views import personal_data
from organizations import access
from organizations.inputs import parse_id
from organizations.spreadsheets import web


member_import, member_import_confirm, member_import_checked = web.import_views(IMPORTER, personal_data)


@personal_data
@require_GET
def member_template(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in web.CONTENT_TYPES:
        raise Http404
    return web.download(template_file(file_format), f"mau-dang-vien.{file_format}", file_format)


@personal_data
@require_GET
def member_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The members in the user's scope, or under one organization of it (?scope=<id>, 404 outside)."""
    if file_format not in web.CONTENT_TYPES:
        raise Http404
    base = Member.objects.filter(access.in_scope_filter(request.user, "cell__"))
    scope = None
    if request.GET.get("scope"):
        pk = parse_id(request.GET["scope"])
        if pk is None:
            raise Http404
        scope = access.organization_for_user_or_404(request.user, pk)
    what = _("Xuất đảng viên %(scope)s") % {"scope": scope.code if scope else _("trong phạm vi")}
    content = export_file(members_in(scope, base), file_format, user=request.user, what=what)
    return web.download(content, f"dang-vien.{file_format}", file_format)
