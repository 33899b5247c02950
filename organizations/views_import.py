"""Importing party organizations on the web: template, upload with preview, confirm."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from organizations.imports import template_sheet
from organizations.jobs import IMPORTER
from organizations.spreadsheets import web
from organizations.spreadsheets.template import template_csv, template_workbook


organization_import, organization_import_confirm, organization_import_checked = web.import_views(
    IMPORTER, login_required)


@login_required
@require_GET
def organization_template(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in web.CONTENT_TYPES:
        raise Http404
    sheet = template_sheet()
    content = template_workbook([sheet]) if file_format == "xlsx" else template_csv(sheet)
    return web.download(content, f"mau-to-chuc-dang.{file_format}", file_format)
