"""Read-only SQL over ratings and returns for the reports app's summary tables (set-based, SQLite and PostgreSQL).

Each query reads the place recorded on the rating or return (its GPO, province and unit when it was given), so a
member's transfer or a merger never moves a past figure; the reports app feeds these into `INSERT ... SELECT` at
national scale (tens of millions of ratings).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from organizations.models import PartyOrganization
from organizations.selectors import reporting_unit_join, reporting_unit_sql
from ratings.models import Level, Rating, ReviewCycle, SummaryCount, SummaryReturn

Kind = PartyOrganization.Kind


def _tables() -> dict[str, str]:
    return {
        "rating": Rating._meta.db_table,
        "level": Level._meta.db_table,
        "org": PartyOrganization._meta.db_table,
        "ret": SummaryReturn._meta.db_table,
        "cnt": SummaryCount._meta.db_table,
        "cycle": ReviewCycle._meta.db_table,
    }


def _in(column: str, values: Iterable[int] | None, params: list) -> str:
    if values is None:
        return ""
    values = list(values)
    if not values:
        return " AND 1 = 0"
    params.extend(values)
    return f" AND {column} IN ({', '.join(['%s'] * len(values))})"


def _approved(unit_sql: str, year_sql: str) -> str:
    """TRUE when the unit's cycle of the year is approved: its figures are final, no longer provisional."""
    return (f"CASE WHEN EXISTS (SELECT 1 FROM {_tables()['cycle']} c WHERE c.organization_id = {unit_sql} "
            f"AND c.year = {year_sql} AND c.status = '{ReviewCycle.Status.APPROVED}') THEN TRUE ELSE FALSE END")


def detail_tier_counts_query(*, gpo_ids: Iterable[int] | None = None,
                             years: Iterable[int] | None = None) -> tuple[str, list]:
    """SELECT organization_id, province_id, admin_unit_id, year, subject, tier, n, approved: reviewed ratings (the
    not-reviewed are counted apart) per GPO, place and year as recorded on each rating.

    One pass over the ratings, grouped by level before the tiers are looked up. The kind of a rated organization
    names its subject: a full rebuild hashes the organizations once beside its single scan of the ratings; a
    refresh of a few GPOs walks the (gpo, year) index and looks up the few organizations it meets (hashing 250,000
    organizations for 300 ratings would cost more than the rest of the refresh).
    """
    t = _tables()
    params: list = []
    kinds = (f"WHEN o.kind = '{Kind.GRASSROOTS}' THEN 'gpo' WHEN o.kind = '{Kind.CONSTITUENT}' THEN 'constituent' "
             f"ELSE 'cell'")
    if gpo_ids is None:
        subject = f"CASE WHEN r.member_id IS NOT NULL THEN 'member' {kinds} END"
        join = f"LEFT JOIN {t['org']} o ON o.id = r.organization_id"
    else:
        subject = (f"CASE WHEN r.member_id IS NOT NULL THEN 'member' ELSE (SELECT CASE {kinds} END "
                   f"FROM {t['org']} o WHERE o.id = r.organization_id) END")
        join = ""
    where = "r.level_id IS NOT NULL" + _in("r.gpo_id", gpo_ids, params) + _in("r.year", years, params)
    rows = (f"SELECT r.gpo_id AS gpo_id, r.province_id AS province_id, r.admin_unit_id AS admin_unit_id, "
            f"r.year AS year, {subject} AS subject, r.level_id AS level_id FROM {t['rating']} r {join} WHERE {where}")
    grouped = (
        f"SELECT gpo_id, province_id, admin_unit_id, year, subject, level_id, COUNT(*) AS n FROM ({rows}) x "
        f"GROUP BY gpo_id, province_id, admin_unit_id, year, subject, level_id"
    )
    sql = (
        f"SELECT d.gpo_id AS organization_id, d.province_id, d.admin_unit_id, d.year, d.subject, l.tier, "
        f"SUM(d.n) AS n, {_approved('d.gpo_id', 'd.year')} AS approved "
        f"FROM ({grouped}) d JOIN {t['level']} l ON l.id = d.level_id "
        f"GROUP BY d.gpo_id, d.province_id, d.admin_unit_id, d.year, d.subject, l.tier"
    )
    return sql, params


def summary_return_query(*, organization_ids: Iterable[int] | None = None,
                         years: Iterable[int] | None = None) -> tuple[str, list]:
    """SELECT organization_id, province_id, admin_unit_id, year, subject, population, tier, n, share, total, approved
    of every summary return's counts (approved: the cycle holding the return, its GPO's for a cell's, is)."""
    t = _tables()
    params: list = []
    where = "1 = 1" + _in("sr.year", years, params) + _in("sr.reporting_organization_id", organization_ids, params)
    sql = (
        "SELECT sr.reporting_organization_id AS organization_id, sr.province_id AS province_id, "
        "sr.admin_unit_id AS admin_unit_id, sr.year AS year, sr.subject AS subject, sr.population AS population, "
        "sc.tier AS tier, sc.count AS n, sc.share AS share, sr.total AS total, "
        f"{_approved(reporting_unit_sql(), 'sr.year')} AS approved "
        f"FROM {t['ret']} sr JOIN {t['cnt']} sc ON sc.summary_return_id = sr.id "
        f"JOIN {t['org']} o ON o.id = sr.reporting_organization_id {reporting_unit_join()} WHERE {where}"
    )
    return sql, params


def returns_reporting_to(organization_ids: Iterable[int], years: Iterable[int] | None) -> set[int]:
    """Organizations with summary returns of these years that are the given ones or report through them (a cell's
    or a constituent's return is in its GPO's cycle, so the GPO's approval changes its status too)."""
    ids = sorted(set(organization_ids))
    if not ids:
        return set()
    t = _tables()
    params: list = []
    marks = ", ".join(["%s"] * len(ids))
    where = (f"(sr.reporting_organization_id IN ({marks}) OR {reporting_unit_sql()} IN ({marks}))"
             + _in("sr.year", years, params))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT sr.reporting_organization_id FROM {t['ret']} sr "
            f"JOIN {t['org']} o ON o.id = sr.reporting_organization_id {reporting_unit_join()} WHERE {where}",
            [*ids, *ids, *params],
        )
        return {row[0] for row in cursor.fetchall()}


def gpos_of_ratings(organization_ids: Iterable[int]) -> set[int]:
    """The GPOs that hold ratings of these organizations (where each was given, whatever has moved since)."""
    ids = list(set(organization_ids))
    if not ids:
        return set()
    return set(Rating.objects.filter(organization_id__in=ids).values_list("gpo_id", flat=True).distinct())


def cell_levels(*, gpo_id: int, years: Iterable[int]) -> list[dict]:
    """Each cell rated under one GPO with its tier and label per year (a small read), as rated then."""
    return list(
        Rating.objects.filter(gpo_id=gpo_id, year__in=list(years), organization__kind=Kind.CELL)
        .values("organization_id", "year", "level__tier", "level__label_vi", "not_reviewed", "is_exemplary")
        .order_by("organization_id", "year")
    )


def unit_years_approved(*, organization_ids: Iterable[int], years: Iterable[int]) -> set[tuple[int, int]]:
    """(unit, year) pairs whose cycle is approved, among these reporting units and years."""
    return set(ReviewCycle.objects.filter(organization_id__in=list(organization_ids), year__in=list(years),
                                          status=ReviewCycle.Status.APPROVED).values_list("organization_id", "year"))

