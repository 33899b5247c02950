"""Suppression that holds: no hidden member count can be recovered by arithmetic from what a page or export shows.

An attacker's arithmetic, written as a small exact linear solver: on each line (a province or organization, a
year, a population and source) the four tiers add up to the total, and a share is a count over the total. Every
published value is a known, every hidden one an unknown; a hidden count is recovered when those relations
determine it. The test reads every table that suppresses, in every format, as a reader would get it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from fractions import Fraction

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.services import summaries_refresh
from tests.ratings.factories import MemberRatingFactory, OrganizationRatingFactory, commune, level

pytestmark = pytest.mark.django_db
TIERS = (1, 2, 3, 4)


# --- the attacker ---------------------------------------------------------------------------------------------------

def _rank(rows: list[list[Fraction]]) -> int:
    matrix = [row[:] for row in rows]
    rank, columns = 0, len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[rank][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank])]
        rank += 1
    return rank


def recoverable(line: dict) -> list[int]:
    """The tiers whose hidden count this line's published values determine. `line` maps tier → (count, share)
    (None where not published) and "total" → the total or None."""
    hidden = [t for t in TIERS if line[t][0] is None]
    if not hidden:
        return []
    unknowns = [*hidden, *(["total"] if line["total"] is None else [])]
    index = {name: position for position, name in enumerate(unknowns)}
    equations: list[list[Fraction]] = []

    def equation(**coefficients) -> None:
        row = [Fraction(0)] * len(unknowns)
        for name, value in coefficients.items():
            key = int(name[1:]) if name.startswith("t") and name != "total" else name
            if key in index:
                row[index[key]] += Fraction(value)
        if any(row):
            equations.append(row)

    # The tiers add up to the total (known terms move to the right-hand side, which a rank test does not need).
    equation(**{f"t{t}": 1 for t in hidden}, total=-1)
    for t in TIERS:
        count, share = line[t]
        if share is None:
            continue
        share = Fraction(str(share)) / 100
        if count is None:  # a hidden count with its share published: count = share × total
            equation(**{f"t{t}": 1}, total=-share)
        elif share and line["total"] is None:  # a published pair gives the total away
            equation(total=share)
    found = []
    for tier in hidden:
        target = [Fraction(0)] * len(unknowns)
        target[index[tier]] = Fraction(1)
        if equations and _rank(equations) == _rank([*equations, target]):
            found.append(tier)
    return found


def test_the_attacker_recovers_a_lone_hidden_count_when_the_total_is_shown():
    line = {1: (None, None), 2: (6, None), 3: (5, None), 4: (0, None), "total": 13}
    assert recoverable(line) == [1]
    through_shares = {1: (None, None), 2: (6, "46.15"), 3: (5, "38.46"), 4: (0, "0"), "total": None}
    assert recoverable(through_shares) == [1]
    assert recoverable({1: (None, None), 2: (6, None), 3: (5, None), 4: (0, None), "total": None}) == []


# --- the figures ----------------------------------------------------------------------------------------------------

def _rate_members(gpo_cells, members, year, tiers_of_members):
    people = [m for cell in gpo_cells for m in members[cell.pk]]
    for person, tier in zip(people, tiers_of_members, strict=True):
        MemberRatingFactory(member=person, year=year, level=level("member", year, tier))


@pytest.fixture
def figures(nghe_an, cao_bang):
    """Twelve members in each province. Nghệ An 2024: 1 excellent, 10 good, 0 completed, 1 not (two hidden);
    Cao Bằng 2024: 2, 5, 5, 0 (one hidden: the one a shown total would give away); Nghệ An 2023: 0, 7, 5, 0
    (nothing hidden, shares shown)."""
    gpo, _c, cells, members = commune(nghe_an, cells=2, members_per_cell=4)
    _rate_members(cells, members, 2024, [1] + [2] * 10 + [4])
    _rate_members(cells, members, 2023, [2] * 7 + [3] * 5)
    other, _c2, other_cells, other_members = commune(cao_bang, cells=2, members_per_cell=4)
    _rate_members(other_cells, other_members, 2024, [1, 1] + [2] * 5 + [3] * 5)
    OrganizationRatingFactory(organization=other, year=2024, level=level("organization", 2024, 1))
    summaries_refresh(organization_ids=[gpo.pk, other.pk], years=[2023, 2024])
    return nghe_an.province, cao_bang.province, gpo, other


def _lines_from_rows(rows: list[dict], key) -> dict:
    lines: dict = defaultdict(lambda: {**{t: (None, None) for t in TIERS}, "total": None})
    for row in rows:
        line = lines[key(row)]
        count = None if row.get("suppressed") in (True, "1", 1, "True") or row["count"] in ("", None) else row["count"]
        share = None if row["share"] in ("", None) else row["share"]
        line[int(row["tier"])] = (None if count is None else int(count), share)
        if row.get("total") not in ("", None):
            line["total"] = int(row["total"])
    return lines


def _rows_of(response, fmt: str) -> list[dict]:
    assert response.status_code == 200, response.content[:500]
    if fmt == "json":
        return json.loads(response.content)["rows"]
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    header, *values = list(sheet.values)
    return [dict(zip(header, row)) for row in values]


def _assert_nothing_recoverable(lines: dict, where: str) -> int:
    hidden = 0
    for key, line in lines.items():
        hidden += sum(1 for t in TIERS if line[t][0] is None)
        assert recoverable(line) == [], f"{where}: {key} gives back tier(s) {recoverable(line)} from {line}"
    return hidden


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
@pytest.mark.parametrize("boundaries", ["as_they_were", "today"])
def test_the_comparison_exports_give_no_hidden_count_back(analyst_client, figures, fmt, boundaries):
    response = analyst_client.get(reverse("reports:comparison"), {"subject": "member", "format": fmt,
                                                                   "boundaries": boundaries})
    rows = [r for r in _rows_of(response, fmt) if r["source"] == "detail"]
    lines = _lines_from_rows(rows, lambda r: (r["province"], r["year"], r["population"] or ""))
    assert _assert_nothing_recoverable(lines, f"comparison.{fmt}") == 3
    # Where nothing is hidden, shares stay published.
    shown = next(line for (province, year, _p), line in lines.items() if int(year) == 2023)
    assert shown[2][1] not in (None, "") and shown["total"] == 12


def _wide_lines(response, fmt: str) -> dict:
    """The wide table (reports.pivots) as a reader gets it: per line and year, count and share of each tier."""
    assert response.status_code == 200, response.content[:500]
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        table = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    years, levels, measures, _names, *values = table
    year = level = None
    place = []
    for position in range(5, len(years)):  # merged header cells hold their value in their first cell
        year, level = years[position] or year, levels[position] or level
        place.append((position, int(year), int(re.match(r"Mức (\d)", level).group(1)), measures[position]))
    lines: dict = defaultdict(lambda: {**{t: (None, None) for t in TIERS}, "total": None})
    for row in values:
        if row[3] != "Xếp loại chi tiết":
            continue
        for position, line_year, tier, measure in place:
            if not any(row[p] not in (None, "") for p, y, _t, _m in place if y == line_year):
                continue  # no figure of this line that year
            line = lines[(*row[:3], line_year)]
            count, share = line[tier]
            value = row[position]
            if measure == "Số lượng":
                count = None if value in (None, "", "<5") else int(value)
            else:
                share = None if value in (None, "") else value
            line[tier] = (count, share)
    return lines


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("dashboard", ["comparison", "trends"])
def test_the_wide_tables_give_no_hidden_count_back(analyst_client, figures, fmt, dashboard):
    response = analyst_client.get(reverse(f"reports:{dashboard}"), {"subject": "member", "format": fmt,
                                                                     "layout": "wide"})
    assert _assert_nothing_recoverable(_wide_lines(response, fmt), f"{dashboard} wide {fmt}") == 3


def _pivot_lines(html: str) -> dict:
    """The comparison page's table as a reader sees it: count and (share) per tier, no total column."""
    body = html[html.index('id="comparison-table"'):]
    body = body[:body.index("</table>")]
    lines = {}
    for number, row in enumerate(re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]):
        cells = re.findall(r'<td class="num"[^>]*>(.*?)</td>', row, re.S)
        line = {"total": None}
        for tier, cell in zip(TIERS, cells):
            text = re.sub(r"<[^>]+>", "", cell).strip()
            count_text, _space, share_text = text.partition(" ")
            count = None if count_text in ("&lt;5", "<5", "—", "") else int(count_text.replace(".", ""))
            share = share_text.strip("()%").replace(",", ".") or None
            line[tier] = (count, share)
        lines[number] = line
    return lines


