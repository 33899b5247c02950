"""The ratings import template: the shared template builder with the chosen year's levels in its drop-downs."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from organizations.spreadsheets.template import Column, Sheet, template_csv, template_workbook
from ratings.models import Rating
from ratings.schemes import MEMBER, ORGANIZATION, SchemeBook
from ratings.spreadsheets import resources

_WIDTHS = {"card_number": 16, "full_name": 28, "cell": 24, "org_code": 16, "org_name": 32, "year": 8, "level": 40,
           "tier": 10, "score": 8, "exceeded_share": 14, "is_exemplary": 10, "not_reviewed": 32, "decided_on": 14,
           "deciding_body": 24, "override_reason": 32, "note": 32}


def sheet_title(subject: str) -> str:
    return _("Xếp loại đảng viên") if subject == MEMBER else _("Xếp loại tổ chức đảng")


def not_reviewed_labels(subject: str) -> list[str]:
    """The reasons a subject may be left without a level (a new organization is not a member's reason)."""
    new_org = Rating.NotReviewed.NEW_ORGANIZATION
    return [str(label) for code, label in Rating.NotReviewed.choices if (code == new_org) == (subject != MEMBER)]


def template_file(subject: str, year: int, file_format: str) -> bytes:
    """The template as .xlsx (drop-downs, notes) or .csv (the columns and the example row)."""
    sheet = _sheet(subject, year)
    return template_workbook([sheet]) if file_format == "xlsx" else template_csv(sheet)


def _sheet(subject: str, year: int) -> Sheet:
    book = SchemeBook()
    applies = MEMBER if subject == MEMBER else ORGANIZATION
    # Level labels may also be typed without diacritics (the importer matches them): only a warning there.
    lists = {
        "level": ([level.label_vi for level in book.levels(applies, year)],
                  _("Mức xếp loại năm %(year)s") % {"year": year}, False),
        "tier": ([1, 2, 3, 4], _("Bậc (1-4)"), True),
        "not_reviewed": (not_reviewed_labels(subject), _("Lý do không đánh giá"), False),
        "is_exemplary": ([resources.YES], _("Tiêu biểu"), False),
    }
    columns = []
    for name, title, note in resources.columns(subject):
        choices, heading, strict = lists.get(name, ((), "", True))
        columns.append(Column(name, title, note, width=_WIDTHS.get(name, 14), choices=choices,
                              choices_heading=heading, strict=strict, as_text=name == "card_number"))
    return Sheet(sheet_title(subject), columns, _example(subject, year, book))


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
