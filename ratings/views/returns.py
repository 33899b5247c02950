"""Summary returns of a unit and year: how historic figures and units without detailed ratings enter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from organizations import access
from ratings import selectors, services, tallies
from ratings.forms import SummaryReturnForm
from ratings.models import Subject, SummaryReturn
from ratings.views.entry import _context, _year


@login_required
@require_http_methods(["GET", "POST"])
def summary_returns(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    organization = access.organization_for_user_or_404(request.user, org_pk)
    year = _year(year)
    context = _context(request, organization, year, members=False)
    can_write = context["editable"]  # in scope, and the year not submitted or approved
    form = SummaryReturnForm(request.POST or None)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                _summary, warnings = services.returns_save(
                    user=request.user, reporting_organization=organization, year=year, subject=data["subject"],
                    counts=form.counts(), population=data["population"].strip(), total=data["total"],
                    reviewed=data["reviewed"], source=data["source"], note=data["note"], version=data["version"],
                )
            except services.ReturnChanged as exc:
                form.add_error(None, exc.messages)
                form.data = form.data.copy()
                form.data["version"] = exc.summary.version if exc.summary else 0
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Đã lưu báo cáo tổng hợp."))
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect(request.path)
    returns = SummaryReturn.objects.filter(reporting_organization=organization, year=year).prefetch_related("counts")
    computed = tallies.detail_lines(organization, year)
    members_hidden = not access.can_see_personal_data(request.user) and any(
        line.subject == Subject.MEMBER for line in computed)
    if members_hidden:
        # One unit's members by level, unsuppressed, is personal data; analysts read members' figures in the reports.
        computed = [line for line in computed if line.subject != Subject.MEMBER]
    context.update({"form": form, "returns": returns, "can_write": can_write, "computed": computed,
                    "members_hidden": members_hidden,
                    "returns_history": selectors.returns_history(organization, year)})
    return render(request, "ratings/returns.html", context)
