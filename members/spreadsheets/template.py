"""The members import template: a sheet of members and a sheet of past events, with drop-downs and notes."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from members.models import Ethnicity, Member, MemberEvent
from members.spreadsheets import columns as cols
from organizations.spreadsheets.template import Column, Sheet, template_csv, template_workbook

_WIDTHS = {"card": 16, "citizen_id": 16, "full_name": 28, "birth": 12, "ethnicity": 14, "cell": 16, "status": 20,
           "note": 32, "kind": 30, "from_cell": 16, "to_cell": 16, "discipline_level": 16, "deciding_body": 24}
_TEXT = {"card", "citizen_id", "cell", "from_cell", "to_cell"}


def _columns(labels: dict, notes: dict, choices: dict) -> list[Column]:
    return [Column(key, str(labels[key]), str(notes[key]), width=_WIDTHS.get(key, 14), choices=choices.get(key, ()),
                   strict=key != "ethnicity", as_text=key in _TEXT) for key in labels]


def sheets() -> list[Sheet]:
    member_choices = {
        "gender": [str(label) for _v, label in Member.Gender.choices],
        "ethnicity": list(Ethnicity.objects.order_by("code").values_list("name", flat=True)),
        "status": [str(label) for _v, label in Member.Status.choices],
    }
    event_choices = {
        "kind": [str(MemberEvent.Kind(kind).label) for kind in cols.IMPORTED_EVENT_KINDS],
        "discipline_level": [str(label) for _v, label in MemberEvent.DisciplineLevel.choices],
    }
    example = {"card": "VD-040012345", "citizen_id": "040095001234", "full_name": _("Nguyễn Văn A"),
               "birth": datetime.date(1990, 5, 1), "gender": str(Member.Gender.MALE.label), "ethnicity": "Kinh",
               "cell": "VD-CB000123", "admitted_on": datetime.date(2015, 3, 2),
               "official_on": datetime.date(2016, 3, 2),
               "note": _("Dòng ví dụ: ghi đè bằng số liệu thật hoặc xóa dòng này.")}
    event = {"card": "VD-040012345", "kind": str(MemberEvent.Kind.TRANSFER.label), "date": datetime.date(2020, 6, 1),
             "from_cell": "VD-CB000100", "to_cell": "VD-CB000123", "deciding_body": _("Đảng ủy xã Ví Dụ")}
    return [Sheet(str(cols.MEMBER_SHEET), _columns(cols.MEMBER_LABELS, cols.MEMBER_NOTES, member_choices), example),
            Sheet(str(cols.EVENT_SHEET), _columns(cols.EVENT_LABELS, cols.EVENT_NOTES, event_choices), event)]


def template_file(file_format: str) -> bytes:
    """The .xlsx (both sheets) or the .csv (the members sheet; events need the .xlsx)."""
    return template_workbook(sheets()) if file_format == "xlsx" else template_csv(sheets()[0])
