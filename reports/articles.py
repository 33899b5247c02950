"""Load the article figures of fixtures/articles/*.json: historic units, organizations, returns, indicators, findings.

Idempotent: called on every `load_demo`. Units are looked up first (the reference data of `load_reference` holds the
63 pre-2025 provinces with valid_to 2025-06-30), and created only when absent (as on a test database).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from organizations.models import REFORM_2025, AdministrativeUnit, PartyOrganization
from organizations.text import fold
from ratings.models import ReviewCycle, SummaryCount, SummaryReturn
from ratings.placement import return_place
from reports.models import Article, IndicatorValue, PublishedFinding

ARTICLES_DIR = Path(settings.BASE_DIR) / "fixtures" / "articles"
LAST_DAY_BEFORE_REFORM = REFORM_2025 - datetime.timedelta(days=1)
_PREFIXES = {
    AdministrativeUnit.Level.PROVINCE: ("Tỉnh ", "Thành phố "),
    AdministrativeUnit.Level.DISTRICT: ("Huyện ", "Quận ", "Thị xã ", "Thành phố "),
    AdministrativeUnit.Level.COMMUNE: ("Xã ", "Phường ", "Thị trấn "),
    AdministrativeUnit.Level.VILLAGE: ("Bản ", "Thôn ", "Xóm ", ""),
}
_NAME_PREFIX = {"tinh": "Tỉnh ", "huyen": "Huyện ", "xa": "Xã ", "ban": "Bản "}


@dataclass
class LoadedArticles:
    articles: list[Article] = field(default_factory=list)
    organization_years: dict[int, set[int]] = field(default_factory=dict)  # organization id -> years of its returns


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _find_or_create_unit(entry: dict, parent: AdministrativeUnit | None) -> AdministrativeUnit:
    """The unit as it was in the article's years: a pre-2025 unit closed by the reform (valid_to 2025-06-30), or a
    unit in force then and still today (provinces the reform left unchanged, like Cao Bằng); created if absent."""
    level = entry["level"]
    before_reform = entry["era"] == "before_2025"
    names = {fold(entry["name"])} | {fold(prefix + entry["name"]) for prefix in _PREFIXES[level]}
    candidates = AdministrativeUnit.objects.filter(level=level, search_name__in=names)
    if parent is not None:
        candidates = candidates.filter(parent=parent)
    if before_reform:
        unit = candidates.filter(valid_to=LAST_DAY_BEFORE_REFORM).order_by("pk").first()
        unit = unit or candidates.in_force_on(LAST_DAY_BEFORE_REFORM).filter(valid_to=None).order_by("pk").first()
        if unit is None and entry.get("unchanged_in_2025"):
            # The reform left this province as it was: today's unit is the same province.
            unit = candidates.filter(valid_to=None).order_by("pk").first()
    else:
        unit = candidates.filter(valid_to=None).order_by("pk").first()
    if unit is not None:
        return unit
    closed = before_reform and not entry.get("unchanged_in_2025", False)
    unit = AdministrativeUnit(
        code=entry["code"],
        name=_NAME_PREFIX.get(entry["kind"], "") + entry["name"],
        kind=entry["kind"],
        parent=parent,
        valid_to=LAST_DAY_BEFORE_REFORM if closed else None,
        valid_from=None if before_reform else REFORM_2025,
        note="Tạo khi nạp số liệu bài viết (không có trong dữ liệu tham chiếu).",
        **entry.get("flags", {}),
    )
    unit.full_clean()
    unit.save()
    return unit


def _organization(entry: dict, units: dict[str, AdministrativeUnit]) -> PartyOrganization:
    unit = units[entry["unit"]]
    organization, _created = PartyOrganization.objects.get_or_create(
        code=entry["code"],
        defaults={
            "name": entry["name"],
            "kind": entry["kind"],
            "province": unit,
            "admin_unit": unit,
            "dissolved": REFORM_2025 if unit.valid_to else None,
            "note": "Tổ chức lịch sử, chỉ mang số liệu báo cáo tổng hợp trích từ bài viết.",
        },
    )
    if organization.province_id != unit.pk:
        raise ValidationError({"code": f"{entry['code']}: đã có tổ chức mã này thuộc tỉnh khác ({organization.province})."})
    return organization


def _translated(text: str) -> str:
    return f"Bản dịch: {text}" if text else ""


def _summary_return(entry: dict, organization: PartyOrganization, article: Article) -> SummaryReturn:
    figures = {
        "total": entry.get("total"),
        "source": article.citation[:255],
        "note": "\n".join(part for part in (
            entry.get("note", ""), entry.get("quote", ""), _translated(entry.get("quote_vi", ""))) if part),
    }
    summary, _created = SummaryReturn.objects.update_or_create(
        reporting_organization=organization,
        year=entry["year"],
        subject=entry["subject"],
        population=entry.get("population", ""),
        defaults=figures,
        create_defaults={**figures, **return_place(organization)},
    )
    summary.full_clean()
    # Published figures are final: the year of the publishing committee is approved (never shown "tạm tính").
    ReviewCycle.objects.get_or_create(
        organization=organization, year=entry["year"],
        defaults={"status": ReviewCycle.Status.APPROVED,
                  "reason": f"Số liệu đã công bố (bài {article.key}); không sửa trong hệ thống."},
    )
    tiers = []
    for figure in entry["counts"]:
        count, _created = SummaryCount.objects.update_or_create(
            summary_return=summary,
            tier=figure["tier"],
            defaults={"count": figure.get("count"), "share": _decimal(figure.get("share"))},
        )
        count.full_clean()
        tiers.append(figure["tier"])
    summary.counts.exclude(tier__in=tiers).delete()
    return summary


def _indicator(entry: dict, units: dict[str, AdministrativeUnit], article: Article) -> IndicatorValue:
    value, _created = IndicatorValue.objects.update_or_create(
        article=article,
        unit=units[entry["unit"]],
        indicator=entry["indicator"],
        group=entry.get("group", ""),
        year=entry.get("year"),
        year_to=entry.get("year_to"),
        is_target=entry.get("is_target", False),
        defaults={
            "as_of": entry.get("as_of", ""),
            "count": entry.get("count"),
            "share": _decimal(entry.get("share")),
            "total": entry.get("total"),
            "value_min": entry.get("value_min"),
            "value_max": entry.get("value_max"),
            "quote": entry.get("quote", ""),
            "quote_vi": entry.get("quote_vi", ""),
            "note": entry.get("note", ""),
        },
    )
    value.full_clean()
    return value


def _finding(entry: dict, units: dict[str, AdministrativeUnit], article: Article) -> PublishedFinding:
    finding, _created = PublishedFinding.objects.update_or_create(
        article=article,
        position=entry["position"],
        defaults={
            "subject": entry["subject"],
            "tier": entry["tier"],
            "kind": entry["kind"],
            "year_from": entry["year_from"],
            "year_to": entry["year_to"],
            "value_min": entry.get("value_min"),
            "value_max": entry.get("value_max"),
            "text_vi": entry["text_vi"],
            "quote": entry.get("quote", ""),
            "quote_vi": entry.get("quote_vi", ""),
            "note": entry.get("note", ""),
        },
    )
    finding.full_clean()
    finding.provinces.set([units[ref] for ref in entry.get("provinces", [])])
    return finding


def _load_file(path: Path, loaded: LoadedArticles) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data["article"]
    article, _created = Article.objects.update_or_create(
        key=meta["key"],
        defaults={key: meta.get(key) or ("" if key != "year" else None) for key in
                  ("title", "title_vi", "authors", "publication", "year", "published", "seed_file")},
    )
    loaded.articles.append(article)
    units: dict[str, AdministrativeUnit] = {}
    for entry in data["units"]:
        units[entry["ref"]] = _find_or_create_unit(entry, units.get(entry.get("parent")))
    organizations = {entry["ref"]: _organization(entry, units) for entry in data["organizations"]}
    for entry in data["summary_returns"]:
        summary = _summary_return(entry, organizations[entry["organization"]], article)
        loaded.organization_years.setdefault(summary.reporting_organization_id, set()).add(summary.year)
    kept = [_indicator(entry, units, article).pk for entry in data["indicators"]]
    article.indicators.exclude(pk__in=kept).delete()
    kept = [_finding(entry, units, article).pk for entry in data["findings"]]
    article.findings.exclude(pk__in=kept).delete()


@transaction.atomic
def articles_load(*, directory: Path = ARTICLES_DIR) -> LoadedArticles:
    """Create or update every article's figures (idempotent) and refresh the summaries they feed."""
    from reports.services import summaries_refresh

    loaded = LoadedArticles()
    for path in sorted(directory.glob("*.json")):
        try:
            _load_file(path, loaded)
        except (KeyError, ValueError) as exc:
            raise ValidationError(f"{path.name}: {exc!r}") from exc
    years = {year for organization_years in loaded.organization_years.values() for year in organization_years}
    summaries_refresh(organization_ids=list(loaded.organization_years), years=years)
    return loaded
