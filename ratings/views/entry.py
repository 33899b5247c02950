"""The ratings index, the GPO and cell grids, and the submit / approve / reopen buttons."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members import access_log
from organizations import access
from organizations.inputs import parse_year
from organizations.models import PartyOrganization
from organizations.selectors import reporting_unit
from organizations.text import fold
from ratings import selectors, services
from ratings.engine import RatingInputError
from ratings.forms import GridForm, ReopenForm
from ratings.models import ReviewCycle, Rule
from ratings.schemes import MEMBER, ORGANIZATION, SchemeBook

Kind = PartyOrganization.Kind
Status = ReviewCycle.Status


def _year(value: int) -> int:
    if not 1990 <= value <= datetime.date.today().year:
        raise Http404
    return value


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The GPOs in the user's scope with the status of a year, searchable without diacritics."""
    year = parse_year(request.GET.get("year"), minimum=1990, maximum=datetime.date.today().year)
    year = year or datetime.date.today().year
    query = request.GET.get("q", "").replace("\x00", "").strip()  # PostgreSQL refuses NUL in a parameter
    status = ReviewCycle.objects.filter(organization=OuterRef("pk"), year=year).values("status")[:1]
    gpos = (
        access.organizations_for(request.user).filter(kind=Kind.GRASSROOTS).select_related("province")
        .annotate(cycle_status=Subquery(status)).order_by("province__name", "name")
    )
    if query:
        gpos = gpos.filter(search_name__contains=fold(query))
    page = Paginator(gpos, 50).get_page(request.GET.get("page"))
    labels = dict(Status.choices)
    for gpo in page:
        gpo.cycle_label = labels.get(gpo.cycle_status or Status.DRAFT)
    years = list(range(datetime.date.today().year, 2007, -1))
    scope = getattr(request.user, "scope", None)
    return render(request, "ratings/index.html", {"page": page, "year": year, "years": years, "q": query,
                                                  "scope_root": scope.organization if scope else None,
                                                  "can_import": access.writable_organizations_for(request.user).exists()})


def _context(request, organization: PartyOrganization, year: int, members: bool) -> dict:
    cycle = selectors.cycle_of(organization, year)
    status = cycle.status if cycle else Status.DRAFT
    can_write = access.can_write(request.user, organization)
    # The unit whose cycle holds these ratings: the GPO itself, or the GPO above a cell (through the parents).
    unit = reporting_unit(organization) or organization
    can_approve = access.can_approve(request.user, unit)
    context = {
        "organization": organization, "year": year, "cycle": cycle, "status": status,
        "status_label": dict(Status.choices)[status], "unit": unit,
        "editable": can_write and status == Status.DRAFT,
        "can_submit": can_write and status == Status.DRAFT,
        "can_withdraw": can_write and status == Status.SUBMITTED,
        "can_approve": can_approve and status == Status.SUBMITTED,
        "can_reopen": can_approve and status != Status.DRAFT,
        "reopen_form": ReopenForm(), "members": members,
        # The board's documents name members: for admins, staff and approvers (in scope, as this page).
        "can_documents": access.can_see_personal_data(request.user),
        "previous_year": year - 1, "next_year": year + 1 if year < datetime.date.today().year else None,
    }
    if context["can_submit"] or context["can_approve"]:
        # The confirmation of a submission or an approval says what the check report still lists.
        context["open_issues"] = selectors.open_issues(unit, year)
    return context


def _grid_form(request: HttpRequest, rows, year: int, *, members: bool, disabled: bool) -> GridForm:
    """The grid's form: a level per row, and a score (with the share of tasks above the requirement where a rule
    counts it) where the year's scheme is score-based."""
    book = SchemeBook()
    applies = MEMBER if members else ORGANIZATION
    scheme = book.scheme(applies, year)
    scored = bool(scheme and scheme.uses_score)
    shares = scored and any(rule.kind == Rule.Kind.EXCEEDED_TASKS for rule in scheme.rules.all())
    return GridForm(request.POST or None, rows=rows, levels=list(book.levels(applies, year)), disabled=disabled,
                    members=members, scored=scored, shares=shares)


