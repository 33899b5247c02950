"""Exports: text typed by users never becomes a spreadsheet formula (CSV/XLSX injection)."""

import csv
import io

from openpyxl import load_workbook

from reports.exports import table_response

ROWS = [{"province": "=HYPERLINK(\"http://example.invalid\",\"x\")", "population": "@SUM(1+1)", "count": -3,
         "note": "Cao Bằng"}]
COLUMNS = ["province", "population", "count", "note"]


def test_csv_cells_that_look_like_formulas_are_quoted_as_text():
    response = table_response(ROWS, COLUMNS, fmt="csv", filename="t")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["'=HYPERLINK(\"http://example.invalid\",\"x\")", "'@SUM(1+1)", "-3", "Cao Bằng"]


def test_xlsx_cells_that_look_like_formulas_stay_text_and_numbers_stay_numbers():
    response = table_response(ROWS, COLUMNS, fmt="xlsx", filename="t")
    sheet = load_workbook(io.BytesIO(response.content)).active
    province, population, count, note = sheet[2]
    assert province.data_type == "s" and province.value == "=HYPERLINK(\"http://example.invalid\",\"x\")"
    assert population.data_type == "s"
    assert count.value == -3 and count.data_type == "n"
    assert note.value == "Cao Bằng"
