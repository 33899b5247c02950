"""Reads of the reports app: every dashboard reads the summary tables, never raw ratings (except one commune's cells)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from organizations.models import AdministrativeUnit, PartyOrganization, UnitLineage
from ratings.models import TIER_CHOICES, Level, Scheme, Subject
from reports.models import IndicatorValue, OrganizationSummary, ProvinceSummary, PublishedFinding, Source
from reports.suppression import protect

PROVISIONAL, FINAL = "provisional", "final"

BOUNDARIES_AS_THEY_WERE = "as_they_were"
BOUNDARIES_TODAY = "today"
TIERS = [tier for tier, _label in TIER_CHOICES]


@dataclass
class SchemeLabels:
    """Level labels of the scheme in force each year, per subject family (organizations / members)."""

    by_key: dict[tuple[str, int], dict] = field(default_factory=dict)  # (applies_to, year) -> scheme row
    levels: dict[tuple[int, int], str] = field(default_factory=dict)  # (scheme id, tier) -> label

    def scheme(self, subject: str, year: int) -> dict | None:
        return self.by_key.get((_applies(subject), year))

    def label(self, subject: str, year: int, tier: int) -> str:
        scheme = self.scheme(subject, year)
        if scheme is not None and (scheme["id"], tier) in self.levels:
            return self.levels[(scheme["id"], tier)]
        return str(dict(TIER_CHOICES)[tier])


def _applies(subject: str) -> str:
    return Scheme.Applies.MEMBER if subject == Subject.MEMBER else Scheme.Applies.ORGANIZATION


def scheme_labels(years: list[int]) -> SchemeLabels:
    labels = SchemeLabels()
    rows = Level.objects.values("scheme_id", "tier", "label_vi", "label_en", "scheme__applies_to",
                                "scheme__first_year", "scheme__last_year", "scheme__name", "scheme__regulation")
    english = get_language() == "en"  # the pages' cache keys hold the language
    for row in rows:
        labels.levels[(row["scheme_id"], row["tier"])] = (row["label_en"] if english and row["label_en"]
                                                          else row["label_vi"])
        for year in years:
            last = row["scheme__last_year"] or 9999
            if row["scheme__first_year"] <= year <= last:
                labels.by_key[(row["scheme__applies_to"], year)] = {
                    "id": row["scheme_id"], "name": row["scheme__name"], "regulation": row["scheme__regulation"]
                }
    return labels


def short_name(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def current_successors(province_ids: list[int]) -> dict[int, int]:
    """Each province id → the province in force today (itself when current or when no lineage is recorded)."""
    units = AdministrativeUnit.objects.filter(pk__in=province_ids).values("pk", "valid_to")
    result = {row["pk"]: row["pk"] for row in units}
    historic = [row["pk"] for row in units if row["valid_to"] is not None]
    links = UnitLineage.objects.filter(predecessor_id__in=historic, successor__valid_to=None)
    # Provinces merged whole; should a partial link exist, the lowest successor id is taken, as in the summaries.
    for link in links.order_by("-successor_id").values("predecessor_id", "successor_id"):
        result[link["predecessor_id"]] = link["successor_id"]
    return result


def with_predecessors(province_ids: list[int]) -> list[int]:
    """These provinces and every former province merged into them (Tuyên Quang → also Hà Giang)."""
    former = UnitLineage.objects.filter(successor_id__in=province_ids).values_list("predecessor_id", flat=True)
    return list(dict.fromkeys([*province_ids, *former]))


def available_years() -> list[int]:
    return sorted(ProvinceSummary.objects.filter(area="").values_list("year", flat=True).distinct())


def _round(value: Decimal | float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _combine(group: list[dict]) -> tuple[int | None, Decimal | None, int | None]:
    """Counts add up; a share stands alone, or is recomputed from counts over known totals."""
    if len(group) == 1:
        return group[0]["count"], group[0]["share"], group[0]["total"]
    counts = [row["count"] for row in group]
    count = sum(counts) if all(c is not None for c in counts) else None
    totals = [row["total"] for row in group]
    total = sum(totals) if all(t is not None for t in totals) else None
    share = _round(Decimal(count) * 100 / total) if count is not None and total else None
    return count, share, total


def comparison_rows(*, qs: QuerySet[ProvinceSummary], subject: str, boundaries: str,
                    province_ids: list[int] | None = None) -> list[dict]:
    """One row per province, year, tier (and population/source) of a filtered ProvinceSummary queryset.

    With today's boundaries, the rows of provinces merged in 2025 are added into their successor's. Small member
    counts and what would give them back are hidden (reports.suppression); a line is provisional while any unit
    behind it has its year not approved.
    """
    key = "current_province_id" if boundaries == BOUNDARIES_TODAY else "province_id"
    raw = list(
        qs.values(key, "year", "tier", "count", "share", "total", "population", "source", "conflict",
                  "provisional").order_by(key, "year", "tier")
    )
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in raw:
        groups[(row[key], row["year"], row["tier"], row["population"], row["source"])].append(row)
    unit_ids = {k[0] for k in groups}
    units = {u["pk"]: {**u, "short": short_name(u["name"])}
             for u in AdministrativeUnit.objects.filter(pk__in=unit_ids).values("pk", "name", "code", "valid_to")}
    labels = scheme_labels(sorted({k[1] for k in groups}))
    order = {pk: index for index, pk in enumerate(province_ids or [])}
    rows = []
    for (unit_id, year, tier, population, source), group in groups.items():
        count, share, total = _combine(group)
        unit = units[unit_id]
        rows.append({
            "province_id": unit_id,
            "province": unit["short"],
            "province_code": unit["code"],
            "province_valid_to": unit["valid_to"],
            "year": year,
            "tier": tier,
            "level": labels.label(subject, year, tier),
            "count": count,
            "share": share,
            "total": total,
            "population": population,
            "source": source,
            "conflict": any(row["conflict"] for row in group),
            "provisional": any(row["provisional"] for row in group),
        })
    _mark_lines(rows, line=lambda r: (r["province_id"], r["year"], r["population"], r["source"]),
                subject=lambda _r: subject)
    # Figures for several populations (e.g. all members from detailed ratings, and the members of communal
    # committees from an article) are not comparable: each becomes its own series, named with its population.
    several = len({row["population"] for row in rows}) > 1
    everyone = _("toàn bộ")
    for row in rows:
        scope = row["population"] or everyone
        row["series"] = f"{row['province']} ({scope})" if several else row["province"]
    rows.sort(key=lambda r: (order.get(r["province_id"], len(order)), r["province"], r["population"], r["year"],
                             r["tier"]))
    return rows


def partial_today(*, qs: QuerySet[ProvinceSummary]) -> list[dict]:
    """With today's boundaries, the figures of a province formed in 2025 that come from only some of the former
    provinces merged into it (today's Lào Cai holds the former Lào Cai's 1,057 → 371, the former Yên Bái has no
    figure): one entry per province, population and set of former provinces, with its years."""
    rows = qs.exclude(current_province_id=None).values_list(
        "current_province_id", "province_id", "population", "year").distinct()
    found: dict[tuple[int, str, int], set[int]] = defaultdict(set)
    for current, province, population, year in rows:
        if current != province:
            found[(current, population, year)].add(province)
    if not found:
        return []
    formers: dict[int, set[int]] = defaultdict(set)
    for predecessor, successor in UnitLineage.objects.filter(
        successor_id__in={key[0] for key in found}, predecessor__level=AdministrativeUnit.Level.PROVINCE
    ).values_list("predecessor_id", "successor_id"):
        formers[successor].add(predecessor)
    names = dict(AdministrativeUnit.objects.filter(
        pk__in={pk for group in formers.values() for pk in group} | set(formers)).values_list("pk", "name"))
    partial: dict[tuple, list[int]] = defaultdict(list)
    for (current, population, year), provinces in sorted(found.items(), key=lambda item: item[0][2]):
        missing = formers.get(current, set()) - provinces
        if missing and provinces <= formers[current]:
            partial[(current, population, frozenset(provinces), frozenset(missing))].append(year)
    return [
        {"province": short_name(names[current]), "population": population, "years": years,
         "with": sorted(short_name(names[pk]) for pk in provinces),
         "without": sorted(short_name(names[pk]) for pk in missing)}
        for (current, population, provinces, missing), years in partial.items()
    ]


def _mark_lines(rows: list[dict], *, line, subject) -> None:
    """Provisional is said of a whole line; then the small counts of members are hidden (and what gives them)."""
    provisional = {line(row) for row in rows if row["provisional"]}
    for row in rows:
        row["provisional"] = line(row) in provisional
        row["status"] = PROVISIONAL if row["provisional"] else FINAL
    protect(rows, line=line, subject=subject)


def published_findings(*, subject: str, province_ids: list[int], years: list[int]) -> list[PublishedFinding]:
    """The articles' statements in words that concern these provinces, this subject and the span of years."""
    if not years:
        return []
    qs = PublishedFinding.objects.filter(subject=subject, year_from__lte=max(years), year_to__gte=min(years))
    if province_ids:
        qs = qs.filter(provinces__in=province_ids).distinct()
    return list(qs.select_related("article").order_by("article__key", "position"))


