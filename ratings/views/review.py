"""The per-unit, per-year check report and the ratings history of an organization or a member."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from members.models import Member
from organizations import access
from organizations.models import PartyOrganization
from ratings import selectors
from ratings.views.entry import _year


@login_required
def checks_report(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    organization = access.organization_for_user_or_404(request.user, org_pk)
    if organization.kind != PartyOrganization.Kind.GRASSROOTS:
        raise Http404
    access.require_personal_data_access(request.user)  # the report names members
    report = selectors.unit_check_report(organization, _year(year))
    for issue in report.issues:
        issue.subject = report.labels.get(issue.ref, "")
    return render(request, "ratings/checks.html", {"organization": organization, "year": year, "report": report,
                                                   "errors": [i for i in report.issues if i.is_error],
                                                   "warnings": [i for i in report.issues if not i.is_error]})


@login_required
def organization_history(request: HttpRequest, pk: int) -> HttpResponse:
    organization = access.organization_for_user_or_404(request.user, pk)
    return render(request, "ratings/history.html", {
        "subject": organization, "records": selectors.rating_history(organization=organization),
        "cycles": selectors.cycle_history(organization) if organization.kind == PartyOrganization.Kind.GRASSROOTS
        else [],
        "returns_history": selectors.returns_history(organization),
    })


@login_required
def member_history(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_personal_data_access(request.user)
    try:
        member = Member.objects.select_related("cell").filter(access.in_scope_filter(request.user, "cell__")).get(pk=pk)
    except Member.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "ratings/history.html", {"subject": member, "member": member,
                                                    "records": selectors.rating_history(member=member)})
