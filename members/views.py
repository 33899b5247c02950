"""Members pages. Personal data: every view needs login, goes through organizations.access, and loads rows only
from the user's scope (404 outside it); analysts get 403."""

from __future__ import annotations

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members import access_log, selectors, services
from members.filters import MemberFilter
from members.forms import (
    AwarenessClassForm,
    CellRoleForm,
    CorrectionForm,
    EventForm,
    MemberAdmitForm,
    MemberEditForm,
    TransferForm,
    member_label,
)
from members.history import earliest_official_date
from members.models import AwarenessClass, CellRole, Member, MemberEvent, VillageHead
from organizations import access
from organizations.inputs import parse_id
from organizations.models import PartyOrganization
from organizations.selectors import reporting_unit

PAGE_SIZE = 50
SUGGESTIONS = 20


def personal_data(view):
    """Login, then the permission point: only roles allowed to see personal records get further; each page shown
    is written to the access log."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        access.require_personal_data_access(request.user)
        response = view(request, *args, **kwargs)
        access_log.record_page(request, response)  # Decree 13/2023/ND-CP: every view of personal data is logged
        return response

    return wrapper


def _members(user) -> QuerySet[Member]:
    return Member.objects.filter(access.in_scope_filter(user, "cell__"))


def _member_or_404(user, pk: int) -> Member:
    return get_object_or_404(_members(user).select_related("cell", "cell__parent", "ethnicity"), pk=pk)


def _writable_member_or_404(user, pk: int) -> Member:
    member = _member_or_404(user, pk)
    if not access.can_write(user, member.cell):
        raise PermissionDenied
    return member


def _cell_or_404(user, pk: int) -> PartyOrganization:
    cell = access.organization_for_user_or_404(user, pk)
    if cell.kind != PartyOrganization.Kind.CELL or not access.can_write(user, cell):
        raise Http404
    return cell


def error_text(form: Form, error: ValidationError | None = None) -> str:
    """A form's (or a service's) errors as one message above the page, each led by its field's label."""
    if error is None:
        items = form.errors.items()
    else:
        items = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    return "; ".join(f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e) for f, e in items)


