"""Every table as CSV, XLSX or JSON: the same rows the page shows, one header row of stable column names."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse, JsonResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMATS = ("csv", "xlsx", "json")
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


# Text that a spreadsheet would run as a formula (OWASP "CSV injection"): names and notes are typed by users.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return str(_cell(value))


def _xlsx_cell(sheet, value):
    value = _cell(value)
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    # openpyxl stores any text starting with "=" as a formula: keep it text (shown as typed, never evaluated).
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


def table_response(rows: list[dict], columns: list[str], *, fmt: str, filename: str) -> HttpResponse:
    """A download of `rows` restricted to `columns` (keys of the row dicts), in the requested format."""
    if fmt == "json":
        return JsonResponse({"columns": columns, "rows": [{c: _cell(row.get(c)) for c in columns} for row in rows]},
                            json_dumps_params={"ensure_ascii": False})
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(filename[:31])
        sheet.append(columns)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, row.get(c)) for c in columns])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=_XLSX)
    else:
        buffer = io.StringIO()
        # A BOM so that Excel opens the UTF-8 (Vietnamese) text correctly.
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row.get(c)) for c in columns])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
