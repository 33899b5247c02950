"""What each dashboard shows, computed from the summary tables and cached behind the summaries' version.

The cache key holds SummaryState.version, bumped by every summaries refresh or rebuild, so a cached dashboard is
never stale (the same pattern as djangoproject.com's dashboard cache); each process keeps its own copy.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ratings.models import Subject
from reports import charts
from reports.findings import computed_findings
from reports.forms import ReportFilterForm
from reports.models import ProvinceSummary, SummaryState
from reports.suppression import count_text
from reports.selectors import (
    BOUNDARIES_TODAY,
    available_years,
    comparison_rows,
    partial_today,
    published_findings,
    scheme_labels,
    TIERS,
    with_predecessors,
)

CACHE_SECONDS = 600
# Lines of the comparison's table per page: three provinces over ten years.
TABLE_LINES = 30
PROTECTED_NOTE = _lazy("Tổng số và tỷ lệ của dòng này được ẩn để không suy ra được số dưới 5.")
COMPARISON_COLUMNS = ["province", "province_code", "year", "tier", "level", "count", "share", "total",
                      "population", "source", "conflict", "suppressed", "status"]


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
            f"{', '.join(str(y) for y in years_)}: {scheme['regulation'] or scheme['name']}"
            for scheme, years_ in schemes.values()
        )
        footnote = _(
            "Các năm đã chọn thuộc nhiều quy định xếp loại khác nhau (%(spans)s). Các năm được so sánh theo mức 1–4 "
            "chung; tên mức ghi theo quy định của từng năm."
        ) % {"spans": spans}
    return table, footnote


def _years_in_words(form: ReportFilterForm) -> str:
    data = form.cleaned_data
    year_from, year_to = data.get("year_from"), data.get("year_to")
    if data.get("years"):
        return ", ".join(str(year) for year in form.chosen_years() or [])
    if year_from and year_to:
        return f"{year_from}–{year_to}"
    if year_from:
        return _("từ %(year)s") % {"year": year_from}
    if year_to:
        return _("đến %(year)s") % {"year": year_to}
    return _("mọi năm có số liệu")


def selection(form: ReportFilterForm) -> list[str]:
    """The filters in words, shown above the chart and printed (the form itself is not printed)."""
    data = form.cleaned_data
    names = form.province_names()
    parts = [
        str(Subject(data["subject"]).label),
        _("Tỉnh: %(names)s") % {"names": ", ".join(names) if names else _("mọi tỉnh có số liệu")},
        _("Năm: %(years)s") % {"years": _years_in_words(form)},
        str(dict(form.fields["boundaries"].choices)[data["boundaries"]]),
    ]
    if data.get("area"):
        parts.append(str(dict(form.fields["area"].choices)[data["area"]]))
    if data.get("source"):
        parts.append(str(dict(form.fields["source"].choices)[data["source"]]))
    return parts


def comparison(form: ReportFilterForm) -> dict:
    version = summary_version()
    return cache.get_or_set(_key("comparison", version, form), lambda: _comparison(form), CACHE_SECONDS)


def today_notes(form: ReportFilterForm, qs) -> list[str]:
    """Under boundaries as of today: which former provinces a merged province's figures cover, and which not."""
    if form.cleaned_data["boundaries"] != BOUNDARIES_TODAY:
        return []
    notes = []
    for entry in partial_today(qs=qs):
        scope = f" ({entry['population']})" if entry["population"] else ""
        notes.append(_("%(province)s theo địa giới hiện nay%(scope)s, năm %(years)s: chỉ có số liệu của %(with)s "
                       "(trước 01/07/2025); %(without)s không có số liệu.") % {
            "province": entry["province"], "scope": scope, "years": ", ".join(str(y) for y in entry["years"]),
            "with": ", ".join(_("tỉnh %(name)s cũ") % {"name": name} for name in entry["with"]),
            "without": ", ".join(_("tỉnh %(name)s cũ") % {"name": name} for name in entry["without"])})
    return notes


def _comparison(form: ReportFilterForm) -> dict:
    data = form.cleaned_data
    subject, measure = data["subject"], data["measure"]
    province_ids = form.province_ids()
    qs = form.filter_qs(ProvinceSummary.objects.all())
    rows = comparison_rows(qs=qs, subject=subject, boundaries=data["boundaries"], province_ids=province_ids)
    years = sorted({row["year"] for row in rows} | set(form.chosen_years() or []))
    chosen_names = form.province_names()
    scheme_table, footnote = _scheme_notes(subject, years)
    finding_provinces = [unit.pk for unit in data.get("provinces") or []]
    if finding_provinces and data["boundaries"] != "as_they_were":
        # Today's Tuyên Quang holds the figures of the former Hà Giang: the articles' words about Hà Giang too.
        finding_provinces = with_predecessors(list(dict.fromkeys([*finding_provinces, *province_ids])))
    published = [
        {"text": finding.text_vi, "quote": finding.quote, "quote_vi": finding.quote_vi, "note": finding.note,
         "article": finding.article.citation, "key": finding.article.key}
        for finding in published_findings(subject=subject, province_ids=finding_provinces, years=years)
    ]
    return {
        "rows": rows,
        "pivot": pivot(rows),
        "chart": charts.comparison_figure(rows, measure=measure),
        "findings": {
            "count": computed_findings(rows, measure="count", provinces_chosen=chosen_names, subject=subject),
            "share": computed_findings(rows, measure="share", provinces_chosen=chosen_names, subject=subject),
        },
        "published": published,
        "scheme_table": scheme_table,
        "footnote": footnote,
        "conflicts": sorted({f"{row['province']} {row['year']}" for row in rows if row["conflict"]}),
        "today_notes": today_notes(form, qs),
        "subject_label": str(Subject(subject).label),
        "years": years,
        "selection": selection(form),
    }