def _show_errors(form: Form, error: ValidationError) -> None:
    """Put a service's errors on the form's fields (or above the form when no field matches)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@personal_data
@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    queryset = _members(request.user).select_related("cell", "cell__parent", "ethnicity")
    member_filter = MemberFilter(request.GET or None, queryset=queryset, user=request.user)
    rows = member_filter.qs if member_filter.is_bound and member_filter.is_valid() else queryset
    page = Paginator(rows.order_by("search_name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/list.html",
        {"filter": member_filter, "page": page, "query": query.urlencode(), "year": timezone.localdate().year},
    )


@personal_data
@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(request.user, pk)
    events = list(
        member.events.select_related("from_cell", "to_cell", "recorded_by", "corrects").prefetch_related(
            Prefetch("corrections", queryset=MemberEvent.objects.only("pk", "corrects_id", "kind", "date"))
        ).order_by("date", "pk")
    )
    for event in events:
        event.superseded = bool(event.corrections.all()) or event.kind == MemberEvent.Kind.CORRECTION
    can_official = member.status == Member.Status.PROBATIONARY
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "events": events,
            "can_write": access.can_write(request.user, member.cell),
            "earliest_official": earliest_official_date(member.admitted_on) if can_official else None,
            "roles": member.cell_roles.select_related("cell"),
            "is_ended": member.status in (Member.Status.REMOVED, Member.Status.DECEASED),
            "changes": _record_changes(member),
        },
    )


_HIDDEN_CHANGES = {"version", "search_name"}


def _record_changes(member: Member, limit: int = 10) -> list[dict]:
    """The latest edits of the record (who, when, which field from what to what), from its history table."""
    records = list(member.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    changes = []
    for newer, older in zip(records, records[1:], strict=False):
        diff = [
            {"field": Member._meta.get_field(c.field), "old": c.old, "new": c.new}
            for c in newer.diff_against(older).changes
            if c.field not in _HIDDEN_CHANGES
        ]
        if diff:
            changes.append({"when": newer.history_date, "user": newer.history_user, "diff": diff})
    _readable(changes)
    return changes


def _readable(changes: list[dict]) -> None:
    """Show choices by their label and foreign keys by their name (one query per related model)."""
    names: dict[type, dict] = {}
    for item in (d for change in changes for d in change["diff"]):
        field = item["field"]
        if field.is_relation and field.related_model not in names:
            ids = {d[k] for c in changes for d in c["diff"] if d["field"] is field for k in ("old", "new")}
            names[field.related_model] = {o.pk: str(o) for o in field.related_model.objects.filter(pk__in=ids - {None})}
    for item in (d for change in changes for d in change["diff"]):
        field = item["field"]
        for key in ("old", "new"):
            if field.choices:
                item[key] = dict(field.flatchoices).get(item[key], item[key])
            elif field.is_relation:
                item[key] = names[field.related_model].get(item[key], item[key])
            elif isinstance(item[key], datetime.date):
                item[key] = date_format(item[key], "d/m/Y")  # as every other date on the page
        item["field"] = field.verbose_name


@personal_data
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest) -> HttpResponse:
    organizations = access.writable_organizations_for(request.user)
    initial = {"admitted_on": timezone.localdate()}
    within = None
    hint = parse_id(request.GET.get("cell"))
    if hint is not None:
        cell = organizations.cells().filter(pk=hint).select_related("parent").first()
        if cell:
            initial["cell"] = cell
            # Coming from a cell's page: offer the cells of the same grassroots organization, not the whole province.
            gpo = reporting_unit(cell)
            if gpo:
                organizations = organizations.filter(access.subtree_filter(gpo.pk))
                within = gpo.pk
    form = MemberAdmitForm(request.POST or None, organizations=organizations, within=within, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            member = services.member_admit(recorded_by=request.user, **data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Đã kết nạp %(name)s vào %(cell)s.") % {"name": member, "cell": member.cell})
            return redirect("members:cell", pk=member.cell_id)
    return render(request, "members/form.html", {"form": form, "title": _("Kết nạp đảng viên mới")})


@personal_data
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _writable_member_or_404(request.user, pk)
    form = MemberEditForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        expected_version = fields.pop("version")
        try:
            services.member_update(
                member=member, recorded_by=request.user, expected_version=expected_version, **fields
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin của %(name)s.") % {"name": form.cleaned_data["full_name"]})
            return redirect("members:detail", pk=member.pk)
    return render(
        request, "members/form.html", {"form": form, "member": member, "title": _("Sửa thông tin cá nhân")}
    )


@personal_data
@require_http_methods(["GET", "POST"])
def member_event(request: HttpRequest, pk: int) -> HttpResponse:
    member = _writable_member_or_404(request.user, pk)
    initial = {"date": timezone.localdate()}
    if request.GET.get("kind") in dict(EventForm.KINDS):
        initial["kind"] = request.GET["kind"]
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.member_event_record(member=member, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Đã ghi: %(event)s.") % {"event": event})
            return redirect(_safe_next(request.POST) or reverse("members:detail", args=[member.pk]))
    return render(
        request, "members/form.html", {"form": form, "member": member, "title": _("Ghi nhận sự kiện"),
                                       "next": _safe_next(request.POST or request.GET)}
    )


def _safe_next(data) -> str:
    """Only our own members pages are accepted as the page to return to (no open redirect)."""
    target = data.get("next", "")
    return target if target.startswith("/members/") and "//" not in target and "\\" not in target else ""


@personal_data
@require_http_methods(["GET", "POST"])
def member_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    member = _writable_member_or_404(request.user, pk)
    form = TransferForm(
        request.POST or None,
        organizations=access.organizations_for(request.user),
        initial={"date": timezone.localdate(), "scope": MemberEvent.TransferScope.CELL},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_transfer(member=member, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nhận chuyển sinh hoạt của %(name)s.") % {"name": member})
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "member": member, "title": _("Chuyển sinh hoạt")})


@personal_data
@require_http_methods(["GET", "POST"])
def event_correct(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(
        MemberEvent.objects.filter(access.in_scope_filter(request.user, "member__cell__")).select_related("member"),
        pk=pk,
    )
    member = _writable_member_or_404(request.user, event.member_id)
    form = CorrectionForm(
        request.POST or None, event=event, organizations=access.organizations_for(request.user),
        initial={"date": event.date, "to_cell": event.to_cell_id, "discipline_level": event.discipline_level,
                 "deciding_body": event.deciding_body},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {}
        # An empty cell keeps an admission's cell; for a transfer it means "out of the cells kept here".
        if "to_cell" in form.fields and (data.get("to_cell") or event.kind == MemberEvent.Kind.TRANSFER):
            changes["to_cell"] = data.get("to_cell")
        try:
            services.member_event_correct(
                event=event, reason=data["note"], cancel=data["cancel"], date=data.get("date"),
                discipline_level=data.get("discipline_level") or None, deciding_body=data.get("deciding_body"),
                recorded_by=request.user, **changes,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Đã ghi đính chính; sự kiện cũ vẫn được lưu trong lịch sử."))
            return redirect("members:detail", pk=member.pk)
    return render(
        request, "members/form.html",
        {"form": form, "member": member, "event": event, "title": _("Đính chính sự kiện")},
    )


@personal_data
@require_GET
def cell_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cell = _cell_or_404(request.user, pk)
    show_all = request.GET.get("all") == "1"
    members = cell.members.select_related("ethnicity").order_by("search_name", "pk")
    if not show_all:
        members = members.filter(status__in=Member.ACTIVE_STATUSES)
    members = list(members)
    today = timezone.localdate()
    for member in members:
        member.official_due = (
            member.status == Member.Status.PROBATIONARY and earliest_official_date(member.admitted_on) <= today
        )
    year = today.year
    return render(
        request,
        "members/cell.html",
        {
            "cell": cell,
            "ancestors": list(reversed(cell.ancestors())),
            "members": members,
            "show_all": show_all,
            "counts": selectors.member_counts([cell.pk])[cell.pk],
            "statute_flag": selectors.cell_statute_flags([cell.pk]).get(cell.pk, ""),
            "by_ethnicity": selectors.member_breakdown([cell.pk], "ethnicity"),
            "events": selectors.events_per_year([cell.pk], year - 4, year),
            "classes": AwarenessClass.objects.filter(cell=cell).order_by("-year")[:6],
            "roles": CellRole.objects.filter(cell=cell, term_end__isnull=True).select_related("member"),
            "village_heads": VillageHead.objects.filter(village__in=cell.villages.all(), term_end__isnull=True)
            .select_related("village"),
            "class_form": AwarenessClassForm(initial={"year": year}),
            "role_form": CellRoleForm(cell=cell, initial={"term_start": today}),
        },
    )


@personal_data
@require_POST
def cell_awareness_class(request: HttpRequest, pk: int) -> HttpResponse:
    cell = _cell_or_404(request.user, pk)
    form = AwarenessClassForm(request.POST)
    if form.is_valid():
        try:
            services.awareness_class_set(cell=cell, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(form, error))
        else:
            messages.success(request, _("Đã lưu số người học lớp nhận thức về Đảng năm %(year)s.")
                             % {"year": form.cleaned_data["year"]})
    else:
        messages.error(request, error_text(form))
    return redirect("members:cell", pk=cell.pk)


@personal_data
@require_POST
def cell_role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    cell = _cell_or_404(request.user, pk)
    form = CellRoleForm(request.POST, cell=cell)
    if form.is_valid():
        try:
            services.cell_role_assign(cell=cell, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(form, error))
        else:
            messages.success(request, _("Đã ghi %(role)s: %(name)s.") % {
                "role": CellRole.Role(form.cleaned_data["role"]).label, "name": form.cleaned_data["member"]})
    else:
        messages.error(request, error_text(form))
    return redirect("members:cell", pk=cell.pk)


@personal_data
@require_GET
def cell_member_autocomplete(request: HttpRequest, pk: int) -> JsonResponse:
    """Suggestions for a member picker of a cell (its roles): active members whose card number is, or whose name
    contains, what was typed."""
    cell = _cell_or_404(request.user, pk)
    term = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    rows = selectors.members_suggested(
        cell.members.filter(status__in=Member.ACTIVE_STATUSES), term, limit=SUGGESTIONS
    )
    return JsonResponse({
        "results": [
            {"value": m.card_number or str(m.pk), "label": member_label(m), "detail": m.get_status_display()}
            for m in rows[:SUGGESTIONS]
        ],
        "more": len(rows) > SUGGESTIONS,
    })
