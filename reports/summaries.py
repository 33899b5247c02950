"""Set-based maintenance of the summary tables (one INSERT ... SELECT per step; SQLite and PostgreSQL).

OrganizationSummary: tier counts per GPO (detailed ratings) or per reporting organization (summary returns).
ProvinceSummary: the same per province, year, subject and area type, with shares; detailed ratings win over
returns for the same province, year and subject (the return is kept, marked superseded), and both are flagged
when they disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from organizations.models import AdministrativeUnit, PartyOrganization, UnitLineage
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


def _t() -> dict[str, str]:
    return {
        "os": OrganizationSummary._meta.db_table,
        "ps": ProvinceSummary._meta.db_table,
        "org": PartyOrganization._meta.db_table,
        "unit": AdministrativeUnit._meta.db_table,
        "lineage": UnitLineage._meta.db_table,
    }


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _current_province_sql() -> str:
    """province_id → the province in force today: itself if current, else its current successor (or itself)."""
    t = _t()
    return (
        f"SELECT u.id AS pid, COALESCE(CASE WHEN u.valid_to IS NULL THEN u.id END, "
        f"(SELECT MIN(l.successor_id) FROM {t['lineage']} l JOIN {t['unit']} s ON s.id = l.successor_id "
        f"WHERE l.predecessor_id = u.id AND s.valid_to IS NULL), u.id) AS cid "
        f"FROM {t['unit']} u WHERE u.level = 'province'"
    )


def _flag_columns() -> str:
    # Area type: the organization's own unit decides (a commune's flags for a GPO, the province's for a provincial
    # return); the province's flag stands in only for an organization without a unit. An OR with the province's
    # flag made every commune of a border province "border" (all of Nghệ An), so the filter changed nothing there.
    return ", ".join(f"COALESCE(cu.{flag}, pu.{flag}, FALSE)" for flag in _FLAGS.values())


_OS_COLUMNS = (
    "organization_id, province_id, current_province_id, year, subject, population, source, tier, count, share, "
    "total, is_border, is_highland, is_ethnic_minority, is_extremely_difficult"
)


def _insert_organization_rows(cursor, *, organization_ids: list[int] | None, years: list[int] | None) -> None:
    t = _t()
    joins = (
        f"JOIN {t['org']} o ON o.id = d.organization_id "
        f"LEFT JOIN {t['unit']} cu ON cu.id = o.admin_unit_id "
        f"JOIN {t['unit']} pu ON pu.id = o.province_id "
        f"LEFT JOIN ({_current_province_sql()}) cur ON cur.pid = o.province_id"
    )
    detail_sql, detail_params = reporting.detail_tier_counts_query(gpo_ids=organization_ids, years=years)
    cursor.execute(
        f"INSERT INTO {t['os']} ({_OS_COLUMNS}) "
        f"SELECT d.organization_id, o.province_id, cur.cid, d.year, d.subject, '', 'detail', d.tier, d.n, NULL, NULL, "
        f"{_flag_columns()} "
        f"FROM (SELECT gpo_id AS organization_id, year, subject, tier, n FROM ({detail_sql}) x) d {joins}",
        detail_params,
    )
    return_sql, return_params = reporting.summary_return_query(organization_ids=organization_ids, years=years)
    cursor.execute(
        f"INSERT INTO {t['os']} ({_OS_COLUMNS}) "
        f"SELECT d.organization_id, o.province_id, cur.cid, d.year, d.subject, d.population, 'return', d.tier, d.n, "
        f"d.share, d.total, {_flag_columns()} FROM ({return_sql}) d {joins}",
        return_params,
    )


def _insert_province_rows(cursor, *, province_ids: list[int] | None, years: list[int] | None) -> None:
    t = _t()
    where, params = "1 = 1", []
    if province_ids is not None:
        where += f" AND province_id IN ({_placeholders(province_ids)})"
        params += province_ids
    if years is not None:
        where += f" AND year IN ({_placeholders(years)})"
        params += years
    cursor.execute(f"DELETE FROM {t['ps']} WHERE {where}", params)
    for area in Area:
        flag_where = where + (f" AND {_FLAGS[area]} = TRUE" if area in _FLAGS else "")
        # A share or a total is only kept when one return stands alone: shares of several returns do not add up.
        cursor.execute(
            f"INSERT INTO {t['ps']} (province_id, current_province_id, area, year, subject, population, source, tier, "
            f"count, share, total, superseded, conflict) "
            f"SELECT province_id, current_province_id, %s, year, subject, population, source, tier, SUM(count), "
            f"CASE WHEN COUNT(*) = 1 THEN MAX(share) END, CASE WHEN COUNT(*) = 1 THEN MAX(total) END, FALSE, FALSE "
            f"FROM {t['os']} WHERE {flag_where} "
            f"GROUP BY province_id, current_province_id, year, subject, population, source, tier",
            [area.value, *params],
        )
    same_group = (
        "g.province_id = {ps}.province_id AND g.area = {ps}.area AND g.year = {ps}.year AND g.subject = {ps}.subject"
    ).format(ps=t["ps"])
    scoped = where.replace("province_id", f"{t['ps']}.province_id").replace("year", f"{t['ps']}.year")
    # Detailed shares are computed over the reviewed (the sum of the four tiers).
    cursor.execute(
        f"UPDATE {t['ps']} SET total = (SELECT SUM(g.count) FROM {t['ps']} g WHERE {same_group} "
        f"AND g.source = 'detail') WHERE source = 'detail' AND {scoped}",
        params,
    )
    cursor.execute(
        f"UPDATE {t['ps']} SET share = ROUND(count * 100.0 / total, 2) "
        f"WHERE source = 'detail' AND total > 0 AND {scoped}",
        params,
    )
    cursor.execute(
        # Only a return for the whole population ('') is replaced by detail; a return about a part (e.g. the
        # communal committees only, as the articles give) describes another population and stays beside it.
        f"UPDATE {t['ps']} SET superseded = TRUE WHERE source = 'return' AND population = '' AND {scoped} AND EXISTS "
        f"(SELECT 1 FROM {t['ps']} g WHERE {same_group} AND g.source = 'detail')",
        params,
    )
    cursor.execute(
        f"UPDATE {t['ps']} SET conflict = TRUE WHERE population = '' AND {scoped} AND EXISTS (SELECT 1 FROM {t['ps']} g "
        f"JOIN {t['ps']} r ON r.province_id = g.province_id AND r.area = g.area AND r.year = g.year "
        f"AND r.subject = g.subject AND r.tier = g.tier AND r.source = 'return' AND r.population = '' "
        f"WHERE {same_group} AND g.source = 'detail' AND ("
        f"(r.count IS NOT NULL AND r.count <> g.count) OR "
        f"(r.share IS NOT NULL AND ABS(r.share - g.share) > {SHARE_TOLERANCE})))",
        params,
    )


def rebuild_all() -> None:
    t = _t()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {t['ps']}")
        cursor.execute(f"DELETE FROM {t['os']}")
        _insert_organization_rows(cursor, organization_ids=None, years=None)
        _insert_province_rows(cursor, province_ids=None, years=None)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {t['os']}")
            cursor.execute(f"ANALYZE {t['ps']}")


def refresh(*, organization_ids: Iterable[int], years: list[int]) -> None:
    """Recompute the rows of these organizations' GPOs (or of themselves above GPO level) and their provinces."""
    t = _t()
    ids = sorted(reporting.grassroots_of(organization_ids) | set(organization_ids))
    if not ids or not years:
        return
    province_ids = sorted(
        set(PartyOrganization.objects.filter(pk__in=ids).values_list("province_id", flat=True))
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {t['os']} WHERE organization_id IN ({_placeholders(ids)}) "
            f"AND year IN ({_placeholders(years)})",
            [*ids, *years],
        )
        _insert_organization_rows(cursor, organization_ids=ids, years=years)
        _insert_province_rows(cursor, province_ids=province_ids, years=years)
