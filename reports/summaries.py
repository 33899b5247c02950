"""Set-based maintenance of the summary tables (a few INSERT ... SELECT per step; SQLite and PostgreSQL).

OrganizationSummary: tier counts per GPO (detailed ratings) or per reporting organization (summary returns), under
the province and unit recorded where each rating or return was given, with whether its year is approved.
ProvinceSummary: the same per province, year, subject and area type, with shares. Area flags and the province in
force today (through unit lineage) are joined here, so a change of flags or lineage recomputes provinces only.
Detailed ratings win over returns for the same province, year and subject (the return is kept, marked
superseded), and both are flagged when they disagree. Where detailed ratings exist every tier has a row: 0 is a
figure. A figure is provisional while any reporting unit behind it has its year not approved.

Every function takes the tables to write (`Tables`), so that `differences` can recompute into temporary tables
and compare, without touching or locking the stored ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from organizations.models import AdministrativeUnit, UnitLineage
from organizations.selectors import reporting_unit_ids
from ratings import reporting
from reports.models import Area, OrganizationSummary, ProvinceSummary

_FLAGS = {
    Area.BORDER: "is_border",
    Area.HIGHLAND: "is_highland",
    Area.ETHNIC_MINORITY: "is_ethnic_minority",
    Area.EXTREMELY_DIFFICULT: "is_extremely_difficult",
}
# A share given by a return and one computed from detailed counts "agree" within rounding to two decimals.
SHARE_TOLERANCE = "0.01"
_TIERS = "(SELECT 1 AS tier UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4)"
OS_COLUMNS = ("organization_id", "province_id", "admin_unit_id", "year", "subject", "population", "source", "tier",
              "count", "share", "total", "approved")
PS_COLUMNS = ("province_id", "current_province_id", "area", "year", "subject", "population", "source", "tier",
              "count", "share", "total", "superseded", "conflict", "provisional")


@dataclass(frozen=True)
class Tables:
    os: str
    ps: str


def stored() -> Tables:
    return Tables(OrganizationSummary._meta.db_table, ProvinceSummary._meta.db_table)


def _unit() -> str:
    return AdministrativeUnit._meta.db_table


def _in(column: str, values: Iterable | None, params: list) -> str:
    if values is None:
        return ""
    values = list(values)
    if not values:
        return " AND 1 = 0"
    params.extend(values)
    return f" AND {column} IN ({', '.join(['%s'] * len(values))})"


def _current_province_sql() -> str:
    """province_id → the province in force today: itself if current, else its current successor (or itself)."""
    unit, lineage = _unit(), UnitLineage._meta.db_table
    return (
        f"SELECT u.id AS pid, COALESCE(CASE WHEN u.valid_to IS NULL THEN u.id END, "
        f"(SELECT MIN(l.successor_id) FROM {lineage} l JOIN {unit} s ON s.id = l.successor_id "
        f"WHERE l.predecessor_id = u.id AND s.valid_to IS NULL), u.id) AS cid "
        f"FROM {unit} u WHERE u.level = 'province'"
    )


def _insert_organization_rows(cursor, tables: Tables, *, gpo_ids: Iterable[int] | None,
                              return_ids: Iterable[int] | None, years: list[int] | None) -> None:
    columns = ", ".join(OS_COLUMNS)
    detail_sql, detail_params = reporting.detail_tier_counts_query(gpo_ids=gpo_ids, years=years)
    cursor.execute(
        f"INSERT INTO {tables.os} ({columns}) SELECT d.organization_id, d.province_id, d.admin_unit_id, d.year, "
        f"d.subject, '', 'detail', d.tier, d.n, NULL, NULL, d.approved FROM ({detail_sql}) d",
        detail_params,
    )
    return_sql, return_params = reporting.summary_return_query(organization_ids=return_ids, years=years)
    cursor.execute(
        f"INSERT INTO {tables.os} ({columns}) SELECT d.organization_id, d.province_id, d.admin_unit_id, d.year, "
        f"d.subject, d.population, 'return', d.tier, d.n, d.share, d.total, d.approved FROM ({return_sql}) d",
        return_params,
    )


def _insert_province_rows(cursor, tables: Tables, *, province_ids: Iterable[int] | None,
                          years: list[int] | None) -> None:
    ps, params = tables.ps, []
    scope = "1 = 1" + _in(f"{ps}.province_id", province_ids, params) + _in(f"{ps}.year", years, params)
    cursor.execute(f"DELETE FROM {ps} WHERE {scope}", params)
    source_params: list = []
    source_scope = "1 = 1" + _in("s.province_id", province_ids, source_params) + _in("s.year", years, source_params)
    # Area type: the organization's own unit (as recorded) decides: a commune's flags for a GPO, the province's for
    # a provincial return; the province's flag stands in only for a figure without a unit. The flags are read once
    # per summary row, then each row joins the areas it belongs to (all of them: "").
    flags = ", ".join(f"COALESCE(cu.{flag}, pu.{flag}, FALSE) AS {flag}" for flag in _FLAGS.values())
    areas = " UNION ALL ".join(f"SELECT '{area.value}' AS area" for area in Area)
    belongs = " OR ".join(["a.area = ''", *(f"(a.area = '{area.value}' AND s.{flag} = TRUE)"
                                            for area, flag in _FLAGS.items())])
    # A share or a total is only kept when one return stands alone: shares of several returns do not add up.
    cursor.execute(
        f"INSERT INTO {ps} ({', '.join(PS_COLUMNS)}) "
        f"SELECT s.province_id, cur.cid, a.area, s.year, s.subject, s.population, s.source, s.tier, SUM(s.count), "
        f"CASE WHEN COUNT(*) = 1 THEN MAX(s.share) END, CASE WHEN COUNT(*) = 1 THEN MAX(s.total) END, "
        f"FALSE, FALSE, CASE WHEN MIN(CASE WHEN s.approved THEN 1 ELSE 0 END) = 1 THEN FALSE ELSE TRUE END "
        f"FROM (SELECT s.*, {flags} FROM {tables.os} s JOIN {_unit()} pu ON pu.id = s.province_id "
        f"LEFT JOIN {_unit()} cu ON cu.id = s.admin_unit_id WHERE {source_scope}) s "
        f"JOIN ({areas}) a ON {belongs} "
        f"LEFT JOIN ({_current_province_sql()}) cur ON cur.pid = s.province_id "
        f"GROUP BY s.province_id, cur.cid, a.area, s.year, s.subject, s.population, s.source, s.tier",
        source_params,
    )
    same_group = (f"g.province_id = {ps}.province_id AND g.area = {ps}.area AND g.year = {ps}.year "
                  f"AND g.subject = {ps}.subject")
    same_line = f"{same_group} AND g.population = {ps}.population AND g.source = {ps}.source"
    # Provisional is said of a line (a province's year of one subject and source), not of one tier.
    cursor.execute(
        f"UPDATE {ps} SET provisional = TRUE WHERE provisional = FALSE AND {scope} AND EXISTS "
        f"(SELECT 1 FROM {ps} g WHERE {same_line} AND g.provisional = TRUE)",
        params,
    )
    # Zeros are figures: a line of detailed ratings has all four tiers.
    cursor.execute(
        f"INSERT INTO {ps} ({', '.join(PS_COLUMNS)}) "
        f"SELECT g.province_id, g.current_province_id, g.area, g.year, g.subject, g.population, g.source, t.tier, "
        f"0, NULL, NULL, FALSE, FALSE, g.provisional FROM (SELECT DISTINCT province_id, current_province_id, area, "
        f"year, subject, population, source, provisional FROM {ps} WHERE source = 'detail' AND {scope}) g "
        f"CROSS JOIN {_TIERS} t WHERE NOT EXISTS (SELECT 1 FROM {ps} x WHERE x.province_id = g.province_id "
        f"AND x.area = g.area AND x.year = g.year AND x.subject = g.subject AND x.population = g.population "
        f"AND x.source = g.source AND x.tier = t.tier)",
        params,
    )
    # Detailed shares are computed over the reviewed (the sum of the four tiers).
    cursor.execute(
        f"UPDATE {ps} SET total = (SELECT SUM(g.count) FROM {ps} g WHERE {same_group} "
        f"AND g.source = 'detail') WHERE source = 'detail' AND {scope}",
        params,
    )
    cursor.execute(
        f"UPDATE {ps} SET share = ROUND(count * 100.0 / total, 2) WHERE source = 'detail' AND total > 0 AND {scope}",
        params,
    )
    cursor.execute(
        # Only a return for the whole population ('') is replaced by detail; a return about a part (e.g. the
        # communal committees only, as the articles give) describes another population and stays beside it.
        f"UPDATE {ps} SET superseded = TRUE WHERE source = 'return' AND population = '' AND {scope} AND EXISTS "
        f"(SELECT 1 FROM {ps} g WHERE {same_group} AND g.source = 'detail')",
        params,
    )
    cursor.execute(
        f"UPDATE {ps} SET conflict = TRUE WHERE population = '' AND {scope} AND EXISTS (SELECT 1 FROM {ps} g "
        f"JOIN {ps} r ON r.province_id = g.province_id AND r.area = g.area AND r.year = g.year "
        f"AND r.subject = g.subject AND r.tier = g.tier AND r.source = 'return' AND r.population = '' "
        f"WHERE {same_group} AND g.source = 'detail' AND ("
        f"(r.count IS NOT NULL AND r.count <> g.count) OR "
        f"(r.share IS NOT NULL AND ABS(r.share - g.share) > {SHARE_TOLERANCE})))",
        params,
    )


def rebuild_all(tables: Tables | None = None) -> None:
    """Recompute every summary row from all ratings and returns."""
    tables = tables or stored()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {tables.ps}")
        cursor.execute(f"DELETE FROM {tables.os}")
        _insert_organization_rows(cursor, tables, gpo_ids=None, return_ids=None, years=None)
        _insert_province_rows(cursor, tables, province_ids=None, years=None)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {tables.os}")
            cursor.execute(f"ANALYZE {tables.ps}")


def _provinces_of(cursor, tables: Tables, organization_ids: list[int], years: list[int] | None) -> set[int]:
    params: list = []
    where = "1 = 1" + _in("organization_id", organization_ids, params) + _in("year", years, params)
    cursor.execute(f"SELECT DISTINCT province_id FROM {tables.os} WHERE {where}", params)
    return {row[0] for row in cursor.fetchall()}


def _provinces_of_units(cursor, tables: Tables, unit_ids: list[int]) -> set[int]:
    """Provinces whose figures depend on these units: their own, those with figures placed in them (a commune's
    flags), and those merged into them (today's boundaries)."""
    if not unit_ids:
        return set()
    marks = ", ".join(["%s"] * len(unit_ids))
    cursor.execute(
        f"SELECT DISTINCT province_id FROM {tables.os} WHERE province_id IN ({marks}) OR admin_unit_id IN ({marks}) "
        f"OR province_id IN (SELECT predecessor_id FROM {UnitLineage._meta.db_table} WHERE successor_id IN ({marks}) "
        f"OR predecessor_id IN ({marks}))",
        unit_ids * 4,
    )
    return {row[0] for row in cursor.fetchall()}


def refresh(*, organization_ids: Iterable[int], years: list[int] | None, unit_ids: Iterable[int] = ()) -> None:
    """Recompute the rows of these organizations for these years (None: all years), and the provinces affected.

    An organization is widened to what its figures sit under: its GPO, the GPOs holding its own ratings (where
    they were given), and the organizations whose returns are in its cycle.
    """
    tables = stored()
    ids = set(organization_ids)
    gpo_ids = ids | {unit for unit in reporting_unit_ids(ids).values() if unit} | reporting.gpos_of_ratings(ids)
    return_ids = reporting.returns_reporting_to(gpo_ids, years)
    keys = sorted(gpo_ids | return_ids)
    with connection.cursor() as cursor:
        provinces: set[int] = set()
        if keys:
            provinces = _provinces_of(cursor, tables, keys, years)
            params: list = []
            where = "1 = 1" + _in("organization_id", keys, params) + _in("year", years, params)
            cursor.execute(f"DELETE FROM {tables.os} WHERE {where}", params)
            _insert_organization_rows(cursor, tables, gpo_ids=sorted(gpo_ids), return_ids=sorted(return_ids),
                                      years=years)
            provinces |= _provinces_of(cursor, tables, keys, years)
        if provinces:
            _insert_province_rows(cursor, tables, province_ids=sorted(provinces), years=years)
        unit_provinces = _provinces_of_units(cursor, tables, sorted(set(unit_ids)))
        if unit_provinces:
            _insert_province_rows(cursor, tables, province_ids=sorted(unit_provinces), years=None)


# Names of the scratch tables `differences` recomputes into (temporary: each connection has its own).
_SCRATCH = Tables("pq_expected_organization_summary", "pq_expected_province_summary")


def differences() -> list[tuple[str, dict, int]]:
    """Rows on which the stored summaries and a recomputation from scratch disagree: (table, row, n), with n > 0
    when the recomputation has n more such rows than stored, n < 0 when it has fewer. Nothing stored is written."""
    found: list[tuple[str, dict, int]] = []
    target = stored()
    with transaction.atomic(), connection.cursor() as cursor:
        # A failure rolls the scratch tables back with the rest; on success they are dropped at once.
        for scratch, real in ((_SCRATCH.os, target.os), (_SCRATCH.ps, target.ps)):
            cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
            cursor.execute(f"CREATE TEMPORARY TABLE {scratch} AS SELECT * FROM {real} WHERE 1 = 0")
        # The stored tables' indexes, which the province step's correlated updates rely on.
        cursor.execute(f"CREATE INDEX {_SCRATCH.os}_province ON {_SCRATCH.os} (province_id, year, subject)")
        cursor.execute(f"CREATE INDEX {_SCRATCH.ps}_province ON {_SCRATCH.ps} (province_id, year)")
        rebuild_all(_SCRATCH)
        for label, columns, scratch, real in (
            ("OrganizationSummary", OS_COLUMNS, _SCRATCH.os, target.os),
            ("ProvinceSummary", PS_COLUMNS, _SCRATCH.ps, target.ps),
        ):
            names = ", ".join(columns)
            cursor.execute(
                f"SELECT {names}, SUM(side) FROM (SELECT {names}, 1 AS side FROM {scratch} UNION ALL "
                f"SELECT {names}, -1 AS side FROM {real}) x GROUP BY {names} HAVING SUM(side) <> 0 ORDER BY {names}"
            )
            for *values, n in cursor.fetchall():
                found.append((label, dict(zip(columns, values)), int(n)))
        for scratch in (_SCRATCH.os, _SCRATCH.ps):
            cursor.execute(f"DROP TABLE {scratch}")
    return found
