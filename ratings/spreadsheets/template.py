"""The import template people fill in Excel: a named sheet, an example row, drop-downs and a note on each column.

The drop-downs read their choices from a second sheet ("Danh mục"): a list typed into the validation itself
cannot hold labels with commas ("Đủ tư cách, hoàn thành tốt nhiệm vụ") and is limited to 255 characters. The
importer reads the first sheet only, so the lists never reach it.
"""

from __future__ import annotations

import datetime
import io

import tablib
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ratings.models import Rating
from ratings.schemes import MEMBER, ORGANIZATION, SchemeBook
from ratings.spreadsheets import resources

ROWS = 5000  # rows below the header that carry the drop-downs and the card column's text format
_EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WIDTHS = {"card_number": 16, "full_name": 28, "cell": 24, "org_code": 16, "org_name": 32, "year": 8, "level": 40,
           "tier": 10, "score": 8, "exceeded_share": 14, "is_exemplary": 10, "not_reviewed": 32, "decided_on": 14,
           "deciding_body": 24, "override_reason": 32, "note": 32}


def sheet_title(subject: str) -> str:
    return _("Xếp loại đảng viên") if subject == MEMBER else _("Xếp loại tổ chức đảng")


def lists_title() -> str:
    return _("Danh mục")


def not_reviewed_labels(subject: str) -> list[str]:
    """The reasons a subject may be left without a level (a new organization is not a member's reason)."""
    new_org = Rating.NotReviewed.NEW_ORGANIZATION
    return [str(label) for code, label in Rating.NotReviewed.choices if (code == new_org) == (subject != MEMBER)]


def template_file(subject: str, year: int, file_format: str) -> bytes:
    """The template as .xlsx (drop-downs, notes) or .csv (the columns and the example row)."""
    if file_format == "xlsx":
        return template_workbook(subject, year)
    example = _example(subject, year, SchemeBook())
    dataset = tablib.Dataset(headers=[title for _name, title, _note in resources.columns(subject)])
    dataset.append([_csv_value(example.get(name)) for name, _title, _note in resources.columns(subject)])
    return resources.render(dataset, "csv")


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _example(subject: str, year: int, book: SchemeBook) -> dict[str, object]:
    applies = MEMBER if subject == MEMBER else ORGANIZATION
    level = book.level_by_tier(applies, year, 2)
    scheme = book.scheme(applies, year)
    values: dict[str, object] = {
        "year": year,
        "level": level.label_vi if level else "",
        "tier": 2 if level else None,
        "score": 80 if scheme and scheme.uses_score else None,
        "decided_on": datetime.date(year, 12, 15),
        "note": _("Dòng ví dụ: ghi đè bằng số liệu thật hoặc xóa dòng này."),
    }
    if subject == MEMBER:
        values.update({"card_number": "VD-040012345", "full_name": _("Nguyễn Văn A"), "cell": _("Chi bộ bản Ví Dụ"),
                       "deciding_body": _("Chi bộ bản Ví Dụ")})
    else:
        values.update({"org_code": "VD-CB000123", "org_name": _("Chi bộ bản Ví Dụ"),
                       "deciding_body": _("Đảng ủy xã Ví Dụ")})
    return values


def _validation(column: str, source: str, *, title: str, prompt: str, strict: bool) -> DataValidation:
    # Level labels may also be typed without diacritics (the importer matches them): only a warning there.
    validation = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False,
                                showErrorMessage=True, showInputMessage=True,
                                errorStyle="stop" if strict else "warning",
                                errorTitle=title[:32], error=_("Chọn một giá trị trong danh sách.")[:255],
                                promptTitle=title[:32], prompt=prompt[:255])
    validation.add(f"{column}2:{column}{ROWS + 1}")
    return validation


def template_workbook(subject: str, year: int) -> bytes:
    """The .xlsx template of a subject ("member" or "organization") with the levels of `year`'s scheme."""
    book = SchemeBook()
    applies = MEMBER if subject == MEMBER else ORGANIZATION
    levels = book.levels(applies, year)
    columns = resources.columns(subject)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(subject)
    lists = workbook.create_sheet(lists_title())

    # The lists sheet: what the drop-downs offer, with a heading each.
    choices = {
        "level": [level.label_vi for level in levels],
        "tier": [1, 2, 3, 4],
        "not_reviewed": not_reviewed_labels(subject),
        "is_exemplary": [resources.YES],
    }
    headings = {"level": _("Mức xếp loại năm %(year)s") % {"year": year}, "tier": _("Bậc (1-4)"),
                "not_reviewed": _("Lý do không đánh giá"), "is_exemplary": _("Tiêu biểu")}
    ranges = {}
    for position, (key, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(position)
        lists.cell(row=1, column=position, value=headings[key]).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=position, value=value)
        lists.column_dimensions[letter].width = 42 if key in ("level", "not_reviewed") else 14
        if values:
            ranges[key] = f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(values) + 1}"

    # The data sheet: header with a note on each column, an example row, drop-downs, the card column as text.
    example = _example(subject, year, book)
    letters = {}
    for position, (name, title, note) in enumerate(columns, start=1):
        letter = get_column_letter(position)
        letters[name] = letter
        header = sheet.cell(row=1, column=position, value=title)
        header.font = Font(bold=True)
        header.fill = _HEADER_FILL
        comment = Comment(note, "partyquality")
        comment.width, comment.height = 320, 120
        header.comment = comment
        cell = sheet.cell(row=2, column=position, value=example.get(name))
        cell.fill = _EXAMPLE_FILL
        if name == "decided_on":
            cell.number_format = "DD/MM/YYYY"
        sheet.column_dimensions[letter].width = _WIDTHS.get(name, 14)
    if "card_number" in letters:
        # A card number typed into a General cell loses its leading zeros; typed into a Text cell it keeps them.
        letter = letters["card_number"]
        sheet.column_dimensions[letter].number_format = "@"
        sheet.cell(row=2, column=1).number_format = "@"
    sheet.freeze_panes = "A2"
    prompts = {
        "level": (str(resources.LEVEL), False),
        "tier": (str(resources.TIER), True),
        "not_reviewed": (str(resources.NOT_REVIEWED), False),
        "is_exemplary": (str(resources.EXEMPLARY), False),
    }
    for key, (title, strict) in prompts.items():
        if key in ranges and key in letters:
            sheet.add_data_validation(_validation(letters[key], ranges[key], title=title,
                                                  prompt=str(resources.COLUMN_NOTES[key]), strict=strict))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