def _grid(request: HttpRequest, organization: PartyOrganization, year: int, members: bool) -> HttpResponse:
    context = _context(request, organization, year, members)
    rows = selectors.grid_rows(organization, year, members=members)
    disabled = not context["editable"]
    form = _grid_form(request, rows, year, members=members, disabled=disabled)
    if request.method == "POST":
        if disabled:
            raise PermissionDenied
        if form.is_valid():
            names = {str(r.subject.pk): str(r.subject) for r in rows}
            try:
                outcome = services.grid_save(user=request.user, organization=organization, year=year,
                                             entries=form.entries(), members=members,
                                             override_reason=form.cleaned_data["override_reason"])
            except RatingInputError as exc:
                for issue in exc.issues:
                    name = names.get(issue.ref, issue.ref)
                    # A conflict names its subject itself (the same message serves imports).
                    form.add_error(None, str(issue) if name in str(issue) else f"{name}: {issue}")
            except ValidationError as exc:
                form.add_error(None, exc)
            except IntegrityError:
                # Another user saved a rating of these rows in the same instant (one rating per subject and year).
                form.add_error(None, _("Có người vừa lưu kết quả của bảng này cùng lúc; không ghi gì. Hãy tải lại "
                                       "trang."))
            else:
                messages.success(request, _("Đã lưu: %(c)s mới, %(u)s thay đổi, %(d)s xóa, %(n)s không đổi.")
                                 % {"c": outcome.created, "u": outcome.updated, "d": outcome.deleted,
                                    "n": outcome.unchanged})
                for warning in outcome.warnings:
                    messages.warning(request, f"{names.get(warning.ref, warning.ref)}: {warning}")
                return redirect(request.path)
    autofocus = next((r.subject.pk for r in rows if r.rating is None), rows[0].subject.pk if rows else None)
    if autofocus and not disabled:
        form.fields[f"level_{autofocus}"].widget.attrs["autofocus"] = True
    for row in rows:
        row.field = form[f"level_{row.subject.pk}"]
        row.version_field = form[f"version_{row.subject.pk}"]
        row.score_field = form[f"score_{row.subject.pk}"] if form.scored else None
        row.share_field = form[f"exceeded_share_{row.subject.pk}"] if form.shares else None
    rated = sum(1 for r in rows if r.rating is not None)
    check_url = reverse("ratings:cell_grid_check" if members else "ratings:grid_check", args=[organization.pk, year])
    context.update({"form": form, "rows": rows, "rated": rated, "levels": form.levels, "autofocus": autofocus,
                    "check_url": check_url, "can_see_members": access.can_see_personal_data(request.user)})
    return render(request, "ratings/grid.html", context)


def _grid_check(request: HttpRequest, organization: PartyOrganization, year: int, members: bool) -> JsonResponse:
    """The rules of the year over the grid as it stands in the browser (nothing written): each row's errors and
    warnings with their sources, and the level a typed score gives."""
    cycle = selectors.cycle_of(organization, year)
    if not access.can_write(request.user, organization) or (cycle and cycle.status != Status.DRAFT):
        raise PermissionDenied  # the same rule as the grid's "editable", without the status bar's check report
    rows = selectors.grid_rows(organization, year, members=members)
    form = _grid_form(request, rows, year, members=members, disabled=False)
    if not form.is_valid():
        return JsonResponse({"rows": {}, "general": [str(e) for errors in form.errors.values() for e in errors],
                             "proposed": {}})
    try:
        found = services.grid_check(user=request.user, organization=organization, year=year,
                                    entries=form.entries(), members=members,
                                    override_reason=form.cleaned_data["override_reason"])
    except ValidationError as exc:
        return JsonResponse({"rows": {}, "general": exc.messages, "proposed": {}})
    by_row: dict[str, list[dict]] = {}
    for issue in found.issues:
        by_row.setdefault(issue.ref, []).append({
            "message": issue.message, "severity": issue.severity, "source": issue.source,
            "confirmed": issue.confirmed, "field": issue.field})
    proposed = {str(pk): {"id": level.pk, "label": f"{level.tier}. {level.label}"}
                for pk, level in found.proposed.items()}
    return JsonResponse({"rows": by_row, "general": [], "proposed": proposed})


