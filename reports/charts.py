"""plotly figures built in Python after the database has aggregated; the page draws them from JSON (no inline JS)."""

from __future__ import annotations

from collections import OrderedDict

import plotly.graph_objects as go
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


def comparison_figure(rows: list[dict], *, measure: str) -> dict:
    """Grouped bars per (province, year), one trace per tier; carries both measures so the page can toggle.

    Each measure keeps only the groups (series) that have a figure in it: a published return that gives counts only
    has no group (no empty gap, on screen or on paper) when shares are shown."""
    # Every series gets every year, in order: plotly orders the inner level of a multicategory axis by first
    # appearance, so a series starting later would otherwise push its years out of order.
    series = list(OrderedDict.fromkeys(row["series"] for row in rows))
    years = sorted({row["year"] for row in rows})
    categories = [(name, year) for name in series for year in years]
    index = {category: position for position, category in enumerate(categories)}
    # A year whose figures are not all approved says so under its bars.
    provisional = {(row["series"], row["year"]) for row in rows if row.get("provisional")}
    year_labels = [f"{c[1]} ({_('tạm tính')})" if c in provisional else str(c[1]) for c in categories]
    tiers: dict[int, dict[str, list]] = {}
    for tier in TIERS:
        counts = [None] * len(categories)
        shares = [None] * len(categories)
        levels = [""] * len(categories)
        for row in rows:
            if row["tier"] != tier:
                continue
            position = index[(row["series"], row["year"])]
            counts[position] = _number(row["count"]) if counts[position] is None else counts[position] + (row["count"] or 0)
            shares[position] = _number(row["share"])
            levels[position] = row["level"]
        if any(v is not None for v in counts + shares):
            tiers[tier] = {"count": counts, "share": shares, "level": levels}
    # A series (a province's group) is kept in a measure when it has a figure in it; a kept series keeps every year,
    # so that plotly, which orders a multicategory axis's years by first appearance, keeps them in order.
    kept = {}
    for name in ("count", "share"):
        filled = {categories[p][0] for p in range(len(categories))
                  if any(values[name][p] is not None for values in tiers.values())}
        kept[name] = [p for p in range(len(categories)) if categories[p][0] in filled]
    x = {name: [[_two_lines(categories[p][0]) for p in positions], [year_labels[p] for p in positions]]
         for name, positions in kept.items()}
    traces, alternates = [], {"count": [], "share": []}
    for tier, values in tiers.items():
        per_measure = {name: {"x": x[name], "y": [values[name][p] for p in positions],
                              "customdata": [values["level"][p] for p in positions]}
                       for name, positions in kept.items()}
        shown = per_measure[measure]
        traces.append(
            go.Bar(
                name=tier_name(rows, tier),
                # Always in the legend, even alone: the legend is where the tier's labels are read.
                showlegend=True,
                x=shown["x"],
                y=shown["y"],
                customdata=shown["customdata"],
                marker_color=TIER_COLOURS[tier],
                hovertemplate="%{x}<br>%{customdata}: %{y}<extra></extra>",
            )
        )
        for name in alternates:
            alternates[name].append(per_measure[name])
    figure = go.Figure(data=traces, layout={**_LAYOUT, "barmode": "group"})
    figure.update_yaxes(title_text=axis_title(measure), rangemode="tozero")
    return {
        "figure": figure.to_plotly_json(),
        "alternates": alternates,
        "axis_titles": {"count": axis_title("count"), "share": axis_title("share")},
        "measure": measure,
        "empty": not traces,
        # Whether each measure has any figure: a choice of returns that give counts only has no chart of shares.
        "measures": {name: bool(positions) for name, positions in kept.items()},
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