def test_the_comparison_page_table_and_chart_give_no_hidden_count_back(analyst_client, figures):
    response = analyst_client.get(reverse("reports:comparison"), {"subject": "member"})
    assert _assert_nothing_recoverable(_pivot_lines(response.content.decode()), "comparison table") == 3
    chart = response.context["data"]["chart"]
    lines = defaultdict(lambda: {**{t: (None, None) for t in TIERS}, "total": None})
    # Every figure the page carries for the chart, whichever measure it draws: a bar of the grid (group × year).
    for trace in chart["traces"]:
        tier = int(re.match(r"Mức (\d)", trace["name"]).group(1))
        for position, (count, share) in enumerate(zip(trace["count"], trace["share"])):
            lines[position][tier] = (None if count is None else int(count), share)
    assert _assert_nothing_recoverable(lines, "comparison chart") >= 3


@pytest.mark.parametrize("measure", ["count", "share"])
def test_the_trends_exports_give_no_hidden_count_back_even_all_four_tiers_together(analyst_client, figures,
                                                                                   measure):
    rows = []
    for tier in TIERS:
        response = analyst_client.get(reverse("reports:trends"), {"subject": "member", "tier": tier,
                                                                   "format": "json", "measure": measure})
        rows += _rows_of(response, "json")
    lines = _lines_from_rows(rows, lambda r: (r["province"], r["year"]))
    assert _assert_nothing_recoverable(lines, "trends") == 3
    page = analyst_client.get(reverse("reports:trends"), {"subject": "member", "tier": 1, "measure": measure})
    points = [y for trace in page.context["data"]["chart"]["figure"]["data"] for y in trace["y"]]
    assert None in points  # a hidden figure is a gap in the line, not a value


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_the_province_panel_export_gives_no_hidden_count_back(analyst_client, figures, fmt):
    nghe_an, cao_bang, _gpo, _other = figures
    for province in (nghe_an, cao_bang):
        response = analyst_client.get(reverse("reports:province", args=[province.pk]),
                                      {"format": fmt, "table": "ratings"})
        rows = [r for r in _rows_of(response, fmt) if r["subject"] == "member"]
        _assert_nothing_recoverable(_lines_from_rows(rows, lambda r: (r["year"], r["population"] or "")),
                                    f"panel {province}.{fmt}")


