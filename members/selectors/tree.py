"""Which cells (and communes) lie under which organizations: one query, then plain Python."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from organizations.models import PartyOrganization

# provincial → district → GPO → constituent → cell: a cell has at most four ancestors.
_ANCESTOR_PATHS = ("parent_id", "parent__parent_id", "parent__parent__parent_id", "parent__parent__parent__parent_id")


def ids_of(organizations: Iterable) -> list[int]:
    """Accept a queryset, model instances or ids."""
    if hasattr(organizations, "values_list"):
        return list(organizations.values_list("pk", flat=True))
    return [getattr(o, "pk", o) for o in organizations]


def _subtree_condition(wanted: set[int]) -> Q:
    condition = Q(pk__in=wanted)
    for path in _ANCESTOR_PATHS:
        condition |= Q(**{f"{path}__in": wanted})
    return condition


def cells_subquery(organization_ids: Iterable[int]):
    """The cells under the organizations as a subquery, so that a national figure never sends 250,000 ids."""
    return PartyOrganization.objects.filter(
        _subtree_condition(set(organization_ids)), kind=PartyOrganization.Kind.CELL
    ).values("pk")


def descendants_of_kind(organization_ids: Iterable[int], kind: str) -> dict[int, set[int]]:
    """For each given organization, the ids of organizations of `kind` in its subtree (itself included)."""
    wanted = set(organization_ids)
    if not wanted:
        return {}
    result: dict[int, set[int]] = defaultdict(set)
    rows = PartyOrganization.objects.filter(_subtree_condition(wanted), kind=kind).values_list("pk", *_ANCESTOR_PATHS)
    for pk, *ancestors in rows:
        for org_id in (pk, *ancestors):
            if org_id in wanted:
                result[org_id].add(pk)
    return {org_id: result.get(org_id, set()) for org_id in wanted}


def cells_under(organization_ids: Iterable[int]) -> dict[int, set[int]]:
    return descendants_of_kind(organization_ids, PartyOrganization.Kind.CELL)


def invert(mapping: dict[int, set[int]]) -> dict[int, list[int]]:
    """cell id → the given organizations it counts for."""
    inverted: dict[int, list[int]] = defaultdict(list)
    for org_id, children in mapping.items():
        for child in children:
            inverted[child].append(org_id)
    return inverted
