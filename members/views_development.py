"""An organization's member development and key cadres: the members selectors shown for one committee."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from members import selectors, services
from members.forms import AdmissionTargetForm, KeyCadreForm, VillageHeadForm
from members.models import KeyCadre
from members.selectors.tree import descendants_of_kind
from members.selectors.villages import villages_of
from members.views import error_text, personal_data
from organizations import access
from organizations.models import PartyOrganization

YEARS = 10


def _committee_or_404(user, pk: int) -> PartyOrganization:
    organization = access.organization_for_user_or_404(user, pk)
    if organization.kind == PartyOrganization.Kind.CELL or not access.can_write(user, organization):
        raise Http404
    return organization


@personal_data
@require_GET
def development(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _committee_or_404(request.user, pk)
    today = timezone.localdate()
    first, last = today.year - YEARS + 1, today.year
    ids = [organization.pk]
    per_year = {r["year"]: r for r in selectors.events_per_year(ids, first, last)}
    classes = {r["year"]: r for r in selectors.awareness_class_attendance(ids, first, last)}
    targets = {r["year"]: r for r in selectors.admission_targets(ids, first, last)}
    rolls = {r["year"]: r for r in selectors.members_at_year_end(ids, first, last)}
    years = [
        {"year": y, **per_year.get(y, {}), "attendees": classes.get(y, {}).get("attendees"), "target": targets.get(y),
         "rolls": rolls.get(y, {}).get("members", 0)}
        for y in range(last, first - 1, -1)
    ]
    gpo_ids = descendants_of_kind(ids, PartyOrganization.Kind.GRASSROOTS)[organization.pk]
    rank = {title: i for i, title in enumerate(KeyCadre.Title.values)}  # the order of article 001's list
    cadres = sorted(
        KeyCadre.objects.filter(organization_id__in=gpo_ids, term_end__isnull=True).select_related("organization"),
        key=lambda c: (c.organization.name, rank[c.title]),
    )
    breakdown = {dim: selectors.member_breakdown(ids, dim) for dim in ("status", "gender", "age_band", "ethnicity")}
    return render(
        request,
        "members/development.html",
        {
            "organization": organization,
            "counts": selectors.member_counts(ids)[organization.pk],
            "breakdown": breakdown,
            "years": years,
            "coverage": (selectors.village_coverage(ids) or [None])[0],
            "heads": (selectors.village_heads_membership(ids) or [None])[0],
            "cadre_rows": selectors.key_cadre_qualification(ids),
            "cadres": cadres,
            "target_form": AdmissionTargetForm(initial={"year": today.year}),
            "cadre_form": KeyCadreForm(
                organizations=PartyOrganization.objects.filter(pk__in=gpo_ids), within=organization.pk,
                initial={"term_start": today},
            ),
            "head_form": VillageHeadForm(villages=villages_of(organization.pk), initial={"term_start": today}),
        },
    )


@personal_data
@require_POST
def development_target(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _committee_or_404(request.user, pk)
    form = AdmissionTargetForm(request.POST)
    if form.is_valid():
        try:
            services.admission_target_set(organization=organization, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(form, error))
        else:
            messages.success(request, _("Đã lưu chỉ tiêu kết nạp năm %(year)s.") % {"year": form.cleaned_data["year"]})
    else:
        messages.error(request, error_text(form))
    return redirect("members:development", pk=organization.pk)


def _report(request: HttpRequest, form, write, success: str) -> None:
    """Run a service with a valid form's data; say what happened in a message either way."""
    if not form.is_valid():
        messages.error(request, error_text(form))
        return
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_text(form, error))
    else:
        messages.success(request, success)


@personal_data
@require_POST
def key_cadre_add(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _committee_or_404(request.user, pk)
    gpo_ids = descendants_of_kind([organization.pk], PartyOrganization.Kind.GRASSROOTS)[organization.pk]
    form = KeyCadreForm(request.POST, organizations=PartyOrganization.objects.filter(pk__in=gpo_ids),
                        within=organization.pk)
    _report(request, form, lambda data: services.key_cadre_set(**data), _("Đã ghi cán bộ chủ chốt."))
    return redirect("members:development", pk=organization.pk)


@personal_data
@require_POST
def village_head_add(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _committee_or_404(request.user, pk)
    form = VillageHeadForm(request.POST, villages=villages_of(organization.pk))
    _report(request, form, lambda data: services.village_head_set(**data), _("Đã ghi trưởng thôn, bản."))
    return redirect("members:development", pk=organization.pk)
