"""Read-only SQL over ratings for the reports app's summary tables (set-based, portable SQLite/PostgreSQL).

Written by the reports helper because it needs counts per grassroots organization (GPO), year, subject and tier,
computed in the database in one statement, to feed `INSERT ... SELECT` at national scale (millions of ratings).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Q

from members.models import Member
from organizations.models import PartyOrganization
from ratings.models import Level, Rating, SummaryCount, SummaryReturn

_GRASSROOTS = PartyOrganization.Kind.GRASSROOTS.value


def _tables() -> dict[str, str]:
    return {
        "rating": Rating._meta.db_table,
        "level": Level._meta.db_table,
        "org": PartyOrganization._meta.db_table,
        "member": Member._meta.db_table,
        "ret": SummaryReturn._meta.db_table,
        "cnt": SummaryCount._meta.db_table,
    }


def _in(column: str, values: Iterable[int] | None, params: list) -> str:
    if values is None:
        return ""
    values = list(values)
    if not values:
        return " AND 1 = 0"
    params.extend(values)
    return f" AND {column} IN ({', '.join(['%s'] * len(values))})"


def detail_tier_counts_query(*, gpo_ids: Iterable[int] | None = None, years: Iterable[int] | None = None) -> tuple[str, list]:
    """SELECT gpo_id, year, subject, tier, n: reviewed ratings (not the not-reviewed) counted per GPO.

    A cell or constituent belongs to its GPO (its parent, or its parent's parent for a cell under a constituent);
    a member belongs to the GPO of the cell the member is in now.
    """
    t = _tables()
    parts: list[str] = []
    params: list = []
    # The GPO of an organization `o` whose parent is `p`: p if p is a GPO, else p's parent.
    gpo_of_child = f"CASE WHEN p.kind = '{_GRASSROOTS}' THEN p.id ELSE p.parent_id END"
    branches = [
        ("gpo", "o.id", f"o.kind = '{_GRASSROOTS}'", f"JOIN {t['org']} o ON o.id = r.organization_id"),
        ("constituent", "o.parent_id", "o.kind = 'constituent'", f"JOIN {t['org']} o ON o.id = r.organization_id"),
        (
            "cell",
            gpo_of_child,
            "o.kind = 'cell'",
            f"JOIN {t['org']} o ON o.id = r.organization_id JOIN {t['org']} p ON p.id = o.parent_id",
        ),
        (
            "member",
            gpo_of_child,
            "r.member_id IS NOT NULL",
            f"JOIN {t['member']} m ON m.id = r.member_id JOIN {t['org']} c ON c.id = m.cell_id "
            f"JOIN {t['org']} p ON p.id = c.parent_id",
        ),
    ]
    ids = None if gpo_ids is None else list(gpo_ids)
    for subject, gpo_expr, condition, joins in branches:
        where = f"r.level_id IS NOT NULL AND {condition}"
        where += _in("r.year", years, params)
        if ids and " p " in joins:
            # An indexable condition too (the cell's parent is the GPO, or the constituent under it), so that a
            # refresh of a few GPOs walks org → cells → members → ratings by index, not a whole year of ratings.
            marks = ", ".join(["%s"] * len(ids))
            where += f" AND (p.id IN ({marks}) OR p.parent_id IN ({marks}))"
            params.extend(ids + ids)
        where += _in(gpo_expr, ids, params)
        parts.append(
            f"SELECT {gpo_expr} AS gpo_id, r.year AS year, '{subject}' AS subject, l.tier AS tier, COUNT(*) AS n "
            f"FROM {t['rating']} r JOIN {t['level']} l ON l.id = r.level_id {joins} "
            f"WHERE {where} GROUP BY {gpo_expr}, r.year, l.tier"
        )
    return " UNION ALL ".join(parts), params


def summary_return_query(
    *, organization_ids: Iterable[int] | None = None, years: Iterable[int] | None = None
) -> tuple[str, list]:
    """SELECT organization_id, year, subject, population, tier, n, share, total of every summary return's counts."""
    t = _tables()
    params: list = []
    where = "1 = 1" + _in("sr.year", years, params) + _in("sr.reporting_organization_id", organization_ids, params)
    sql = (
        "SELECT sr.reporting_organization_id AS organization_id, sr.year AS year, sr.subject AS subject, "
        "sr.population AS population, sc.tier AS tier, sc.count AS n, sc.share AS share, sr.total AS total "
        f"FROM {t['ret']} sr JOIN {t['cnt']} sc ON sc.summary_return_id = sr.id WHERE {where}"
    )
    return sql, params


def grassroots_of(organization_ids: Iterable[int]) -> set[int]:
    """The GPO of each organization (itself for a GPO; the organization itself above GPO level)."""
    ids = list(organization_ids)
    if not ids:
        return set()
    rows = PartyOrganization.objects.filter(pk__in=ids).values(
        "pk", "kind", "parent_id", "parent__kind", "parent__parent_id"
    )
    result: set[int] = set()
    for row in rows:
        if row["kind"] in (PartyOrganization.Kind.CELL, PartyOrganization.Kind.CONSTITUENT):
            result.add(row["parent_id"] if row["parent__kind"] == _GRASSROOTS else row["parent__parent_id"])
        else:
            result.add(row["pk"])
    return {pk for pk in result if pk is not None}


def cell_levels(*, gpo_id: int, years: Iterable[int]) -> list[dict]:
    """Each cell of one GPO (directly or under a constituent) with its tier and label per year (a small read)."""
    in_gpo = Q(organization__parent_id=gpo_id) | Q(
        organization__parent__parent_id=gpo_id, organization__parent__kind=PartyOrganization.Kind.CONSTITUENT
    )
    return list(
        Rating.objects.filter(in_gpo, year__in=list(years), organization__kind=PartyOrganization.Kind.CELL)
        .values("organization_id", "year", "level__tier", "level__label_vi", "not_reviewed", "is_exemplary")
        .order_by("organization_id", "year")
    )


def cursor_rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
