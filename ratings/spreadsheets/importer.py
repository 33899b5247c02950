"""Importing ratings from a table: every row checked, every error named by row and column, all or nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from members.models import Member
from organizations import access
from organizations.inputs import NOTE_MAX_LENGTH, parse_year, shown
from organizations.models import PartyOrganization
from organizations.spreadsheets.cells import CLEAR, ImportFailed, RowError, header_index
from organizations.spreadsheets.cells import date as _date
from organizations.spreadsheets.cells import text as _text
from organizations.spreadsheets.reader import Table
from organizations.text import fold
from ratings import engine
from ratings.models import Rating
from ratings.schemes import SchemeBook, loose
from ratings.services import parse_score, parse_share
from ratings.spreadsheets import resources as columns

KEYS = {
    "card": columns.CARD, "name": columns.NAME, "cell": columns.CELL, "org_code": columns.ORG_CODE,
    "org_name": columns.ORG_NAME, "year": columns.YEAR, "level": columns.LEVEL, "tier": columns.TIER,
    "score": columns.SCORE, "exceeded_share": columns.EXCEEDED, "is_exemplary": columns.EXEMPLARY,
    "not_reviewed": columns.NOT_REVIEWED,
    "decided_on": columns.DECIDED_ON, "deciding_body": columns.DECIDING_BODY,
    "override_reason": columns.OVERRIDE, "note": columns.NOTE,
}
INFORMATIVE = {"name", "cell", "org_name"}  # shown to people, not read back
TRUE = {"co", "x", "1", "true", "yes", "dung"}
FALSE = {"khong", "0", "false", "no"}
# A cell holding only one of these empties its field; a blank cell keeps what is stored (folded: "(xoá)", "(xóa)").
CLEAR_MARKERS = {"-", "(xoa)"}
CLEAR_MARKER = CLEAR  # as every import's notes and the help page name it


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)
    changes: list[engine.RowChange] = field(default_factory=list)  # every row, field by field (old → new)
    row_warnings: dict[str, list[str]] = field(default_factory=dict)  # row → its warnings

    @property
    def versions(self) -> dict[str, int]:
        """The version of each row's rating as checked (0: none), for the confirmation's conflict check."""
        return {change.ref: change.version for change in self.changes}


class Columns:
    """Where each known column is in the table, and its title as the file spells it."""

    def __init__(self, headers: list[str]):
        errors: list[RowError] = []
        try:
            self.index = header_index(headers, KEYS, required=("year",))
        except ImportFailed as exc:
            self.index, errors = {}, list(exc.errors)
        if not errors and "card" not in self.index and "org_code" not in self.index:
            errors.append(RowError(1, "", _("Thiếu cột “%(a)s” hoặc “%(b)s”.") % {"a": columns.CARD,
                                                                               "b": columns.ORG_CODE}))
        if errors:
            raise ImportFailed(errors)
        self.title = {key: headers[pos] for key, pos in self.index.items()}

    def value(self, values: list, key: str):
        pos = self.index.get(key)
        return values[pos] if pos is not None and pos < len(values) else None

    def named(self, key: str) -> str:
        return self.title.get(key, str(KEYS.get(key, key)))


def _not_reviewed(value: str) -> str:
    if not value:
        return ""
    wanted = loose(value)
    for code, label in Rating.NotReviewed.choices:
        with translation.override("vi"):
            vi = str(label)
        # The label, or its words before the parenthesis ("mien danh gia"), typed with or without diacritics.
        if wanted in (code, loose(vi), loose(vi.split("(")[0]), loose(str(label)), loose(str(label).split("(")[0])):
            return code
    choices = ", ".join(str(label) for _c, label in Rating.NotReviewed.choices)
    raise ValueError(_("“%(value)s” không phải lý do không đánh giá (%(choices)s).") % {"value": value,
                                                                                     "choices": choices})


@transaction.atomic
def import_table(table: Table, *, user=None, dry_run: bool = False, progress: Callable[[str], None] | None = None,
                 versions: dict[str, int] | None = None) -> ImportReport:
    """Check every row, then write them all in one transaction; raise ImportFailed and write nothing on errors.

    Every error of the file is reported in one round: the rows that read well are judged by the rules even when
    others did not. `user` None is the command line (whole database); a user is limited to their write scope.
    `versions` ({row: version}, as the preview read them) makes a rating changed since then a conflict."""
    note = progress or (lambda _m: None)
    cols = Columns(table.headers)
    inputs, errors = _read_rows(table, cols, user, note)
    for item in inputs if versions is not None else ():
        item.version = versions.get(item.ref, 0)
    try:
        outcome = engine.apply(inputs, user=user, on_progress=note, dry_run=dry_run or bool(errors))
    except engine.RatingInputError as exc:
        errors += [RowError(int(i.ref), _issue_column(i.field, cols.title), str(i)) for i in exc.issues]
    if errors:
        raise ImportFailed(errors)
    row_warnings: dict[str, list[str]] = {}
    for warning in outcome.warnings:
        row_warnings.setdefault(warning.ref, []).append(str(warning))
    return ImportReport(rows=len(inputs), created=outcome.created, updated=outcome.updated,
                        unchanged=outcome.unchanged, deleted=outcome.deleted, dry_run=dry_run,
                        warnings=[f"{_('Dòng')} {w.ref}: {w}" for w in outcome.warnings], changes=outcome.changes,
                        row_warnings=row_warnings)


def _read_rows(table: Table, cols: Columns, user, note) -> tuple[list[engine.RatingInput], list[RowError]]:
    """Each row read into an input for the engine; the rows with an error are reported and left out."""
    cards = {_text(cols.value(v, "card")) for _n, v in table.rows} - {""}
    codes = {_text(cols.value(v, "org_code")) for _n, v in table.rows} - {""}
    subjects = {
        "card": _lookup(Member.objects.filter(access.in_scope_filter(user, "cell__")) if user else Member.objects,
                        "card_number", cards),
        "org_code": _lookup(access.writable_organizations_for(user) if user else PartyOrganization.objects, "code",
                            codes),
    }
    book = SchemeBook()
    inputs, errors = [], []
    for count, (number, values) in enumerate(table.rows, start=1):
        if count % 10000 == 0:
            note(_("Đã đọc %(n)s/%(total)s dòng…") % {"n": count, "total": len(table.rows)})
        row_errors: list[RowError] = []

        def fail(key: str, message: str, number=number, row_errors=row_errors) -> None:
            row_errors.append(RowError(number, cols.named(key), message))

        item = _read_row(number, values, cols, subjects, fail)
        if item.year:  # the year's scheme reads the values, whatever else is wrong with the row
            applies = "member" if _text(cols.value(values, "card")) else "organization"
            _fill(item, values, cols.value, fail, book, applies)
        errors.extend(row_errors)
        if not row_errors:
            inputs.append(item)
    return inputs, errors


def _read_row(number: int, values: list, cols: Columns, subjects: dict, fail) -> engine.RatingInput:
    """The row's subject (a member's card or an organization's code) and year."""
    item = engine.RatingInput(ref=str(number), year=0)
    card, code = _text(cols.value(values, "card")), _text(cols.value(values, "org_code"))
    if card and code:
        fail("card", _("Chỉ ghi số thẻ đảng viên hoặc mã tổ chức, không ghi cả hai."))
    elif card:
        item.member_id = subjects["card"].get(card)
        if item.member_id is None:
            message = _("Không có đảng viên số thẻ “%(v)s” trong phạm vi của bạn.") % {"v": card}
            if isinstance(cols.value(values, "card"), (int, float)):
                # Excel turns "040000001" typed in a General cell into the number 40000001.
                message += " " + _("Ô đang là số: Excel có thể đã bỏ các chữ số 0 ở đầu; định dạng cột là "
                                   "Văn bản (Text) rồi nhập lại số thẻ.")
            fail("card", message)
    elif code:
        item.organization_id = subjects["org_code"].get(code)
        if item.organization_id is None:
            fail("org_code", _("Không có tổ chức đảng mã “%(v)s” trong phạm vi của bạn.") % {"v": code})
    else:
        fail("card" if "card" in cols.index else "org_code", _("Thiếu số thẻ đảng viên hoặc mã tổ chức."))
    year_text = _text(cols.value(values, "year"))
    year = parse_year(year_text)
    if year is None:
        fail("year", _("Năm “%(v)s” không hợp lệ (bốn chữ số, ví dụ 2024).") % {"v": shown(year_text)})
    elif year > datetime.date.today().year:
        fail("year", _("Năm %(y)s chưa tới.") % {"y": year})
    else:
        item.year = year
    return item


