"""What each dashboard shows, computed from the summary tables and cached behind the summaries' version.

The cache key holds SummaryState.version, bumped by every summaries refresh or rebuild, so a cached dashboard is
never stale (the same pattern as djangoproject.com's dashboard cache); each process keeps its own copy.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ratings.models import Subject
from reports import charts
from reports.findings import computed_findings
from reports.forms import ReportFilterForm
from reports.models import ProvinceSummary, SummaryState
from reports.selectors import (
    available_years,
    comparison_rows,
    published_findings,
    scheme_labels,
    short_name,
    TIERS,
)

CACHE_SECONDS = 600
COMPARISON_COLUMNS = ["province", "province_code", "year", "tier", "level", "count", "share", "total",
                      "population", "source", "conflict", "suppressed"]


def summary_version() -> int:
    return SummaryState.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def _key(kind: str, version: int, form: ReportFilterForm) -> str:
    data = form.cleaned_data
    parts = [kind, str(version), get_language() or ""]
    for name in sorted(data):
        value = data[name]
        if name == "provinces":
            value = [unit.pk for unit in value or []]
        parts.append(f"{name}={value}")
    return "reports:" + hashlib.sha1("|".join(parts).encode()).hexdigest()


def cached_years(version: int) -> list[int]:
    return cache.get_or_set(f"reports:years:{version}", available_years, CACHE_SECONDS)


def _scheme_notes(subject: str, years: list[int]) -> tuple[list[dict], str]:
    """Each year's scheme and labels, and a footnote when the years straddle a change of scheme."""
    labels = scheme_labels(years)
    table, schemes = [], {}
    for year in years:
        scheme = labels.scheme(subject, year)
        table.append({"year": year, "scheme": scheme["name"] if scheme else _("(chưa có quy định trong hệ thống)"),
                      "labels": [labels.label(subject, year, tier) for tier in TIERS]})
        if scheme:
            schemes.setdefault(scheme["id"], (scheme, []))[1].append(year)
    footnote = ""
    if len(schemes) > 1:
        spans = "; ".join(
            f"{', '.join(str(y) for y in years_)}: {scheme['regulation']}" for scheme, years_ in schemes.values()
        )
        footnote = _(
            "Các năm đã chọn thuộc nhiều quy định xếp loại khác nhau (%(spans)s). Các năm được so sánh theo mức 1–4 "
            "chung; tên mức ghi theo quy định của từng năm."
        ) % {"spans": spans}
    return table, footnote


def comparison(form: ReportFilterForm) -> dict:
    version = summary_version()
    return cache.get_or_set(_key("comparison", version, form), lambda: _comparison(form), CACHE_SECONDS)


def _comparison(form: ReportFilterForm) -> dict:
    data = form.cleaned_data
    subject, measure = data["subject"], data["measure"]
    province_ids = form.province_ids()
    rows = comparison_rows(qs=form.filter_qs(ProvinceSummary.objects.all()), subject=subject,
                           boundaries=data["boundaries"], province_ids=province_ids)
    years = sorted({row["year"] for row in rows} | set(form.chosen_years() or []))
    chosen_names = [short_name(unit.name) for unit in data.get("provinces") or []]
    if data["boundaries"] != "as_they_were":
        chosen_names = list(dict.fromkeys(row["province"] for row in rows)) or chosen_names
    scheme_table, footnote = _scheme_notes(subject, years)
    published = [
        {"text": finding.text_vi, "quote": finding.quote, "article": str(finding.article), "key": finding.article.key}
        for finding in published_findings(subject=subject, province_ids=[u.pk for u in data.get("provinces") or []],
                                          years=years)
    ]
    return {
        "rows": rows,
        "chart": charts.comparison_figure(rows, measure=measure),
        "findings": {
            "count": computed_findings(rows, measure="count", provinces_chosen=chosen_names),
            "share": computed_findings(rows, measure="share", provinces_chosen=chosen_names),
        },
        "published": published,
        "scheme_table": scheme_table,
        "footnote": footnote,
        "conflicts": sorted({f"{row['province']} {row['year']}" for row in rows if row["conflict"]}),
        "subject_label": str(Subject(subject).label),
        "years": years,
    }


def trends(form: ReportFilterForm) -> dict:
    version = summary_version()
    return cache.get_or_set(_key("trends", version, form), lambda: _trends(form), CACHE_SECONDS)


def _trends(form: ReportFilterForm) -> dict:
    data = form.cleaned_data
    rows = comparison_rows(qs=form.filter_qs(ProvinceSummary.objects.all()), subject=data["subject"],
                           boundaries=data["boundaries"], province_ids=form.province_ids())
    tier_rows = [row for row in rows if row["tier"] == data["tier"]]
    years = sorted({row["year"] for row in rows})
    chosen_names = [short_name(unit.name) for unit in data.get("provinces") or []]
    scheme_table, footnote = _scheme_notes(data["subject"], years)
    return {
        "rows": tier_rows,
        "chart": charts.trends_figure(tier_rows, tier=data["tier"], measure=data["measure"]),
        "findings": computed_findings(tier_rows, measure=data["measure"], provinces_chosen=chosen_names),
        "scheme_table": scheme_table,
        "footnote": footnote,
    }
