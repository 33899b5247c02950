"""Findings in words, written from the numbers the way the articles write them."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from reports.selectors import TIERS


def _value(row: dict, measure: str):
    return row["share"] if measure == "share" else row["count"]


def _fmt(value, measure: str) -> str:
    if value is None:
        return "—"
    # Vietnamese number format: "." groups thousands, "," marks decimals (1.336; 63,04%).
    if measure == "share":
        return f"{Decimal(value):.2f}".replace(".", ",") + "%"
    return f"{int(value):,}".replace(",", ".")


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s và %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def computed_findings(rows: list[dict], *, measure: str, provinces_chosen: list[str]) -> list[str]:
    """Per population and tier: highest and lowest province in the last year, who rose and who fell between the
    first and the last year. Populations (all members; members of communal committees ...) are never compared."""
    findings: list[str] = []
    populations = list(dict.fromkeys(row["population"] for row in rows))
    for population in populations:
        part = [row for row in rows if row["population"] == population]
        texts = _tier_findings(part, measure=measure)
        if len(populations) > 1:
            scope = population or _("toàn bộ")
            texts = [_("Phạm vi “%(scope)s”: %(text)s") % {"scope": scope, "text": text} for text in texts]
        findings += texts
    with_data = {row["province"] for row in rows if _value(row, measure) is not None}
    missing = [name for name in provinces_chosen if name not in with_data]
    if missing:
        findings.append(
            _("Không có số liệu (%(measure)s) cho: %(names)s.")
            % {"measure": _("tỷ lệ") if measure == "share" else _("số lượng"), "names": ", ".join(missing)}
        )
    return findings


def _tier_findings(rows: list[dict], *, measure: str) -> list[str]:
    findings: list[str] = []
    by_tier: dict[int, dict[str, dict[int, object]]] = defaultdict(lambda: defaultdict(dict))
    labels: dict[tuple[int, int], str] = {}
    for row in rows:
        value = _value(row, measure)
        if value is None:
            continue
        by_tier[row["tier"]][row["province"]][row["year"]] = value
        labels[(row["tier"], row["year"])] = row["level"]
    noun = _("tỷ lệ") if measure == "share" else _("số")
    for tier in TIERS:
        provinces = by_tier.get(tier)
        if not provinces:
            continue
        years = sorted({year for values in provinces.values() for year in values})
        last = years[-1]
        label = labels[(tier, last)]
        in_last = {name: values[last] for name, values in provinces.items() if last in values}
        if len(in_last) >= 2:
            ranked = sorted(in_last.items(), key=lambda item: item[1], reverse=True)
            top, bottom = ranked[0], ranked[-1]
            findings.append(
                _("Năm %(year)s, %(noun)s “%(label)s” (mức %(tier)s) cao nhất ở %(top)s (%(top_value)s), "
                  "thấp nhất ở %(bottom)s (%(bottom_value)s).")
                % {"year": last, "noun": noun, "label": label, "tier": tier, "top": top[0],
                   "top_value": _fmt(top[1], measure), "bottom": bottom[0], "bottom_value": _fmt(bottom[1], measure)}
            )
        elif len(in_last) == 1:
            (name, value), = in_last.items()
            findings.append(
                _("Năm %(year)s, chỉ có số liệu của %(name)s về “%(label)s” (mức %(tier)s): %(value)s.")
                % {"year": last, "name": name, "label": label, "tier": tier, "value": _fmt(value, measure)}
            )
        rose, fell, same = [], [], []
        first_year = years[0]
        for name, values in provinces.items():
            span = sorted(values)
            if len(span) < 2:
                continue
            start, end = values[span[0]], values[span[-1]]
            text = f"{name} ({_fmt(start, measure)} → {_fmt(end, measure)})"
            (rose if end > start else fell if end < start else same).append(text)
        if rose or fell or same:
            parts = []
            if rose:
                parts.append(_("tăng ở %(names)s") % {"names": _names(rose)})
            if fell:
                parts.append(_("giảm ở %(names)s") % {"names": _names(fell)})
            if same:
                parts.append(_("không đổi ở %(names)s") % {"names": _names(same)})
            findings.append(
                _("Từ %(first)s đến %(last)s, %(noun)s mức %(tier)s %(parts)s.")
                % {"first": first_year, "last": last, "noun": noun, "tier": tier, "parts": "; ".join(parts)}
            )
    return findings


def series_findings(points: list[tuple[str, int, float]], *, share: bool) -> list[str]:
    """For each series of (name, year, value): its first and last figure and whether it rose or fell."""
    series: dict[str, dict[int, float]] = defaultdict(dict)
    for name, year, value in points:
        series[name][year] = value
    measure = "share" if share else "count"
    findings = []
    for name, values in series.items():
        if len(values) < 2:
            continue
        first, last = min(values), max(values)
        start, end = values[first], values[last]
        words = {"name": name, "start": _fmt(start, measure), "first": first, "end": _fmt(end, measure), "last": last}
        if end > start:
            findings.append(_("%(name)s: tăng từ %(start)s (%(first)s) lên %(end)s (%(last)s).") % words)
        elif end < start:
            findings.append(_("%(name)s: giảm từ %(start)s (%(first)s) xuống %(end)s (%(last)s).") % words)
        else:
            findings.append(_("%(name)s: không đổi, %(start)s (%(first)s) và %(end)s (%(last)s).") % words)
    return findings