def province_rating_rows(*, province_id: int) -> list[dict]:
    """All subjects and years of one province (as it was), for its indicator panel."""
    rows = list(
        ProvinceSummary.objects.filter(province_id=province_id, area="", superseded=False)
        .values("year", "subject", "tier", "count", "share", "total", "population", "source", "conflict",
                "provisional")
        .order_by("subject", "year", "tier")
    )
    labels = scheme_labels(sorted({r["year"] for r in rows}))
    for row in rows:
        row["level"] = labels.label(row["subject"], row["year"], row["tier"])
    _mark_lines(rows, line=lambda r: (r["subject"], r["year"], r["population"], r["source"]),
                subject=lambda r: r["subject"])
    return rows


def indicator_values(*, province: AdministrativeUnit) -> list[IndicatorValue]:
    """Published figures for the province and every unit under it (districts, communes, villages)."""
    below = Q(unit=province) | Q(unit__parent=province) | Q(unit__parent__parent=province)
    below |= Q(unit__parent__parent__parent=province)
    return list(
        IndicatorValue.objects.filter(below).select_related("unit", "unit__parent", "article")
        .order_by("unit__level", "unit__name", "indicator", "is_target", "year", "group")
    )


def commune_rows(*, province_id: int, subject: str, year: int) -> list[dict]:
    """Drill-down: each GPO of a province (as it was) with its tier counts for a year (detailed ratings); every
    tier has a figure, small member counts are hidden like everywhere (reports.suppression)."""
    raw = (
        OrganizationSummary.objects.filter(province_id=province_id, subject=subject, year=year, source=Source.DETAIL)
        .values("organization_id", "organization__name", "organization__admin_unit__name", "tier", "count",
                "approved")
        .order_by("organization__name", "tier")
    )
    by_org: dict[int, dict] = {}
    for row in raw:
        entry = by_org.setdefault(row["organization_id"], {
            "organization_id": row["organization_id"],
            "organization": row["organization__name"],
            "commune": row["organization__admin_unit__name"] or "",
            "counts": {tier: 0 for tier in TIERS},
            "provisional": False,
        })
        entry["counts"][row["tier"]] += row["count"]
        entry["provisional"] = entry["provisional"] or not row["approved"]
    cells = []
    for entry in by_org.values():
        total = sum(entry["counts"].values())
        for tier in TIERS:
            count = entry["counts"][tier]
            cells.append({"organization_id": entry["organization_id"], "tier": tier, "count": count, "total": total,
                          "share": _round(Decimal(count) * 100 / total) if total else None,
                          "source": Source.DETAIL, "provisional": entry["provisional"]})
    _mark_lines(cells, line=lambda c: c["organization_id"], subject=lambda _c: subject)
    of_org: dict[int, list[dict]] = defaultdict(list)
    for cell in cells:
        of_org[cell["organization_id"]].append(cell)
    result = []
    for entry in by_org.values():
        entry["cells"] = of_org[entry["organization_id"]]
        entry["total"] = entry["cells"][0]["total"]
        entry["provisional"] = entry["cells"][0]["provisional"]
        entry["status"] = entry["cells"][0]["status"]
        result.append(entry)
    return result


def province_years(*, province_id: int) -> list[int]:
    return sorted(
        OrganizationSummary.objects.filter(province_id=province_id, source=Source.DETAIL)
        .values_list("year", flat=True).distinct()
    )


def grassroots_for_drilldown(*, pk: int, allowed: QuerySet[PartyOrganization]) -> PartyOrganization | None:
    return allowed.filter(pk=pk, kind=PartyOrganization.Kind.GRASSROOTS).select_related("province", "admin_unit").first()
