"""The documents the board files, as print views and as .docx: a reporting unit's annual report, a cell's record.

Both name members (the overrides, the record), so they are for admins, staff and approvers in scope.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from members import access_log
from organizations import access
from organizations.models import PartyOrganization
from ratings.documents import content, word
from ratings.services import REPORTING_KINDS
from ratings.views.entry import _year

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Kind = PartyOrganization.Kind


def _reporting_unit(request: HttpRequest, org_pk: int) -> PartyOrganization:
    organization = access.organization_for_user_or_404(request.user, org_pk)
    if organization.kind not in REPORTING_KINDS:
        raise Http404  # a cell's or a constituent's figures are in its GPO's report
    access.require_personal_data_access(request.user)
    access_log.record(request.user, access_log.Action.VIEW, request.get_full_path())
    return organization


def _cell(request: HttpRequest, org_pk: int) -> PartyOrganization:
    organization = access.organization_for_user_or_404(request.user, org_pk)
    if organization.kind != Kind.CELL and not organization.is_grassroots_cell:
        raise Http404
    access.require_personal_data_access(request.user)
    access_log.record(request.user, access_log.Action.VIEW, request.get_full_path())
    return organization


def _docx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def annual_report(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    organization = _reporting_unit(request, org_pk)
    report = content.annual_report(organization, _year(year))
    return render(request, "ratings/documents/annual_report.html", {"document": report, "organization": organization,
                                                                    "year": year})


@login_required
@require_GET
def annual_report_docx(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    organization = _reporting_unit(request, org_pk)
    report = content.annual_report(organization, _year(year))
    return _docx(word.annual_report_docx(report), f"bao-cao-xep-loai-{organization.code}-{year}.docx")


@login_required
@require_GET
def cell_record(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    cell = _cell(request, org_pk)
    record = content.cell_record(cell, _year(year))
    return render(request, "ratings/documents/cell_record.html", {"document": record, "organization": cell,
                                                                  "year": year})


@login_required
@require_GET
def cell_record_docx(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    cell = _cell(request, org_pk)
    record = content.cell_record(cell, _year(year))
    return _docx(word.cell_record_docx(record), f"danh-sach-xep-loai-{cell.code}-{year}.docx")