def _share_text(row: dict) -> str:
    # Rounded first: number_format cuts decimals off.
    return "" if row["share"] is None else number_format(Decimal(row["share"]).quantize(Decimal("0.01")), 2) + "%"


def pivot(rows: list[dict]) -> list[dict]:
    """The table under the chart: one line per province, year, population and source, the four tiers across."""
    lines: dict[tuple, dict] = {}
    for row in rows:
        key = (row["province_id"], row["year"], row["population"], row["source"])
        line = lines.setdefault(key, {
            "province": row["province"], "province_id": row["province_id"], "year": row["year"],
            "population": row["population"], "source": row["source"], "conflict": False, "provisional": False,
            "protected": False, "tiers": {tier: None for tier in TIERS},
        })
        line["tiers"][row["tier"]] = {"count": count_text(row), "share": _share_text(row), "level": row["level"]}
        line["conflict"] = line["conflict"] or row["conflict"]
        line["provisional"] = line["provisional"] or row["provisional"]
        line["protected"] = line["protected"] or row.get("protected", False)
    for line in lines.values():
        line["cells"] = [line["tiers"][tier] for tier in TIERS]
    return list(lines.values())


def pivot_body(lines: list[dict]) -> str:
    """The table body as HTML, built in Python: at national scale it has hundreds of lines, and template loops
    (or format_html per cell) would cost more than the rest of the page together. Every value is escaped."""
    if not lines:
        return mark_safe(f'<tr><td colspan="8">{escape(_("Không có số liệu."))}</td></tr>')  # noqa: S308
    detail, summary = escape(_("Xếp loại chi tiết")), escape(_("Báo cáo tổng hợp"))
    provisional = f' <span class="badge text-bg-warning">{escape(_("tạm tính"))}</span>'
    protected = f' <span title="{escape(PROTECTED_NOTE)}">†</span>'

    # Each province opens its panel, where the drill-down to communes and cells starts.
    panels = {pk: reverse("reports:province", args=[pk]) for pk in {line["province_id"] for line in lines}}
    out = []
    for line in lines:
        cells = "".join(
            f'<td class="num" title="{escape(cell["level"])}">{escape(cell["count"])}'
            + (f' <span class="text-body-secondary">({escape(cell["share"])})</span>' if cell["share"] else "")
            + "</td>"
            if cell else '<td class="num"></td>'
            for cell in line["cells"]
        )
        source = summary if line["source"] == "return" else detail
        out.append(
            f"<tr><td><a href=\"{escape(panels[line['province_id']])}\">{escape(line['province'])}</a></td>"
            f"<td>{line['year']:d}{provisional if line['provisional'] else ''}"
            f"{protected if line['protected'] else ''}</td>{cells}"
            f"<td>{escape(line['population'] or '—')}</td><td>{source}{' ⚠' if line['conflict'] else ''}</td></tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value above went through escape()


def table_page(lines: list[dict], query: QueryDict) -> dict:
    """One page of the table under the chart: at national scale it has hundreds of lines (the page would weigh
    several hundred KB); the exports hold the whole table. A page number out of range shows the nearest page."""
    page = Paginator(lines, TABLE_LINES).get_page(query.get("page"))
    others = query.copy()
    for name in ("page", "apply"):
        others.pop(name, None)
    return {"body": pivot_body(page.object_list), "page": page, "query": others.urlencode()}


def page_key(kind: str, version: int, query: dict[str, list[str]]) -> str:
    """Cache key of a dashboard's rendered content: the summaries' version, the language and the sorted query."""
    parts = [kind, str(version), get_language() or ""]
    parts += [f"{name}={','.join(sorted(values))}" for name, values in sorted(query.items()) if name != "apply"]
    return "reports:page:" + hashlib.sha1("|".join(parts).encode()).hexdigest()


def trends(form: ReportFilterForm) -> dict:
    version = summary_version()
    return cache.get_or_set(_key("trends", version, form), lambda: _trends(form), CACHE_SECONDS)


def _trends(form: ReportFilterForm) -> dict:
    data = form.cleaned_data
    qs = form.filter_qs(ProvinceSummary.objects.all())
    rows = comparison_rows(qs=qs, subject=data["subject"], boundaries=data["boundaries"],
                           province_ids=form.province_ids())
    tier_rows = [row for row in rows if row["tier"] == data["tier"]]
    if len({row["population"] for row in tier_rows}) == 1:
        # One population left for this tier: plain province names.
        tier_rows = [{**row, "series": row["province"]} for row in tier_rows]
    years = sorted({row["year"] for row in rows})
    chosen_names = form.province_names()
    scheme_table, footnote = _scheme_notes(data["subject"], years)
    return {
        "rows": tier_rows,
        "chart": charts.trends_figure(tier_rows, tier=data["tier"], measure=data["measure"]),
        "findings": computed_findings(tier_rows, measure=data["measure"], provinces_chosen=chosen_names,
                                      subject=data["subject"]),
        "scheme_table": scheme_table,
        "footnote": footnote,
        "today_notes": today_notes(form, qs.filter(tier=data["tier"])),
        "selection": selection(form),
    }
