"""Which cells (and communes) lie under which organizations: one query, then plain Python."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models.expressions import RawSQL

from organizations.models import PartyOrganization
from organizations.selectors import subtree_sql


def ids_of(organizations: Iterable) -> list[int]:
    """Accept a queryset, model instances or ids."""
    if hasattr(organizations, "values_list"):
        return list(organizations.values_list("pk", flat=True))
    return [getattr(o, "pk", o) for o in organizations]


def cells_subquery(organization_ids: Iterable[int]):
    """The cells under the organizations as a subquery, so that a national figure never sends 250,000 ids."""
    wanted = sorted(set(organization_ids))
    if not wanted:
        return PartyOrganization.objects.none().values("pk")
    cells = RawSQL(subtree_sql(len(wanted)) + "SELECT id FROM subtree WHERE kind = %s",
                   [*wanted, PartyOrganization.Kind.CELL])
    return PartyOrganization.objects.filter(pk__in=cells).values("pk")


def descendants_of_kind(organization_ids: Iterable[int], kind: str) -> dict[int, set[int]]:
    """For each given organization, the ids of organizations of `kind` in its subtree (itself included)."""
    wanted = sorted(set(organization_ids))
    if not wanted:
        return {}
    result: dict[int, set[int]] = defaultdict(set)
    with connection.cursor() as cursor:
        cursor.execute(subtree_sql(len(wanted)) + "SELECT root, id FROM subtree WHERE kind = %s", [*wanted, kind])
        for root, pk in cursor.fetchall():
            result[root].add(pk)
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
