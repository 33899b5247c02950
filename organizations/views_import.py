"""Importing party organizations on the web: template, upload with preview, confirm."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from organizations.imports import import_organizations, template_sheet
from organizations.spreadsheets import web
from organizations.spreadsheets.cells import ImportReport
from organizations.spreadsheets.reader import read_table
from organizations.spreadsheets.template import template_csv, template_workbook


def _run(data: bytes, name: str, *, user, dry_run: bool) -> ImportReport:
    return import_organizations(read_table(data, name), user=user, dry_run=dry_run)


IMPORTER = web.Importer(kind="organizations", run=_run, page="organizations/import.html",
                        done_url="organizations:hierarchy", upload_url="organizations:import")
organization_import, organization_import_confirm = web.import_views(IMPORTER, login_required)


@login_required
@require_GET
def organization_template(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in web.CONTENT_TYPES:
        raise Http404
    sheet = template_sheet()
    content = template_workbook([sheet]) if file_format == "xlsx" else template_csv(sheet)
    return web.download(content, f"mau-to-chuc-dang.{file_format}", file_format)
