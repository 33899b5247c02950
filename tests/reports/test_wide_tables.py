"""Wide tables as the articles lay them out (provinces × years × levels), built with pandas, from the comparison
and trends pages: .xlsx with one header row per column level, and .csv."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from organizations.models import PartyOrganization
from reports.pivots import wide_frame

pytestmark = pytest.mark.django_db
BORDER = {"subject": "cell", "years": [2010, 2018]}


def _query(articles, **extra):
    ids = [PartyOrganization.objects.get(code=code).province_id for code in ("HIST-DB-04", "HIST-DB-10")]
    return {**BORDER, "provinces": ids, **extra}


def _xlsx(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].endswith('-bang-rong.xlsx"')
    return load_workbook(io.BytesIO(response.content)).active


def test_the_comparisons_wide_xlsx_has_a_header_row_per_level_and_the_articles_figures(analyst_client, articles):
    sheet = _xlsx(analyst_client.get(reverse("reports:comparison"), _query(articles, format="xlsx", layout="wide")))
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    years, levels, measures, names = rows[:4]
    assert names[:5] == ["Tỉnh", "Mã tỉnh", "Phạm vi", "Nguồn", "Năm tạm tính (chưa phê duyệt)"]
    assert years[5] == 2010 and "Mức 1: Trong sạch, vững mạnh" in levels and measures[5:7] == ["Số lượng", "Tỷ lệ (%)"]
    # Merged header cells hold their value in the first cell: find each column's year and level.
    year_of, level_of, last_year, last_level = {}, {}, None, None
    for position in range(5, len(years)):
        last_year = years[position] or last_year
        last_level = levels[position] or last_level
        year_of[position], level_of[position] = last_year, last_level
    lines = {row[0]: row for row in rows[4:]}
    cao_bang, lao_cai = lines["Cao Bằng"], lines["Lào Cai"]

    def count(line, year, tier):
        return next(line[p] for p in year_of if year_of[p] == year and level_of[p].startswith(f"Mức {tier}:")
                    and measures[p] == "Số lượng")

    assert count(cao_bang, 2010, 1) == 1336 and count(cao_bang, 2018, 1) == 1077
    assert count(lao_cai, 2010, 1) == 1057 and count(lao_cai, 2018, 1) == 371
    assert any(level.startswith("Mức 1: Hoàn thành xuất sắc nhiệm vụ") for level in levels if level)
    assert sheet.freeze_panes == "F5"


def test_the_comparisons_wide_csv_reads_as_the_same_table(analyst_client, articles):
    response = analyst_client.get(reverse("reports:comparison"), _query(articles, format="csv", layout="wide"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    years, levels, measures, names, *lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert names[:2] == ["Tỉnh", "Mã tỉnh"] and measures[5] == "Số lượng"
    cao_bang = next(line for line in lines if line[0] == "Cao Bằng")
    position = next(p for p in range(5, len(years))
                    if years[p] == "2010" and levels[p].startswith("Mức 1") and measures[p] == "Số lượng")
    assert cao_bang[position] == "1336"


def test_the_trends_page_offers_the_wide_table_of_all_four_levels(analyst_client, articles):
    page = analyst_client.get(reverse("reports:trends"), _query(articles, tier=4)).content.decode()
    assert 'id="wide-xlsx"' in page and "layout=wide" in page and 'id="wide-csv"' in page
    sheet = _xlsx(analyst_client.get(reverse("reports:trends"), _query(articles, tier=4, format="xlsx",
                                                                        layout="wide")))
    levels = [cell.value for cell in sheet[2] if cell.value]
    assert any(level.startswith("Mức 1") for level in levels)


def test_the_comparison_page_links_both_wide_downloads(analyst_client, articles):
    page = analyst_client.get(reverse("reports:comparison"), _query(articles)).content.decode()
    assert 'id="wide-xlsx"' in page and 'id="wide-csv"' in page


@pytest.mark.parametrize("query", [{"layout": "tall", "format": "csv"}, {"layout": "wide", "format": "json"},
                                   {"layout": "wide"}])
def test_a_layout_that_does_not_exist_is_a_bad_request(analyst_client, articles, query):
    response = analyst_client.get(reverse("reports:comparison"), _query(articles, **query))
    assert response.status_code == 400 and "layout" in response.content.decode()


def _row(province, year, tier, count, **extra):
    return {"province": province, "province_id": 1, "province_code": "40", "population": "", "source": "detail",
            "year": year, "tier": tier, "level": "Hoàn thành tốt nhiệm vụ", "count": count, "share": None,
            "suppressed": False, "provisional": False, **extra}


def test_a_hidden_count_stays_hidden_and_unapproved_years_are_named():
    frame = wide_frame([_row("Nghệ An", 2024, 1, None, suppressed=True), _row("Nghệ An", 2024, 2, 10),
                        _row("Nghệ An", 2025, 2, 12, provisional=True)])
    (line,) = frame.index
    assert line[-1] == "2025"
    values = dict(zip(frame.columns, frame.iloc[0]))
    assert values[(2024, "Mức 1: Hoàn thành tốt nhiệm vụ", "Số lượng")] == "<5"
    assert values[(2024, "Mức 2: Hoàn thành tốt nhiệm vụ", "Số lượng")] == 10


def test_names_that_look_like_formulas_stay_text():
    from reports.pivots import wide_response

    rows = [_row("=HYPERLINK(\"http://example.invalid\")", 2024, 2, 7)]
    sheet = load_workbook(io.BytesIO(wide_response(rows, fmt="xlsx", filename="t").content)).active
    assert sheet["A5"].data_type == "s" and sheet["A5"].value.startswith("=HYPERLINK")
    text = wide_response(rows, fmt="csv", filename="t").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
