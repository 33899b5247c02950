"""The browsable hierarchy: province → commune → committees → cells. Structure is not personal data: any
logged-in user may browse it; member counts are aggregates."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from members import selectors as member_selectors
from organizations import access, selectors
from organizations.forms import OrganizationSuggestForm, UnitSearchForm
from organizations.models import AdministrativeUnit
from organizations.pickers import organization_label


def _member_figures(cell_ids: list[int]) -> tuple[dict[int, int], dict[int, str]]:
    """Member counts and Statute warnings per cell (the Statute's rules are flagged, not silently accepted)."""
    return member_selectors.official_member_counts(cell_ids), member_selectors.cell_statute_flags(cell_ids)


@login_required
@require_GET
def hierarchy(request: HttpRequest) -> HttpResponse:
    form = UnitSearchForm(request.GET or None)
    results = selectors.units_search(form.cleaned_data["q"]) if form.is_valid() else None
    return render(
        request,
        "organizations/hierarchy.html",
        {"form": form, "results": results, "provinces": selectors.provinces_with_counts(),
         "can_import": access.writable_organizations_for(request.user).exists()},
    )


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(AdministrativeUnit.objects.select_related("parent", "parent__parent"), pk=pk)
    organizations = list(selectors.unit_organizations(unit))
    context = {
        "unit": unit,
        "ancestors": list(reversed(unit.ancestors())),
        "children": selectors.unit_children_with_counts(unit),
        "organizations": organizations,
        "lineage": selectors.unit_lineage(unit),
    }
    if unit.level == AdministrativeUnit.Level.COMMUNE:
        context["villages_without_cell"] = selectors.villages_without_cell(unit)
    return render(request, "organizations/unit_detail.html", context)


@login_required
@require_GET
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = access.organization_for_user_or_404(request.user, pk)
    children = list(selectors.organization_children(organization))
    member_counts, statute_flags = _member_figures([c.pk for c in children])
    for child in children:
        child.member_count = member_counts.get(child.pk)
        child.statute_flag = statute_flags.get(child.pk, "")
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "ancestors": list(reversed(organization.ancestors())),
            "children": children,
            "can_write": access.can_write(request.user, organization),
            "can_see_personal": access.can_see_personal_data(request.user),
            "lineage": {
                "formed_from": organization.predecessor_links.select_related("predecessor"),
                "became": organization.successor_links.select_related("successor"),
            },
        },
    )


SUGGESTIONS = 20


@login_required
@require_GET
def organization_autocomplete(request: HttpRequest) -> JsonResponse:
    """Suggestions for an organization picker: active organizations in the user's scope (`scope=write`: those the
    user may change) of one kind, below `within` when given (404 outside the scope, as its page)."""
    form = OrganizationSuggestForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    data = form.cleaned_data
    if data["scope"] == OrganizationSuggestForm.WRITE:
        organizations = access.writable_organizations_for(request.user)
    else:
        organizations = access.organizations_for(request.user)
    if data["within"]:
        organizations = organizations.filter(
            access.subtree_filter(access.organization_for_user_or_404(request.user, data["within"]).pk)
        )
    if data["kind"]:
        organizations = organizations.filter(kind=data["kind"])
    rows = selectors.organizations_suggested(organizations, data["q"], limit=SUGGESTIONS)
    return JsonResponse({
        "results": [
            {"value": o.code, "label": organization_label(o), "detail": f"{o.code} · {o.get_kind_display()}"}
            for o in rows[:SUGGESTIONS]
        ],
        "more": len(rows) > SUGGESTIONS,
    })