def test_the_province_panel_page_gives_no_hidden_count_back(analyst_client, figures):
    nghe_an = figures[0]
    html = analyst_client.get(reverse("reports:province", args=[nghe_an.pk])).content.decode()
    table = html[html.index('data-subject="Đảng viên"'):]
    table = table[:table.index("</table>")]
    lines = {}
    for number, row in enumerate(re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]):
        cells = re.findall(r'<td class="num"[^>]*>(.*?)</td>', row, re.S)
        line = {"total": None}
        for tier, cell in zip(TIERS, cells):
            text = re.sub(r"<[^>]+>", "", cell).strip()
            count_text, _space, share_text = text.partition(" ")
            count = None if count_text in ("&lt;5", "<5", "—", "") else int(count_text.replace(".", ""))
            line[tier] = (count, share_text.strip("()%").replace(",", ".") or None)
        lines[number] = line
    assert _assert_nothing_recoverable(lines, "panel page") == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_communes_drill_down_gives_no_hidden_count_back(analyst_client, figures, fmt):
    nghe_an, cao_bang, _gpo, _other = figures
    for province in (nghe_an, cao_bang):
        url = reverse("reports:communes", args=[province.pk])
        response = analyst_client.get(url, {"subject": "member", "year": 2024, "format": fmt})
        lines = _lines_from_rows(_rows_of(response, fmt), lambda r: r["organization"])
        assert _assert_nothing_recoverable(lines, f"communes {province}.{fmt}") >= 1
        page = analyst_client.get(url, {"subject": "member", "year": 2024}).content.decode()
        assert "&lt;5" in page
        for row in re.findall(r"<tr><td><a[^>]*>.*?</tr>", page, re.S):
            cells = re.findall(r'<td class="num"[^>]*>(.*?)</td>', row, re.S)
            if any("&lt;5" in cell for cell in cells):
                assert "%" not in "".join(cells) and not re.sub(r"<[^>]+>", "", cells[-1]).strip().isdigit()
