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
from organizations.spreadsheets.cells import ImportFailed, RowError
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
FALSE = {"", "khong", "0", "false", "no"}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)


def _header_keys() -> dict[str, str]:
    """Folded column title → key, in Vietnamese and in the active language."""
    known = {}
    for key, label in KEYS.items():
        known[loose(str(label))] = key
        with translation.override("vi"):
            known[loose(str(label))] = key
    return known


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
def import_table(table: Table, *, user=None, dry_run: bool = False,
                 progress: Callable[[str], None] | None = None) -> ImportReport:
    """Check every row, then write them all in one transaction; raise ImportFailed and write nothing on errors.

    `user` None is the command line (whole database); a user is limited to their write scope.
    """
    note = progress or (lambda _m: None)
    errors: list[RowError] = []
    known = _header_keys()
    index: dict[str, int] = {}
    for position, title in enumerate(table.headers):
        key = known.get(loose(title))
        if key is None:
            errors.append(RowError(1, title or f"#{position + 1}", _("Cột không nhận ra.")))
        elif key in index:
            errors.append(RowError(1, title, _("Cột bị lặp.")))
        else:
            index[key] = position
    if "card" not in index and "org_code" not in index:
        errors.append(RowError(1, "", _("Thiếu cột “%(a)s” hoặc “%(b)s”.") % {"a": columns.CARD, "b": columns.ORG_CODE}))
    if "year" not in index:
        errors.append(RowError(1, "", _("Thiếu cột “%(c)s”.") % {"c": columns.YEAR}))
    if errors:
        raise ImportFailed(errors)
    title = {key: table.headers[pos] for key, pos in index.items()}

    def cell(values: list, key: str):
        pos = index.get(key)
        return values[pos] if pos is not None and pos < len(values) else None

    cards = {_text(cell(v, "card")) for _n, v in table.rows} - {""}
    codes = {_text(cell(v, "org_code")) for _n, v in table.rows} - {""}
    member_ids = _lookup(Member.objects.filter(access.in_scope_filter(user, "cell__")) if user else Member.objects,
                         "card_number", cards)
    org_ids = _lookup(access.writable_organizations_for(user) if user else PartyOrganization.objects, "code", codes)
    book = SchemeBook()
    # Only the columns present are written, so that a file without notes does not erase the notes kept.
    present = ("level", "not_reviewed") + tuple(
        name for name in ("score", "exceeded_share", "is_exemplary", "decided_on", "deciding_body",
                          "override_reason", "note")
        if name in index
    )
    this_year = datetime.date.today().year
    inputs: list[engine.RatingInput] = []
    for count, (number, values) in enumerate(table.rows, start=1):
        if count % 10000 == 0:
            note(_("Đã đọc %(n)s/%(total)s dòng…") % {"n": count, "total": len(table.rows)})
        row_errors: list[RowError] = []

        def fail(key: str, message: str) -> None:
            row_errors.append(RowError(number, title.get(key, str(KEYS.get(key, key))), message))

        card, code = _text(cell(values, "card")), _text(cell(values, "org_code"))
        item = engine.RatingInput(ref=str(number), year=0, fields=present)
        if card and code:
            fail("card", _("Chỉ ghi số thẻ đảng viên hoặc mã tổ chức, không ghi cả hai."))
        elif card:
            item.member_id = member_ids.get(card)
            if item.member_id is None:
                message = _("Không có đảng viên số thẻ “%(v)s” trong phạm vi của bạn.") % {"v": card}
                if isinstance(cell(values, "card"), (int, float)):
                    # Excel turns "040000001" typed in a General cell into the number 40000001.
                    message += " " + _("Ô đang là số: Excel có thể đã bỏ các chữ số 0 ở đầu; định dạng cột là "
                                       "Văn bản (Text) rồi nhập lại số thẻ.")
                fail("card", message)
        elif code:
            item.organization_id = org_ids.get(code)
            if item.organization_id is None:
                fail("org_code", _("Không có tổ chức đảng mã “%(v)s” trong phạm vi của bạn.") % {"v": code})
        else:
            fail("card" if "card" in index else "org_code", _("Thiếu số thẻ đảng viên hoặc mã tổ chức."))
        year_text = _text(cell(values, "year"))
        year = parse_year(year_text)
        if year is None:
            fail("year", _("Năm “%(v)s” không hợp lệ (bốn chữ số, ví dụ 2024).") % {"v": shown(year_text)})
        else:
            item.year = year
            if item.year > this_year:
                fail("year", _("Năm %(y)s chưa tới.") % {"y": item.year})
        applies = "member" if card else "organization"
        if not row_errors:
            _fill(item, values, cell, fail, book, applies)
        errors.extend(row_errors)
        inputs.append(item)
    if errors:
        raise ImportFailed(errors)
    try:
        outcome = engine.apply(inputs, user=user, on_progress=note, dry_run=dry_run)
    except engine.RatingInputError as exc:
        raise ImportFailed([RowError(int(i.ref), _issue_column(i.field, title), str(i)) for i in exc.issues]) from exc
    return ImportReport(rows=len(inputs), created=outcome.created, updated=outcome.updated,
                        unchanged=outcome.unchanged, dry_run=dry_run,
                        warnings=[f"{_('Dòng')} {w.ref}: {w}" for w in outcome.warnings])


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
    """Read the value columns of one row into `item`, reporting each problem against its column."""
    year = item.year
    levels = book.levels(applies, year)
    if not levels:
        fail("year", _("Chưa có quy định xếp loại cho năm %(y)s.") % {"y": year})
        return
    level_text, tier_text = _text(cell(values, "level")), _text(cell(values, "tier"))
    level = None
    if level_text.isdigit():
        tier_text = tier_text or level_text
        level_text = ""
    if level_text:
        matches = book.match_label(applies, year, level_text)
        if len(matches) > 1:
            fail("level", _("Mức “%(v)s” không rõ ràng (khớp %(n)s mức).") % {"v": level_text, "n": len(matches)})
            return
        if not matches:
            allowed = "; ".join(lv.label_vi for lv in levels)
            fail("level", _("Mức “%(v)s” không có trong quy định năm %(y)s (các mức: %(allowed)s).")
                 % {"v": level_text, "y": year, "allowed": allowed})
            return
        level = matches[0]
    if tier_text:
        if tier_text not in {"1", "2", "3", "4"}:
            fail("tier", _("Bậc phải là 1, 2, 3 hoặc 4."))
            return
        by_tier = book.level_by_tier(applies, year, int(tier_text))
        if level is not None and by_tier != level:
            fail("tier", _("Bậc %(t)s không khớp mức “%(l)s”.") % {"t": tier_text, "l": level.label_vi})
            return
        level = by_tier
    score_text = _text(cell(values, "score"))
    if score_text:
        # Digits with at most two decimals, as on every other path: "NaN", "1e2" and "0E-1000000" are no score,
        # and 95.555 is refused rather than rounded (a rounded value would read as a change at every re-import).
        try:
            item.score = parse_score(score_text)
        except ValidationError as exc:
            fail("score", exc.messages[0])
            return
    share_text = _text(cell(values, "exceeded_share")).rstrip("%").strip()
    if share_text:
        try:
            item.exceeded_share = parse_share(share_text)
        except ValidationError as exc:
            fail("exceeded_share", exc.messages[0])
            return
    if item.score is not None and level is None and levels[0].scheme.uses_score:
        level = book.level_for_score(applies, year, item.score, exceeded_share=item.exceeded_share)
    try:
        item.not_reviewed = _not_reviewed(_text(cell(values, "not_reviewed")))
    except ValueError as exc:
        fail("not_reviewed", str(exc))
        return
    if level is None and not item.not_reviewed:
        fail("level", _("Thiếu mức xếp loại (hoặc lý do không đánh giá)."))
        return
    if level is not None and item.not_reviewed:
        fail("not_reviewed", _("Đã có mức xếp loại thì không ghi lý do không đánh giá."))
        return
    item.level = level
    exemplary = fold(_text(cell(values, "is_exemplary")))
    if exemplary not in TRUE | FALSE:
        fail("is_exemplary", _("Ghi “có” hoặc để trống."))
        return
    item.is_exemplary = exemplary in TRUE
    try:
        item.decided_on = _date(cell(values, "decided_on"))
    except ValueError as exc:
        fail("decided_on", str(exc))
        return
    item.deciding_body = _text(cell(values, "deciding_body"))
    limit = Rating._meta.get_field("deciding_body").max_length
    if len(item.deciding_body) > limit:  # refused, not cut: a shortened name would be written without a word
        fail("deciding_body", _("Tối đa %(n)s ký tự (đang có %(len)s).") % {"n": limit, "len": len(item.deciding_body)})
        return
    item.override_reason = _text(cell(values, "override_reason"))
    item.note = _text(cell(values, "note"))
    for name in ("override_reason", "note"):
        length = len(getattr(item, name))
        if length > NOTE_MAX_LENGTH:  # the same limit as the forms and the admin
            fail(name, _("Tối đa %(n)s ký tự (đang có %(len)s).") % {"n": NOTE_MAX_LENGTH, "len": length})
