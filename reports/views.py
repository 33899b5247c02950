"""Dashboards: thin views over reports.dashboards and reports.selectors; every table downloads as CSV/XLSX(/JSON)."""

from __future__ import annotations

from collections import OrderedDict
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jobs.selectors import job_waiting
from jobs.services import job_start
from organizations.access import can_rebuild_summaries, organizations_for, role_of
from organizations.models import AdministrativeUnit, PartyOrganization
from ratings import reporting
from ratings.models import Subject
from reports import charts, dashboards, panel, pivots, selectors
from reports.exports import FORMATS, table_response
from reports.findings import series_findings
from reports.jobs import REBUILD
from reports.forms import DrilldownForm, ReportFilterForm
from reports.models import Indicator, IndicatorValue, OrganizationSummary, ProvinceSummary, SummaryState

TREND_COLUMNS = ["province", "province_code", "year", "tier", "level", "count", "share", "total", "population", "source",
                 "suppressed", "status"]
INDICATOR_COLUMNS = ["unit", "unit_level", "indicator", "indicator_label", "group", "year", "year_to", "as_of",
                     "is_target", "count", "share", "total", "value_min", "value_max", "article", "note", "quote",
                     "quote_vi"]
RATING_COLUMNS = ["subject", "year", "tier", "level", "count", "share", "total", "population", "source", "conflict",
                  "suppressed", "status"]
COMMUNE_COLUMNS = ["organization", "commune", "year", "subject", "tier", "count", "share", "total", "suppressed",
                   "status"]
CELL_COLUMNS = ["cell", "year", "tier", "level", "not_reviewed", "is_exemplary", "status"]
_DEVELOPMENT = {Indicator.MEMBERS_TOTAL, Indicator.MEMBERS_ADMITTED, Indicator.MEMBERS_REMOVED,
                Indicator.MEMBERS_DISCIPLINED, Indicator.NEW_MEMBERS_TARGET, Indicator.AWARENESS_CLASS_REFERRALS,
                Indicator.AWARENESS_CLASS_ELIGIBLE}
_CADRES = {Indicator.CADRES_PROFESSIONAL_INTERMEDIATE, Indicator.CADRES_UNIVERSITY, Indicator.CADRES_THEORY_INTERMEDIATE,
           Indicator.FULLTIME_UNIVERSITY_PER_COMMUNE, Indicator.KEY_CADRES_UNIVERSITY_PER_COMMUNE,
           Indicator.FULLTIME_ELECTED_OFFICIALS, Indicator.KEY_CADRES_TRAINED, Indicator.DISTRICT_COMMITTEE_UNIVERSITY,
           Indicator.DISTRICT_COMMITTEE_THEORY_INTERMEDIATE, Indicator.DISTRICT_COMMITTEE_THEORY_SENIOR,
           Indicator.DISTRICT_CADRES_UNIVERSITY}


