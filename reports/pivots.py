"""Wide tables as the articles lay them out: one line per province (and population, source), the years across, and
under each year the four levels with their counts and shares. Built with pandas from the rows the dashboards show,
after the database has aggregated and after suppression: a hidden count stays "<5", a protected share stays empty.
"""

from __future__ import annotations

import io

import pandas as pd
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font

from reports.suppression import MARK

LAYOUTS = ("wide",)
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value):
    """Names typed by users never run as formulas in a spreadsheet: in a .csv they are quoted with an apostrophe,
    as reports.exports does (in the .xlsx they are written as text cells)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _level(row: dict) -> str:
    label = _("Mức %(tier)s") % {"tier": row["tier"]}
    return f"{label}: {row['level']}" if row.get("level") else label


def wide_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows of one subject (reports.selectors.comparison_rows, suppression applied) → a frame whose index is the
    province, its code, the population, the source and the years not yet approved on that line, and whose columns
    are (year, level, measure)."""
    province, code, population, source = _("Tỉnh"), _("Mã tỉnh"), _("Phạm vi"), _("Nguồn")
    provisional = _("Năm tạm tính (chưa phê duyệt)")
    count, share = _("Số lượng"), _("Tỷ lệ (%)")
    year, level = _("Năm"), _("Mức")
    if not rows:
        return pd.DataFrame()
    sources = {"detail": _("Xếp loại chi tiết"), "return": _("Báo cáo tổng hợp")}
    line = ("province_id", "population", "source")
    unapproved: dict[tuple, set[int]] = {}
    for row in rows:
        unapproved.setdefault(tuple(row[k] for k in line), set())
        if row.get("provisional"):
            unapproved[tuple(row[k] for k in line)].add(row["year"])
    records = [{
        province: row["province"],
        code: row["province_code"],
        population: row["population"] or "—",
        source: sources.get(row["source"], row["source"]),
        provisional: ", ".join(str(y) for y in sorted(unapproved[tuple(row[k] for k in line)])) or "—",
        year: row["year"],
        "tier": row["tier"],
        level: _level(row),
        # A count hidden by reports.suppression stays hidden: its mark, never a number.
        count: MARK if row.get("suppressed") else row["count"],
        share: None if row["share"] is None else float(row["share"]),
    } for row in rows]
    frame = pd.DataFrame.from_records(records)
    # Each column's place: years in order, then tiers 1–4 (the label is the year's own, so order by tier).
    order = frame[[year, "tier", level]].drop_duplicates().sort_values([year, "tier"])
    index = [province, code, population, source, provisional]
    # One figure per line, year and tier (comparison_rows combines the rest): unstack, never aggregate.
    wide = frame.set_index([*index, year, level])[[count, share]].unstack([year, level])
    wide = wide.reorder_levels([1, 2, 0], axis=1)
    columns = [(y, lv, measure) for y, lv in zip(order[year], order[level]) for measure in (count, share)
               if (y, lv, measure) in wide.columns]
    wide = wide.reindex(columns=pd.MultiIndex.from_tuples(columns, names=[year, level, ""]))
    # A line with no figure at all under a year (a return giving counts only has no shares) keeps empty cells.
    return wide.astype(object).where(wide.notna(), None)


def wide_response(rows: list[dict], *, fmt: str, filename: str) -> HttpResponse:
    frame = wide_frame(rows)
    if fmt == "xlsx":
        content, content_type = _xlsx(frame), _XLSX
    else:
        if not frame.empty:
            frame.index = frame.index.map(lambda values: tuple(_csv_text(v) for v in values))
        # A BOM so that Excel opens the UTF-8 (Vietnamese) text correctly; one header line per column level.
        content = ("\ufeff" + frame.to_csv()).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _xlsx(frame: pd.DataFrame) -> bytes:
    """The frame with one header row per column level (year, level, measure), the province columns frozen."""
    buffer = io.BytesIO()
    sheet_name = _("Bảng rộng")
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet_name, merge_cells=True)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book[sheet_name]
    levels = frame.columns.nlevels if not frame.empty else 1
    index_width = frame.index.nlevels if not frame.empty else 1
    sheet.freeze_panes = sheet.cell(row=levels + 2, column=index_width + 1)
    for row in sheet.iter_rows(min_row=1, max_row=levels + 1):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for position in range(1, index_width + 1):
        sheet.column_dimensions[sheet.cell(row=1, column=position).column_letter].width = 22
    for row in sheet.iter_rows(min_row=levels + 2):
        for cell in row[:index_width]:
            if cell.data_type == "f":  # a name starting with "=" is text, never a formula
                cell.data_type = "s"
        for cell in row[index_width:]:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
