"""Reads for the hierarchy pages and for the other apps: well-joined querysets with their counts."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Q, QuerySet

from organizations.models import AdministrativeUnit, PartyOrganization
from organizations.text import fold

Kind = PartyOrganization.Kind
_CHUNK = 5000


def provinces_with_counts() -> list[AdministrativeUnit]:
    """The 34 provinces in force, each with its number of grassroots organizations and cells on record."""
    # Counted by (province, kind) over the organizations alone, then attached: grouping the join by every column of
    # the provinces sorted 250,000 wide rows on disk at national scale (2.3 s under load).
    counts = dict(
        ((province, kind), n)
        for province, kind, n in PartyOrganization.objects.filter(dissolved__isnull=True,
                                                                  kind__in=[Kind.GRASSROOTS, Kind.CELL])
        .values_list("province_id", "kind").annotate(n=Count("pk")).order_by()
    )
    provinces = list(AdministrativeUnit.objects.provinces().current().order_by("search_name"))
    for province in provinces:
        province.grassroots_count = counts.get((province.pk, Kind.GRASSROOTS), 0)
        province.cell_count = counts.get((province.pk, Kind.CELL), 0)
    return provinces


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


# --- Which grassroots organization (GPO) ---------------------------------------------------------------------------
# A GPO reviews itself, its constituent committees and its cells (a grassroots cell, "chi bộ cơ sở", is a GPO that
# holds its members itself); above GPO level a district or provincial committee reports for itself. That unit is
# the "reporting unit": its review cycle locks the ratings and returns below it. One rule, written twice: in Python
# for an organization in hand, and as one SQL expression for set-based work (tests/organizations/test_gpo_resolver.py
# checks that both agree on every kind).
_BELOW_GPO = (Kind.CONSTITUENT, Kind.CELL)


def subtree_sql(root_count: int) -> str:
    """`WITH RECURSIVE subtree(root, id, kind)`: every organization under `root_count` roots (placeholders), the
    roots included, each with the root it lies under and its kind; follow it with a SELECT from subtree.

    The tree is walked down from the roots through the parent index, so the cost is the size of the subtrees:
    testing every organization's chain of parents (four self-joins) read the whole table, 250,000 rows at national
    scale, 0.5 to 0.9 s a query under load. UNION, not UNION ALL: a parent cycle entered by mistake still ends.
    """
    table = connection.ops.quote_name(PartyOrganization._meta.db_table)
    marks = ", ".join(["%s"] * root_count)
    # The kind travels with each row: joining the table again to filter on it made PostgreSQL, which cannot
    # estimate a recursive query's size, read the whole table.
    return (f"WITH RECURSIVE subtree(root, id, kind) AS (SELECT id, id, kind FROM {table} WHERE id IN ({marks}) "
            f"UNION SELECT subtree.root, child.id, child.kind FROM {table} child "
            f"JOIN subtree ON child.parent_id = subtree.id) ")


def reporting_unit(organization: PartyOrganization) -> PartyOrganization | None:
    """The organization whose cycle holds this one's ratings: its GPO (itself for a GPO), itself above GPO level;
    None for a constituent committee or cell cut off from any GPO (a broken chain)."""
    node, seen = organization, {organization.pk}
    while node.kind in _BELOW_GPO:
        parent = node.parent
        if parent is None or parent.pk in seen:
            return None
        node = parent
        seen.add(node.pk)
    return node


def reporting_unit_sql(org: str = "o", parent: str = "p") -> str:
    """The same rule as `reporting_unit`, as an SQL expression over an organization row `org` and its parent row
    `parent` (joined with `reporting_unit_join`). NULL for a broken chain."""
    below = ", ".join(f"'{kind}'" for kind in _BELOW_GPO)
    return (f"CASE WHEN {org}.kind NOT IN ({below}) THEN {org}.id "
            f"WHEN {parent}.kind IN ({below}) THEN {parent}.parent_id ELSE {parent}.id END")


def reporting_unit_join(org: str = "o", parent: str = "p") -> str:
    return f"LEFT JOIN {PartyOrganization._meta.db_table} {parent} ON {parent}.id = {org}.parent_id"


def reporting_unit_ids(organization_ids: Iterable[int]) -> dict[int, int | None]:
    """Each organization id → its reporting unit's id (set-based: one query per 5,000 ids)."""
    ids = sorted({pk for pk in organization_ids if pk})
    result: dict[int, int | None] = {}
    table = PartyOrganization._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            cursor.execute(
                f"SELECT o.id, {reporting_unit_sql()} FROM {table} o {reporting_unit_join()} "
                f"WHERE o.id IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            result.update(cursor.fetchall())
    return result


def units_reporting_to(unit_ids: Iterable[int]) -> dict[int, int]:
    """The inverse: every organization whose reporting unit is one of `unit_ids` (the units themselves, their
    constituent committees and cells) → that unit's id."""
    ids = sorted({pk for pk in unit_ids if pk})
    if not ids:
        return {}
    table = PartyOrganization._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    conditions = (f"o.id IN ({marks})", f"o.parent_id IN ({marks})",
                  f"o.parent_id IN (SELECT c.id FROM {table} c WHERE c.parent_id IN ({marks}) "
                  f"AND c.kind = '{Kind.CONSTITUENT}')")
    # Three queries, each on an index (the unit, its children, its constituents' children), in one statement:
    # joined by OR they made PostgreSQL read the whole table.
    sql = " UNION ALL ".join(f"SELECT o.id, {reporting_unit_sql()} FROM {table} o {reporting_unit_join()} WHERE {where}"
                             for where in conditions)
    with connection.cursor() as cursor:
        cursor.execute(sql, ids * 3)
        wanted = set(ids)
        return {pk: unit for pk, unit in cursor.fetchall() if unit in wanted}