def reader_required(view):
    """Any user with a role (admin, staff, approver, analyst) reads aggregates; others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if role_of(request.user) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format") or None
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(fmt)
    return fmt


def _bad_format(request: HttpRequest) -> HttpResponse:
    return HttpResponseBadRequest(
        _("Định dạng “%(format)s” không được hỗ trợ; chọn csv, xlsx hoặc json.") % {"format": request.GET.get("format")},
        content_type="text/plain; charset=utf-8",
    )


def _form_errors(form) -> HttpResponse:
    lines = [f"{form.fields[name].label if name in form.fields else name}: {' '.join(errors)}"
             for name, errors in form.errors.items()]
    return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")


def _export_query(request: HttpRequest, fmt: str, layout: str | None = None) -> str:
    query = request.GET.copy()
    query["format"] = fmt
    query.pop("apply", None)
    query.pop("page", None)
    query.pop("layout", None)
    if layout:
        query["layout"] = layout
    return query.urlencode()


def _layout(request: HttpRequest, fmt: str | None) -> str | None:
    """`?layout=wide`: the provinces × years × levels table (reports.pivots), as .csv or .xlsx only."""
    layout = request.GET.get("layout") or None
    if layout is not None and (layout not in pivots.LAYOUTS or fmt not in ("csv", "xlsx")):
        raise ValueError(layout)
    return layout


@require_GET
@reader_required
def index(request: HttpRequest) -> HttpResponse:
    with_data = set(ProvinceSummary.objects.values_list("province_id", flat=True).distinct())
    # A province is listed when an article's figure sits on it or on a unit under it (Điện Biên's are on
    # Mường Phăng and its villages), the same reach as the panel's indicator_values.
    with_indicators = set(IndicatorValue.objects.values_list("unit__parent__parent__parent", "unit__parent__parent",
                                                             "unit__parent", "unit").distinct())
    ids = with_data | {pk for row in with_indicators for pk in row if pk is not None}
    provinces = AdministrativeUnit.objects.provinces().filter(pk__in=ids)
    return render(request, "reports/index.html", {"provinces": provinces.order_by("search_name", "valid_to"),
                                                  "can_rebuild": can_rebuild_summaries(request.user),
                                                  "state": SummaryState.objects.filter(pk=1).first()})


def _dashboard(request: HttpRequest, *, kind: str, defaults: dict | None = None) -> HttpResponse:
    try:
        fmt = _format(request)
    except ValueError:
        return _bad_format(request)
    try:
        layout = _layout(request, fmt)
    except ValueError:
        return HttpResponseBadRequest(
            _("Bố cục (layout) “%(layout)s” không có; chọn layout=wide với format=csv hoặc xlsx.")
            % {"layout": (request.GET.get("layout") or "")[:50]}, content_type="text/plain; charset=utf-8")
    version = dashboards.summary_version()
    key = dashboards.page_key(kind, version, dict(request.GET.lists()))
    content = None if fmt else cache.get(key)
    if content is None:
        form = ReportFilterForm(request.GET, years=dashboards.cached_years(version))
        for name, value in (defaults or {}).items():
            if not request.GET.get(name):
                form.data[name] = value
        if not form.is_valid():
            if fmt:
                return _form_errors(form)
            content = render_to_string(f"reports/_{kind}_content.html", {"form": form, "data": None}, request=request)
            return render(request, f"reports/{kind}.html", {"content": content}, status=400)
        if layout == "wide":
            # All four levels of the chosen provinces and years, whichever level the trends page draws.
            rows = dashboards.comparison(form)["rows"]
            name = f"{'so-sanh' if kind == 'comparison' else 'xu-huong'}-{form.cleaned_data['subject']}-bang-rong"
            return pivots.wide_response(rows, fmt=fmt, filename=name)
        data = dashboards.comparison(form) if kind == "comparison" else dashboards.trends(form)
        if fmt:
            columns = dashboards.COMPARISON_COLUMNS if kind == "comparison" else TREND_COLUMNS
            name = f"{'so-sanh' if kind == 'comparison' else 'xu-huong'}-{form.cleaned_data['subject']}"
            return table_response(data["rows"], columns, fmt=fmt, filename=name)
        context = {
            "form": form,
            "data": data,
            "table": dashboards.table_page(data["pivot"], request.GET) if kind == "comparison" else None,
            "measure": form.cleaned_data["measure"],
            "export": {**{f: _export_query(request, f) for f in FORMATS},
                       **{f"wide_{f}": _export_query(request, f, "wide") for f in ("csv", "xlsx")}},
        }
        # The rendered content depends only on the query and the summaries' version: cache it with that key.
        content = render_to_string(f"reports/_{kind}_content.html", context, request=request)
        cache.set(key, content, dashboards.CACHE_SECONDS)
    return render(request, f"reports/{kind}.html", {"content": content})


@require_GET
@reader_required
def comparison(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, kind="comparison")


@require_GET
@reader_required
def trends(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, kind="trends", defaults={"measure": "share"})


def _indicator_row(value) -> dict:
    return {
        "unit": value.unit.name, "unit_level": value.unit.get_level_display(), "indicator": value.indicator,
        "indicator_label": value.get_indicator_display(), "group": value.group, "year": value.year,
        "year_to": value.year_to, "as_of": value.as_of, "is_target": value.is_target, "count": value.count,
        "share": value.share, "total": value.total, "value_min": value.value_min, "value_max": value.value_max,
        "article": value.article.citation, "article_key": value.article.key, "note": value.note,
        "display": value.display_value, "quote": value.quote, "quote_vi": value.quote_vi,
    }


def _panel_charts(rating_rows: list[dict], indicators: list[dict], province: AdministrativeUnit) -> dict:
    """Shares over the years (GPO tiers, members' figures) and counts over the years (villages) of the province."""
    share_points, count_points = [], []
    gpo_rows = [row for row in rating_rows if row["share"] is not None and row["subject"] == Subject.GPO]
    # Detailed ratings and published returns describe different sets of GPOs: never one line through both.
    both_sources = len({row["source"] for row in gpo_rows}) > 1
    # Each line says what its tier was called in its years ("mức 1 (Trong sạch, vững mạnh)"), as the articles do.
    labels: dict[tuple, list[str]] = {}
    for row in gpo_rows:
        known = labels.setdefault((row["tier"], row["source"]), [])
        if row["level"] and row["level"] not in known:
            known.append(row["level"])
    for row in gpo_rows:
        if row["tier"] not in (1, 4):
            continue
        name = _("Tổ chức cơ sở đảng mức %(tier)s") % {"tier": row["tier"]}
        if labels[(row["tier"], row["source"])]:
            name += f" ({' / '.join(labels[(row['tier'], row['source'])])})"
        if both_sources:
            name += " · " + (_("báo cáo tổng hợp") if row["source"] == "return" else _("xếp loại chi tiết"))
        share_points.append((name, row["year"], float(row["share"]), row["provisional"]))
    for row in indicators:
        if row["unit"] != province.name or row["is_target"] or row["year"] is None or row["year_to"] or row["group"]:
            continue
        if row["share"] is not None:
            share_points.append((row["indicator_label"], row["year"], float(row["share"])))
        elif row["count"] is not None and row["indicator"] in (Indicator.VILLAGES_WITHOUT_CELL,
                                                               Indicator.VILLAGES_WITHOUT_MEMBER):
            count_points.append((row["indicator_label"], row["year"], float(row["count"])))
    return {
        "shares": charts.indicator_figure(share_points, title=_("Tỷ lệ qua các năm"), unit=_("Tỷ lệ (%)")),
        "counts": charts.indicator_figure(count_points, title=_("Thôn, bản qua các năm"), unit=_("Số lượng")),
        "findings": series_findings(share_points, share=True) + series_findings(count_points, share=False),
    }


@require_GET
@reader_required
def province_panel(request: HttpRequest, pk: int) -> HttpResponse:
    province = get_object_or_404(AdministrativeUnit.objects.provinces(), pk=pk)
    try:
        fmt = _format(request)
    except ValueError:
        return _bad_format(request)
    rating_rows = selectors.province_rating_rows(province_id=province.pk)
    indicators = [_indicator_row(value) for value in selectors.indicator_values(province=province)]
    if fmt:
        table = request.GET.get("table") or "indicators"
        if table not in ("ratings", "indicators"):
            return HttpResponseBadRequest(
                _("Bảng (table) “%(table)s” không có; chọn ratings hoặc indicators.") % {"table": table[:50]},
                content_type="text/plain; charset=utf-8",
            )
        if table == "ratings":
            return table_response(rating_rows, RATING_COLUMNS, fmt=fmt, filename=f"xep-loai-{province.code}")
        return table_response(indicators, INDICATOR_COLUMNS, fmt=fmt, filename=f"chi-so-{province.code}")
    by_subject: dict[str, list[dict]] = OrderedDict()
    for row in rating_rows:
        by_subject.setdefault(str(Subject(row["subject"]).label), []).append(
            {**row, "province_id": province.pk, "province": selectors.short_name(province.name)}
        )
    by_subject = OrderedDict((label, dashboards.pivot(rows)) for label, rows in by_subject.items())
    context = {
        "province": province,
        "ratings_by_subject": by_subject,
        "development": [row for row in indicators if row["indicator"] in _DEVELOPMENT],
        "cadres": [row for row in indicators if row["indicator"] in _CADRES],
        "others": [row for row in indicators if row["indicator"] not in _DEVELOPMENT | _CADRES],
        "charts": _panel_charts(rating_rows, indicators, province),
        "has_detail": OrganizationSummary.objects.filter(province_id=province.pk, source="detail").exists(),
        "member_development": panel.member_development(province_id=province.pk),
        "key_cadres": panel.key_cadres(province_id=province.pk),
    }
    return render(request, "reports/province.html", context)


@require_GET
@reader_required
def province_communes(request: HttpRequest, pk: int) -> HttpResponse:
    province = get_object_or_404(AdministrativeUnit.objects.provinces(), pk=pk)
    try:
        fmt = _format(request)
    except ValueError:
        return _bad_format(request)
    years = selectors.province_years(province_id=province.pk)
    form = DrilldownForm(request.GET, years=years)
    # A province without ratings has no year to choose: that is an empty page, not the user's mistake.
    refused = bool(years) and not form.is_valid()
    rows = []
    if form.is_valid():
        visible = set(organizations_for(request.user).filter(province=province).values_list("pk", flat=True))
        rows = [row for row in selectors.commune_rows(province_id=province.pk, subject=form.cleaned_data["subject"],
                                                      year=form.cleaned_data["year"])
                if row["organization_id"] in visible]
    elif fmt:
        return _form_errors(form)
    if fmt:
        flat = [{**cell, "organization": row["organization"], "commune": row["commune"],
                 "year": form.cleaned_data["year"], "subject": form.cleaned_data["subject"]}
                for row in rows for cell in row["cells"]]
        return table_response(flat, COMMUNE_COLUMNS, fmt=fmt, filename=f"xa-{province.code}")
    tiers = [(tier, "") for tier in selectors.TIERS]
    if not refused and years:
        # The column heads say what each tier was called in the chosen year (the scheme changes over the years).
        subject, year = form.cleaned_data["subject"], form.cleaned_data["year"]
        labels = selectors.scheme_labels([year])
        tiers = [(tier, labels.label(subject, year, tier)) for tier in selectors.TIERS]
    return render(request, "reports/communes.html", {
        "province": province, "form": form, "rows": rows, "tiers": tiers,
        "export": {f: _export_query(request, f) for f in ("csv", "xlsx")}, "refused": refused,
    }, status=400 if refused else 200)


@require_GET
@reader_required
def commune_cells(request: HttpRequest, pk: int) -> HttpResponse:
    gpo = selectors.grassroots_for_drilldown(pk=pk, allowed=organizations_for(request.user))
    if gpo is None:
        raise Http404
    try:
        fmt = _format(request)
    except ValueError:
        return _bad_format(request)
    years = sorted(OrganizationSummary.objects.filter(organization=gpo, subject=Subject.CELL)
                   .values_list("year", flat=True).distinct())
    ratings = reporting.cell_levels(gpo_id=gpo.pk, years=years)
    names = dict(PartyOrganization.objects.filter(pk__in={r["organization_id"] for r in ratings}).values_list("pk", "name"))
    approved = {year for _unit, year in reporting.unit_years_approved(organization_ids=[gpo.pk], years=years)}
    flat = [{"cell": names.get(r["organization_id"], ""), "year": r["year"], "tier": r["level__tier"],
             "level": r["level__label_vi"] or "", "not_reviewed": r["not_reviewed"], "is_exemplary": r["is_exemplary"],
             "status": selectors.FINAL if r["year"] in approved else selectors.PROVISIONAL}
            for r in ratings]
    if fmt:
        return table_response(flat, CELL_COLUMNS, fmt=fmt, filename=f"chi-bo-{gpo.code}")
    grid: dict[str, dict[int, dict]] = OrderedDict()
    for row in sorted(flat, key=lambda r: r["cell"]):
        grid.setdefault(row["cell"], {})[row["year"]] = row
    return render(request, "reports/cells.html", {
        "gpo": gpo, "years": [(year, year not in approved) for year in years],
        "grid": [(cell, [by_year.get(y) for y in years]) for cell, by_year in grid.items()],
        "export": {f: _export_query(request, f) for f in ("csv", "xlsx")},
    })


@login_required
@require_POST
def rebuild(request: HttpRequest) -> HttpResponse:
    """Recompute every summary table in the background; the job's page shows how far it is."""
    if not can_rebuild_summaries(request.user):
        raise PermissionDenied
    job = job_waiting(REBUILD, user=request.user) or job_start(
        name=REBUILD, title=_("Tính lại các bảng tổng hợp"), user=request.user, back_url=reverse("reports:index"))
    return redirect("job", job.pk)
