"""Reads for the hierarchy pages and for the other apps: well-joined querysets with their counts."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from organizations.models import AdministrativeUnit, PartyOrganization
from organizations.text import fold

Kind = PartyOrganization.Kind
_ACTIVE = Q(province_organizations__dissolved__isnull=True)


def provinces_with_counts() -> QuerySet[AdministrativeUnit]:
    """The 34 provinces in force, each with its number of grassroots organizations and cells on record."""
    return (
        AdministrativeUnit.objects.provinces()
        .current()
        .annotate(
            grassroots_count=Count(
                "province_organizations", filter=_ACTIVE & Q(province_organizations__kind=Kind.GRASSROOTS)
            ),
            cell_count=Count("province_organizations", filter=_ACTIVE & Q(province_organizations__kind=Kind.CELL)),
        )
        .order_by("search_name")
    )


def units_search(term: str, *, limit: int = 50) -> QuerySet[AdministrativeUnit]:
    """Units whose name matches ignoring case and diacritics, current ones first."""
    return (
        AdministrativeUnit.objects.search(term)
        .select_related("parent", "parent__parent")
        .order_by("valid_to", "level", "search_name")[:limit]
    )


def unit_children_with_counts(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """Units in force directly below a unit, with how many party organizations serve each."""
    return (
        unit.children.current()
        .annotate(
            organization_count=Count("party_organizations", filter=Q(party_organizations__dissolved__isnull=True)),
            cell_count=Count("cells", filter=Q(cells__dissolved__isnull=True)),
        )
        .order_by("search_name")
    )


def unit_organizations(unit: AdministrativeUnit) -> QuerySet[PartyOrganization]:
    """Committees serving a unit (a province's or commune's), with their number of direct sub-organizations."""
    return (
        PartyOrganization.objects.filter(admin_unit=unit)
        .exclude(kind=Kind.CELL)
        .exclude(kind=Kind.CONSTITUENT)
        .annotate(child_count=Count("children", filter=Q(children__dissolved__isnull=True)))
        .order_by("dissolved", "kind", "name")
    )


def unit_lineage(unit: AdministrativeUnit) -> dict[str, list]:
    return {
        "formed_from": list(unit.predecessor_links.select_related("predecessor", "predecessor__parent")),
        "became": list(unit.successor_links.select_related("successor", "successor__parent")),
    }


def organization_children(organization: PartyOrganization) -> QuerySet[PartyOrganization]:
    """Constituent committees and cells directly below an organization, with their own sub-counts and villages."""
    return (
        organization.children.annotate(child_count=Count("children", filter=Q(children__dissolved__isnull=True)))
        .prefetch_related("villages")
        .order_by("dissolved", "kind", "code")
    )


def villages_without_cell(commune: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    served = PartyOrganization.objects.active().filter(villages__parent=commune).values("villages")
    return commune.children.current().villages().exclude(pk__in=served).order_by("search_name")


def organizations_suggested(organizations: QuerySet[PartyOrganization], term: str, *, limit: int) -> list:
    """Active organizations among `organizations` named by `term`: the one whose code it is first, then those whose
    folded name contains it, by name (at most `limit` + 1, so the caller can tell there are more)."""
    folded = fold(term)
    if not folded:
        return []
    active = organizations.active().select_related("parent")
    by_code = list(active.filter(code=term.strip())[:1])
    by_name = active.filter(search_name__contains=folded).exclude(pk__in=[o.pk for o in by_code])
    return by_code + list(by_name.order_by("search_name", "pk")[: limit + 1 - len(by_code)])
