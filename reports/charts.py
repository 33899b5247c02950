"""plotly figures built in Python after the database has aggregated; the page draws them from JSON (no inline JS)."""

from __future__ import annotations

from collections import OrderedDict
from functools import cache

import plotly.graph_objects as go
import plotly.io as pio
from django.utils.translation import gettext as _

from reports.selectors import TIERS

# Tier colours: best to worst, readable in print and by colour-blind readers (blue → red).
TIER_COLOURS = {1: "#1f5fa8", 2: "#5aa0d8", 3: "#f2b134", 4: "#c0392b"}
_LAYOUT = {
    "separators": ",.",
    "margin": {"l": 60, "r": 20, "t": 40, "b": 80},
    # Above the plot, growing upwards when the tiers' labels need several lines.
    "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom"},
    "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12},
}


@cache
def _template() -> dict:
    """plotly's default look (fonts, grid, colours), as plotly.py would attach it to every figure it builds."""
    return pio.templates[pio.templates.default].to_plotly_json()


def _number(value):
    return None if value is None else float(value)


def tier_name(rows: list[dict], tier: int) -> str:
    """A tier's legend entry with the label each year's scheme gives it ("Mức 1: Trong sạch, vững mạnh (2010, 2015);
    Hoàn thành xuất sắc nhiệm vụ (2018)"), so a chart read alone still says what the tier meant that year."""
    years_by_label: dict[str, set[int]] = OrderedDict()
    for row in sorted(rows, key=lambda r: r["year"]):
        if row["tier"] == tier and row["level"]:
            years_by_label.setdefault(row["level"], set()).add(row["year"])
    name = _("Mức %(tier)s") % {"tier": tier}
    if not years_by_label:
        return name
    if len(years_by_label) == 1:
        return f"{name}: {next(iter(years_by_label))}"
    labels = "; ".join(f"{label} ({', '.join(str(y) for y in sorted(years))})"
                       for label, years in years_by_label.items())
    return f"{name}: {labels}"


def _two_lines(series: str) -> str:
    """"Cao Bằng (chi bộ trực thuộc đảng ủy xã)" on two lines: plotly tilts a long group label, which then takes
    more height than the bars."""
    return series.replace(" (", "<br>(", 1)


def _grid_values(rows: list[dict], categories: list[tuple[str, int]]) -> dict[int, dict[str, list]]:
    """Per tier: count, share and level label of every (series, year) of the grid; rows of one place add up."""
    index = {category: position for position, category in enumerate(categories)}
    tiers: dict[int, dict[str, list]] = {}
    for tier in TIERS:
        counts = [None] * len(categories)
        shares = [None] * len(categories)
        levels = [""] * len(categories)
        for row in rows:
            if row["tier"] != tier:
                continue
            position = index[(row["series"], row["year"])]
            # Counts stay whole numbers: "1057", not "1057.0", in the page's data.
            counts[position] = row["count"] if counts[position] is None else counts[position] + (row["count"] or 0)
            shares[position] = _number(row["share"])
            levels[position] = row["level"]
        if any(v is not None for v in counts + shares):
            tiers[tier] = {"count": counts, "share": shares, "level": levels}
    return tiers


def _compact_levels(levels: list[str]) -> tuple[list[str], list[int | None]]:
    """A label per bar, sent once: the distinct labels and, per bar, the index of its own (None: no label)."""
    labels = list(OrderedDict.fromkeys(level for level in levels if level))
    position = {label: number for number, label in enumerate(labels)}
    return labels, [position[level] if level else None for level in levels]


def comparison_figure(rows: list[dict], *, measure: str) -> dict:
    """Grouped bars per (province, year), one trace per tier, as plain data for static/reports/charts.js.

    The page carries each group and year once and each tier's counts, shares and label numbers once; the script
    builds the plotly traces of the measure shown (x: group and year; y; the tier's label under the pointer).
    Building them here, with plotly's validating objects and every category repeated per trace and per measure,
    took most of a cold request and most of a 400 KB page at national scale.

    The grid is every series × every year, in order: plotly orders the inner level of a multicategory axis by first
    appearance, so a series starting later would otherwise push its years out of order. Each measure keeps only the
    series (groups) that have a figure in it: a published return that gives counts only has no group (no empty gap,
    on screen or on paper) when shares are shown."""
    series = list(OrderedDict.fromkeys(row["series"] for row in rows))
    years = sorted({row["year"] for row in rows})
    categories = [(name, year) for name in series for year in years]
    tiers = _grid_values(rows, categories)
    kept = {}
    for name in ("count", "share"):
        filled = {categories[p][0] for p in range(len(categories))
                  if any(values[name][p] is not None for values in tiers.values())}
        kept[name] = [number for number, group in enumerate(series) if group in filled]
    traces = []
    for tier, values in tiers.items():
        labels, level = _compact_levels(values["level"])
        traces.append({"name": tier_name(rows, tier), "tier": tier, "color": TIER_COLOURS[tier],
                       "count": values["count"], "share": values["share"], "labels": labels, "level": level})
    # A year whose figures are not all approved says so under its bars.
    provisional = {(row["series"], row["year"]) for row in rows if row.get("provisional")}
    return {
        "layout": {**_LAYOUT, "barmode": "group", "template": _template(),
                   "yaxis": {"title": {"text": axis_title(measure)}, "rangemode": "tozero"}},
        "groups": [_two_lines(name) for name in series],
        "years": [str(year) for year in years],
        "provisional_years": [f"{year} ({_('tạm tính')})" for year in years],
        "provisional": [p for p, category in enumerate(categories) if category in provisional],
        "kept": kept,
        "traces": traces,
        "hovertemplate": "%{x}<br>%{customdata}: %{y}<extra></extra>",
        "axis_titles": {"count": axis_title("count"), "share": axis_title("share")},
        "measure": measure,
        "empty": not traces,
        # Whether each measure has any figure: a choice of returns that give counts only has no chart of shares.
        "measures": {name: bool(numbers) for name, numbers in kept.items()},
    }