def _issue_column(name: str, title: dict[str, str]) -> str:
    if name == "subject":
        return title.get("card") or title.get("org_code", "")
    if name == "level" and "level" not in title:
        name = "tier"
    return title.get(name) or str(KEYS.get(name, ""))


def _lookup(queryset, attribute: str, values: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    # No code holds a NUL (and PostgreSQL refuses one in a parameter): such a value is simply not found.
    ordered = sorted(value for value in values if "\x00" not in value)
    for start in range(0, len(ordered), engine.CHUNK):
        chunk = ordered[start:start + engine.CHUNK]
        found.update(queryset.filter(**{f"{attribute}__in": chunk}).values_list(attribute, "pk"))
    return found


def _fill(item: engine.RatingInput, values, cell, fail, book: SchemeBook, applies: str) -> None:
    """Read the value columns of one row into `item`, reporting every problem against its column.

    A blank cell keeps what is stored; a cell holding only a clearing marker ("-" or "(xoá)") empties the field."""
    levels = book.levels(applies, item.year)
    if not levels:
        fail("year", _("Chưa có quy định xếp loại cho năm %(y)s.") % {"y": item.year})
        return
    fields, failed = ["level", "not_reviewed"], set()
    for name, (reader, empty) in _READERS.items():
        value = cell(values, name)
        if _text(value) == "":
            continue
        try:
            setattr(item, name, empty if cleared(_text(value)) else reader(value))
        except (ValueError, ValidationError) as exc:
            fail(name, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
            failed.add(name)
            continue
        fields.append(name)
    item.fields = tuple(fields)
    # A level left to be derived from a score that could not be read is not missing a second time.
    _fill_level(item, values, cell, fail if "score" not in failed else _level_fail(fail), book, applies, levels)


def _level_fail(fail):
    """`fail`, less the "missing level" that a bad score already explains."""
    missing = _("Thiếu mức xếp loại (hoặc lý do không đánh giá).")
    return lambda key, message: None if message == missing else fail(key, message)


def cleared(text: str) -> bool:
    """Whether a cell asks to empty its field (a blank cell keeps what is stored)."""
    return fold(text) in CLEAR_MARKERS


def _fill_level(item: engine.RatingInput, values, cell, fail, book: SchemeBook, applies: str, levels) -> None:
    """The level from its label or tier (or from the score where the scheme scores), or a not-reviewed reason."""
    level_text, tier_text = _text(cell(values, "level")), _text(cell(values, "tier"))
    if level_text.isdigit():
        tier_text, level_text = tier_text or level_text, ""
    try:
        item.not_reviewed = _not_reviewed(_text(cell(values, "not_reviewed")))
    except ValueError as exc:
        fail("not_reviewed", str(exc))
        return
    level = _level_named(level_text, item.year, fail, book, applies, levels) if level_text else None
    if tier_text:
        level = _level_by_tier(tier_text, level, item.year, fail, book, applies)
    if level is False:
        return  # already reported against its column
    if item.score is not None and level is None and levels[0].scheme.uses_score:
        level = book.level_for_score(applies, item.year, item.score, exceeded_share=item.exceeded_share)
    if level is None and not item.not_reviewed:
        fail("level", _("Thiếu mức xếp loại (hoặc lý do không đánh giá)."))
    elif level is not None and item.not_reviewed:
        fail("not_reviewed", _("Đã có mức xếp loại thì không ghi lý do không đánh giá."))
    item.level = level


def _level_named(text: str, year: int, fail, book: SchemeBook, applies: str, levels):
    """The level whose label matches, or False once the problem is reported."""
    matches = book.match_label(applies, year, text)
    if len(matches) == 1:
        return matches[0]
    if matches:
        fail("level", _("Mức “%(v)s” không rõ ràng (khớp %(n)s mức).") % {"v": text, "n": len(matches)})
    else:
        allowed = "; ".join(lv.label_vi for lv in levels)
        fail("level", _("Mức “%(v)s” không có trong quy định năm %(y)s (các mức: %(allowed)s).")
             % {"v": text, "y": year, "allowed": allowed})
    return False


def _level_by_tier(text: str, named, year: int, fail, book: SchemeBook, applies: str):
    """The level of a tier 1–4 (agreeing with the label when there is one), or False once reported."""
    if text not in {"1", "2", "3", "4"}:
        fail("tier", _("Bậc phải là 1, 2, 3 hoặc 4."))
        return False
    by_tier = book.level_by_tier(applies, year, int(text))
    if named is False:
        return False
    if named is not None and by_tier != named:
        fail("tier", _("Bậc %(t)s không khớp mức “%(l)s”.") % {"t": text, "l": named.label_vi})
        return False
    return by_tier


def _exemplary(value) -> bool:
    text = fold(_text(value))
    if text not in TRUE | FALSE:
        raise ValueError(_("Ghi “có”, “không” hoặc để trống."))
    return text in TRUE


def _limited(limit: int):
    """A text column refused (not cut) past its limit: a shortened text would be written without a word."""
    def read(value) -> str:
        text = _text(value)
        if len(text) > limit:
            raise ValueError(_("Tối đa %(n)s ký tự (đang có %(len)s).") % {"n": limit, "len": len(text)})
        return text
    return read


def _percent(parse):
    # Digits with at most two decimals, as on every other path: "NaN", "1e2" and "0E-1000000" are no score,
    # and 95.555 is refused rather than rounded (a rounded value would read as a change at every re-import).
    return lambda value: parse(_text(value).rstrip("%").strip())


# Column → (how its cell is read, what the clearing marker leaves). Level, tier and not-reviewed are read together.
_READERS = {
    "score": (_percent(parse_score), None),
    "exceeded_share": (_percent(parse_share), None),
    "is_exemplary": (_exemplary, False),
    "decided_on": (lambda value: _date(value), None),
    "deciding_body": (_limited(Rating._meta.get_field("deciding_body").max_length), ""),
    "override_reason": (_limited(NOTE_MAX_LENGTH), ""),
    "note": (_limited(NOTE_MAX_LENGTH), ""),
}
