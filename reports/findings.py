"""Findings in words, written from the numbers the way the articles write them, saying what they count.

They read the same rows as the tables beside them: a level with no one in it is 0 (not a gap), a figure hidden to
protect people is said to be hidden (not missing), and a figure of a year not yet approved is marked "tạm tính".
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ratings.models import Subject
from reports.selectors import TIERS

# What a figure counts, by subject: "số đảng viên", "tỷ lệ chi bộ" ...
_COUNTED = {
    Subject.GPO: gettext_lazy("tổ chức cơ sở đảng"),
    Subject.CONSTITUENT: gettext_lazy("đảng bộ bộ phận"),
    Subject.CELL: gettext_lazy("chi bộ"),
    Subject.MEMBER: gettext_lazy("đảng viên"),
}


class _Figure(NamedTuple):
    value: object
    provisional: bool


def _value(row: dict, measure: str):
    return row["share"] if measure == "share" else row["count"]


def _hidden(row: dict, measure: str) -> bool:
    """Hidden to protect people: a small count itself, or (for shares) any figure of its line."""
    return bool(row.get("suppressed") or (measure == "share" and row.get("protected")))


def _fmt(value, measure: str) -> str:
    if value is None:
        return "—"
    # The active language's number format: Vietnamese "1.336; 63,04%", English "1,336; 63.04%".
    if measure == "share":
        # Rounded first: number_format cuts decimals off (a float's 63.0399… would read 63,03).
        return number_format(Decimal(value).quantize(Decimal("0.01")), 2) + "%"
    return number_format(int(value), force_grouping=True)


def _shown(figure: _Figure, measure: str) -> str:
    text = _fmt(figure.value, measure)
    return _("%(value)s tạm tính") % {"value": text} if figure.provisional else text


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s và %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def noun(measure: str, subject: str) -> str:
    """"số đảng viên", "tỷ lệ tổ chức cơ sở đảng" ...: what a finding counts."""
    counted = _COUNTED.get(subject, _("đơn vị"))
    if measure == "share":
        return _("tỷ lệ %(what)s") % {"what": counted}
    return _("số %(what)s") % {"what": counted}


def computed_findings(rows: list[dict], *, measure: str, provinces_chosen: list[str], subject: str) -> list[str]:
    """Per population and tier: highest and lowest province in the last year, who rose and who fell between the
    first and the last year. Populations (all members; members of communal committees ...) are never compared."""
    findings: list[str] = []
    populations = list(dict.fromkeys(row["population"] for row in rows))
    for population in populations:
        part = [row for row in rows if row["population"] == population]
        texts = _tier_findings(part, measure=measure, subject=subject)
        if len(populations) > 1:
            scope = population or _("toàn bộ")
            texts = [_("Phạm vi “%(scope)s”: %(text)s") % {"scope": scope, "text": text} for text in texts]
        findings += texts
    with_data = {row["province"] for row in rows if _value(row, measure) is not None or _hidden(row, measure)}
    missing = [name for name in provinces_chosen if name not in with_data]
    if missing:
        findings.append(
            _("Không có số liệu (%(measure)s) cho: %(names)s.")
            % {"measure": _("tỷ lệ") if measure == "share" else _("số lượng"), "names": ", ".join(missing)}
        )
    if any(row["provisional"] for row in rows):
        findings.append(_("“tạm tính”: số liệu của năm mà không phải mọi đơn vị báo cáo đã được phê duyệt."))
    return findings


def _tier_findings(rows: list[dict], *, measure: str, subject: str) -> list[str]:
    findings: list[str] = []
    by_tier: dict[int, dict[str, dict[int, _Figure]]] = defaultdict(lambda: defaultdict(dict))
    hidden: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[tuple[int, int], str] = {}
    for row in rows:
        labels[(row["tier"], row["year"])] = row["level"]
        if _hidden(row, measure):
            hidden[row["tier"]][row["year"]].append(row["province"])
            continue
        value = _value(row, measure)
        if value is None:
            continue
        by_tier[row["tier"]][row["province"]][row["year"]] = _Figure(value, bool(row.get("provisional")))
    what = noun(measure, subject)
    for tier in TIERS:
        provinces = by_tier.get(tier, {})
        years = sorted({year for values in provinces.values() for year in values} | set(hidden.get(tier, {})))
        if not years:
            continue
        last = years[-1]
        words = {"year": last, "noun": what, "label": labels[(tier, last)], "tier": tier}
        in_last = {name: values[last] for name, values in provinces.items() if last in values}
        hidden_last = sorted(hidden.get(tier, {}).get(last, []))
        if len(in_last) >= 2:
            ranked = sorted(in_last.items(), key=lambda item: item[1].value, reverse=True)
            (top, top_value), (bottom, bottom_value) = ranked[0], ranked[-1]
            findings.append(
                _("Năm %(year)s, %(noun)s xếp loại “%(label)s” (mức %(tier)s) cao nhất ở %(top)s (%(top_value)s), "
                  "thấp nhất ở %(bottom)s (%(bottom_value)s).")
                % {**words, "top": top, "top_value": _shown(top_value, measure), "bottom": bottom,
                   "bottom_value": _shown(bottom_value, measure)}
            )
        elif len(in_last) == 1 and not hidden_last:
            (name, figure), = in_last.items()
            findings.append(
                _("Năm %(year)s, chỉ có số liệu của %(name)s về %(noun)s xếp loại “%(label)s” (mức %(tier)s): "
                  "%(value)s.") % {**words, "name": name, "value": _shown(figure, measure)}
            )
        elif len(in_last) == 1:
            (name, figure), = in_last.items()
            findings.append(
                _("Năm %(year)s, %(noun)s xếp loại “%(label)s” (mức %(tier)s) ở %(name)s: %(value)s.")
                % {**words, "name": name, "value": _shown(figure, measure)}
            )
        if hidden_last:
            findings.append(
                _("Năm %(year)s, %(noun)s xếp loại mức %(tier)s của %(names)s không công bố (dưới 5 người, hoặc để "
                  "không suy ra được số dưới 5).") % {**words, "names": _names(hidden_last)}
            )
        findings += _changes(provinces, years, measure=measure, words=words)
    return findings


def _changes(provinces: dict[str, dict[int, _Figure]], years: list[int], *, measure: str, words: dict) -> list[str]:
    """Who rose, fell or stayed between their first and last published figure of the years shown."""
    rose, fell, same = [], [], []
    first_year, last = years[0], years[-1]
    for name, values in provinces.items():
        span = sorted(values)
        if len(span) < 2:
            continue
        start, end = values[span[0]], values[span[-1]]
        if (span[0], span[-1]) == (first_year, last):
            text = f"{name} ({_shown(start, measure)} → {_shown(end, measure)})"
        else:
            # Its own span differs from the sentence's: say which years are compared.
            text = _("%(name)s (%(start)s năm %(first)s → %(end)s năm %(last)s)") % {
                "name": name, "start": _shown(start, measure), "first": span[0], "end": _shown(end, measure),
                "last": span[-1]}
        (rose if end.value > start.value else fell if end.value < start.value else same).append(text)
    if not (rose or fell or same):
        return []
    parts = []
    if rose:
        parts.append(_("tăng ở %(names)s") % {"names": _names(rose)})
    if fell:
        parts.append(_("giảm ở %(names)s") % {"names": _names(fell)})
    if same:
        parts.append(_("không đổi ở %(names)s") % {"names": _names(same)})
    return [_("Từ %(first)s đến %(last)s, %(noun)s xếp loại mức %(tier)s %(parts)s.")
            % {**words, "first": first_year, "last": last, "parts": "; ".join(parts)}]


def series_findings(points: list[tuple], *, share: bool) -> list[str]:
    """For each series of (name, year, value[, provisional]): its first and last figure, whether it rose or fell."""
    series: dict[str, dict[int, _Figure]] = defaultdict(dict)
    for name, year, value, *rest in points:
        series[name][year] = _Figure(value, bool(rest and rest[0]))
    measure = "share" if share else "count"
    findings = []
    for name, values in series.items():
        if len(values) < 2:
            continue
        first, last = min(values), max(values)
        start, end = values[first], values[last]
        words = {"name": name, "start": _shown(start, measure), "first": first, "end": _shown(end, measure),
                 "last": last}
        if end.value > start.value:
            findings.append(_("%(name)s: tăng từ %(start)s (%(first)s) lên %(end)s (%(last)s).") % words)
        elif end.value < start.value:
            findings.append(_("%(name)s: giảm từ %(start)s (%(first)s) xuống %(end)s (%(last)s).") % words)
        else:
            findings.append(_("%(name)s: không đổi, %(start)s (%(first)s) và %(end)s (%(last)s).") % words)
    return findings