def axis_title(measure: str) -> str:
    return _("Tỷ lệ (%)") if measure == "share" else _("Số lượng")


def _trend(xs: list[int], ys: list[float]) -> list[float]:
    """Least-squares straight line through the points (the articles' dashed trend lines)."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread if spread else 0.0
    return [mean_y + slope * (x - mean_x) for x in xs]


def trends_figure(rows: list[dict], *, tier: int, measure: str) -> dict:
    """One line per province over the years for a tier, with a dashed trend line where there are 2+ points."""
    series: dict[str, dict[int, float | None]] = OrderedDict()
    provisional: set[tuple[str, int]] = set()
    for row in rows:
        if row["tier"] != tier:
            continue
        value = row["share"] if measure == "share" else row["count"]
        # A hidden figure (reports.suppression) leaves a gap in the line rather than a line drawn across it.
        series.setdefault(row["series"], {})[row["year"]] = None if value is None else float(value)
        if row.get("provisional"):
            provisional.add((row["series"], row["year"]))
    series = OrderedDict((name, points) for name, points in series.items()
                         if any(v is not None for v in points.values()))
    traces = []
    palette = ["#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b8860b"]
    marked = _("tạm tính")
    for position, (name, points) in enumerate(series.items()):
        colour = palette[position % len(palette)]
        xs = sorted(points)
        ys = [points[x] for x in xs]
        notes = [marked if (name, x) in provisional else "" for x in xs]
        traces.append(go.Scatter(name=name, x=xs, y=ys, mode="lines+markers+text", line={"color": colour},
                                 text=notes, textposition="top center", cliponaxis=False,
                                 hovertemplate=f"{name} %{{x}}: %{{y}} %{{text}}<extra></extra>"))
        known = [(x, y) for x, y in zip(xs, ys) if y is not None]
        if len(known) >= 2:
            trend_x = [x for x, _y in known]
            traces.append(go.Scatter(name=_("%(name)s (xu hướng)") % {"name": name}, x=trend_x,
                                     y=_trend(trend_x, [y for _x, y in known]),
                                     mode="lines", line={"color": colour, "dash": "dash", "width": 1},
                                     hoverinfo="skip", showlegend=False))
    # The title (the tier and its labels) takes the top: the provinces' legend goes under the years.
    figure = go.Figure(data=traces, layout={**_LAYOUT, "title": {"text": tier_name(rows, tier)},
                                            "legend": {"orientation": "h", "y": -0.2, "yanchor": "top"}})
    figure.update_xaxes(dtick=1, title_text=_("Năm"))
    figure.update_yaxes(title_text=axis_title(measure), rangemode="tozero")
    return {"figure": figure.to_plotly_json(), "empty": not traces}


def indicator_figure(points: list[tuple], *, title: str, unit: str) -> dict:
    """Lines of several yearly indicators of one place: points are (series name, year, value[, provisional])."""
    series: dict[str, list[tuple[int, float, str]]] = OrderedDict()
    marked = _("tạm tính")
    for name, year, value, *rest in points:
        series.setdefault(name, []).append((year, value, f" ({marked})" if rest and rest[0] else ""))
    traces = [
        go.Scatter(name=name, x=[p[0] for p in sorted(values)], y=[p[1] for p in sorted(values)],
                   customdata=[p[2] for p in sorted(values)],
                   mode="lines+markers+text", texttemplate="%{y}%{customdata}", textposition="top center",
                   # A value at the top of the axis keeps its label (plotly clips text at the plot's edge).
                   cliponaxis=False)
        for name, values in series.items()
    ]
    years = [point[1] for point in points]
    figure = go.Figure(data=traces, layout={**_LAYOUT, "title": {"text": title}, "legend": {"orientation": "h", "y": -0.3, "yanchor": "top"}})
    # One tick per year while it stays readable; plotly picks the ticks over longer spans.
    if years and max(years) - min(years) <= 12:
        figure.update_xaxes(dtick=1)
    figure.update_xaxes(title_text=_("Năm"))
    figure.update_yaxes(title_text=unit, rangemode="tozero")
    return {"figure": figure.to_plotly_json(), "empty": not traces}