@login_required
@require_http_methods(["GET", "POST"])
def grid(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    """A GPO's grid for a year: itself, its constituent committees and all its cells, one level each."""
    organization = access.organization_for_user_or_404(request.user, org_pk)
    if organization.kind != Kind.GRASSROOTS:
        raise Http404
    return _grid(request, organization, _year(year), members=False)


@login_required
@require_http_methods(["GET", "POST"])
def cell_grid(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    """A cell's members for a year (personal data: staff and approvers in scope only)."""
    organization = access.organization_for_user_or_404(request.user, org_pk)
    if organization.kind != Kind.CELL and not organization.is_grassroots_cell:
        raise Http404
    access.require_personal_data_access(request.user)
    access_log.record(request.user, access_log.Action.VIEW, request.get_full_path())
    return _grid(request, organization, _year(year), members=True)


@login_required
@require_POST
def grid_check(request: HttpRequest, org_pk: int, year: int) -> JsonResponse:
    organization = access.organization_for_user_or_404(request.user, org_pk)
    if organization.kind != Kind.GRASSROOTS:
        raise Http404
    return _grid_check(request, organization, _year(year), members=False)


@login_required
@require_POST
def cell_grid_check(request: HttpRequest, org_pk: int, year: int) -> JsonResponse:
    organization = access.organization_for_user_or_404(request.user, org_pk)
    if organization.kind != Kind.CELL and not organization.is_grassroots_cell:
        raise Http404
    access.require_personal_data_access(request.user)
    return _grid_check(request, organization, _year(year), members=True)


@login_required
def approval_queue(request: HttpRequest) -> HttpResponse:
    """What waits for the approver's decision in their scope, the longest waiting first, with its check report's
    counts."""
    access.require_approver(request.user)
    page = Paginator(selectors.approval_queue(access.approvable_organizations_for(request.user)), 25).get_page(
        request.GET.get("page"))
    for cycle in page:
        cycle.issues = selectors.open_issues(cycle.organization, cycle.year)
    return render(request, "ratings/queue.html", {"page": page})


@login_required
@require_POST
def cycle_action(request: HttpRequest, org_pk: int, year: int, action: str) -> HttpResponse:
    organization = access.organization_for_user_or_404(request.user, org_pk)
    if organization.kind not in services.REPORTING_KINDS:
        raise Http404  # a cell's or a constituent's ratings are in the GPO's cycle
    year = _year(year)
    # A GPO's buttons are on its grid; a district's or a province's on its summary returns page.
    home = reverse("ratings:grid" if organization.kind == Kind.GRASSROOTS else "ratings:returns",
                   args=[organization.pk, year])
    back = request.POST.get("next") or home
    # Only a path of this site ("/\evil.example" is another host to browsers).
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        back = home
    try:
        if action == "submit":
            services.cycle_submit(user=request.user, organization=organization, year=year)
            messages.success(request, _("Đã trình phê duyệt năm %(y)s.") % {"y": year})
        elif action == "withdraw":
            services.cycle_withdraw(user=request.user, organization=organization, year=year)
            messages.success(request, _("Đã rút lại năm %(y)s để sửa; trình lại khi xong.") % {"y": year})
        elif action == "approve":
            services.cycle_approve(user=request.user, organization=organization, year=year)
            messages.success(request, _("Đã phê duyệt năm %(y)s; kết quả đã khóa.") % {"y": year})
        elif action == "reopen":
            form = ReopenForm(request.POST)
            if not form.is_valid():
                for error in form.errors.get("reason", []):  # empty, or too long
                    messages.error(request, _("Lý do mở lại: %(e)s") % {"e": error})
                return redirect(back)
            services.cycle_reopen(user=request.user, organization=organization, year=year,
                                  reason=form.cleaned_data["reason"])
            messages.success(request, _("Đã mở lại năm %(y)s để sửa.") % {"y": year})
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(back)
