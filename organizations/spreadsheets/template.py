"""Import templates people fill in Excel: named sheets, an example row, drop-downs and a note on each column.

The drop-downs read their choices from a sheet of lists ("Danh mục"): a list typed into the validation itself
cannot hold labels with commas ("Đủ tư cách, hoàn thành tốt nhiệm vụ") and is limited to 255 characters. The
importers read the data sheets by name or position, so the lists never reach them.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import tablib
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from organizations.spreadsheets.cells import date_text, render

ROWS = 5000  # rows below the header that carry the drop-downs and the text format of code columns
_EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


@dataclass
class Column:
    """One column of a template: its title, the note on its header, and what a cell may take."""

    key: str
    title: str
    note: str
    width: int = 14
    choices: Sequence = ()  # a drop-down of these, listed on the lists sheet
    choices_heading: str = ""  # the list's heading on the lists sheet (the title when empty)
    strict: bool = True  # False: a value outside the list is only warned about (labels typed without diacritics)
    as_text: bool = False  # codes and numbers kept as typed (leading zeros)


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    example: dict[str, object] = field(default_factory=dict)


def lists_title() -> str:
    return _("Danh mục")


def template_csv(sheet: Sheet) -> bytes:
    """The first sheet as .csv: its columns and the example row."""
    dataset = tablib.Dataset(headers=[column.title for column in sheet.columns])
    dataset.append([_csv_value(sheet.example.get(column.key)) for column in sheet.columns])
    return render(dataset, "csv")


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return date_text(value)
    return str(value)


def template_workbook(sheets: Sequence[Sheet]) -> bytes:
    """An .xlsx with the data sheets in order, then the sheet of lists their drop-downs read from."""
    workbook = Workbook()
    data_sheets = [workbook.active] + [workbook.create_sheet() for _sheet in sheets[1:]]
    lists = workbook.create_sheet(lists_title())
    position = 0
    for target, sheet in zip(data_sheets, sheets):
        target.title = sheet.title
        ranges = {}
        for column in sheet.columns:
            if column.choices:
                position += 1
                ranges[column.key] = _write_list(lists, position, column)
        _write_data_sheet(target, sheet, ranges)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_list(lists, position: int, column: Column) -> str:
    letter = get_column_letter(position)
    lists.cell(row=1, column=position, value=column.choices_heading or column.title).font = Font(bold=True)
    for row, value in enumerate(column.choices, start=2):
        lists.cell(row=row, column=position, value=value)
    lists.column_dimensions[letter].width = max(14, min(48, max(len(str(v)) for v in column.choices) + 4))
    return f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(column.choices) + 1}"


def _write_data_sheet(target, sheet: Sheet, ranges: dict[str, str]) -> None:
    for position, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(position)
        header = target.cell(row=1, column=position, value=column.title)
        header.font = Font(bold=True)
        header.fill = _HEADER_FILL
        comment = Comment(column.note, "partyquality")
        comment.width, comment.height = 320, 120
        header.comment = comment
        value = sheet.example.get(column.key)
        cell = target.cell(row=2, column=position, value=value)
        cell.fill = _EXAMPLE_FILL
        if isinstance(value, datetime.date):
            cell.number_format = "DD/MM/YYYY"
        if column.as_text:
            # A code typed into a General cell loses its leading zeros; typed into a Text cell it keeps them.
            target.column_dimensions[letter].number_format = "@"
            cell.number_format = "@"
        target.column_dimensions[letter].width = column.width
        if column.key in ranges:
            target.add_data_validation(_validation(letter, ranges[column.key], column))
    target.freeze_panes = "A2"


def _validation(letter: str, source: str, column: Column) -> DataValidation:
    validation = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False,
                                showErrorMessage=True, showInputMessage=True,
                                errorStyle="stop" if column.strict else "warning",
                                errorTitle=column.title[:32], error=_("Chọn một giá trị trong danh sách.")[:255],
                                promptTitle=column.title[:32], prompt=column.note[:255])
    validation.add(f"{letter}2:{letter}{ROWS + 1}")
    return validation
