"""The detailed member figures of a province's panel, read through members.selectors (aggregates only)."""

from __future__ import annotations

from django.utils import timezone

from members import selectors as member_selectors
from organizations.models import PartyOrganization
from reports.suppression import MARK, is_small

DEVELOPMENT_COLUMNS = ("admissions", "officials", "removals", "disciplines", "expulsions", "deaths")
PANEL_YEARS = 10


def _suppressed(value: int) -> int | str:
    # Member-level aggregates: a count of 1 to 4 could point at a person. The columns are not parts of a total
    # shown anywhere (an expulsion is also a discipline, but the other disciplines are not shown), so hiding the
    # small count itself is enough here.
    return MARK if is_small(value) else value


def member_development(*, province_id: int) -> list[dict]:
    """Admissions, recognitions, removals, disciplines … per year over the province's committees' subtrees."""
    committees = PartyOrganization.objects.filter(province_id=province_id, kind=PartyOrganization.Kind.PROVINCIAL)
    if not committees.exists():
        return []
    last = timezone.localdate().year
    rows = member_selectors.events_per_year(committees, last - PANEL_YEARS + 1, last)
    per_year: dict[int, dict[str, int]] = {}
    for row in rows:
        totals = per_year.setdefault(row["year"], dict.fromkeys(DEVELOPMENT_COLUMNS, 0))
        for column in DEVELOPMENT_COLUMNS:
            totals[column] += row.get(column, 0)
    return [
        {"year": year, **{column: _suppressed(value) for column, value in totals.items()}}
        for year, totals in sorted(per_year.items())
        if any(totals.values())
    ]


def key_cadres(*, province_id: int) -> list[dict]:
    """Key commune cadres pooled per area type, with the shares the article-001 targets speak of."""
    committees = PartyOrganization.objects.filter(province_id=province_id, kind=PartyOrganization.Kind.PROVINCIAL)
    if not committees.exists():
        return []
    return [row for row in member_selectors.key_cadre_by_area(committees) if row["cadres"]]
