"""Importing party members, with their past events, from a table: upsert by card number, all or nothing.

A member's dates, cell and status come from events (members.history): a new member gets an admission event, an
official-membership event and the events of the second sheet, replayed by the same rules as the member pages, so
a death before the admission or an official date before twelve months of probation is an error of its row and
column, and "as they were" figures read the imported history. For a member on record, personal details change in
place (history kept), new events are appended, and a date or cell that only an event could change is refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.citizen_ids import citizen_id_problem, province_codes
from members.history import MemberState, apply_event, effective_events, is_under_age
from members import access_log
from members.models import Ethnicity, Member, MemberEvent
from members.services.common import FIRST_ADMISSION_YEAR
from members.services.records import check_birth
from members.spreadsheets import columns as cols
from members.spreadsheets.writer import write_people
from organizations import access
from organizations.inputs import NOTE_MAX_LENGTH, parse_year, shown
from organizations.models import PartyOrganization
from organizations.spreadsheets.cells import CLEAR, Change, ImportFailed, ImportReport, Row, RowError, date_text, \
    header_index
from organizations.spreadsheets.reader import SheetMissing, Table, read_table
from organizations.text import loose

Kind = MemberEvent.Kind
CHUNK = 5000
PERSONAL = ("citizen_id", "full_name", "birth_date", "birth_year", "gender", "ethnicity_id", "note")
_EXISTING = ("pk", "card_number", *PERSONAL, "cell_id", "admitted_on", "official_on", "status", "version")


@dataclass(eq=False)
class NewEvent:
    """An event to be written: what the history rules read, without a model instance's cost (200,000 of them for
    a province's file); written by members.spreadsheets.writer."""

    kind: str
    date: datetime.date | None
    from_cell_id: int | None = None
    to_cell_id: int | None = None
    transfer_scope: str = ""
    discipline_level: str = ""
    deciding_body: str = ""
    note: str = ""
    member_id: int | None = None
    recorded_by_id: int | None = None
    pk = None
    corrects_id = None


@dataclass
class _Person:
    row: Row
    card: str
    values: dict[str, object] = field(default_factory=dict)  # personal fields the row sets (None clears)
    cell_id: int | None = None
    admitted_on: datetime.date | None = None
    official_on: datetime.date | None = None
    status: str | None = None
    events: list[tuple[Row, NewEvent]] = field(default_factory=list)  # from the events sheet
    existing: dict | None = None
    new_events: list[NewEvent] = field(default_factory=list)
    state: MemberState | None = None


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def read_file(data: bytes, name: str) -> tuple[Table, Table | None]:
    """The members sheet (the first visible one) and the events sheet when the workbook has one."""
    members = read_table(data, name)
    try:
        events = read_table(data, name, sheet=str(cols.EVENT_SHEET))
    except SheetMissing:
        events = None
    return members, events


@transaction.atomic
def import_members(table: Table, events: Table | None = None, *, user=None, dry_run: bool = False,
                   progress: Callable[[str], None] | None = None) -> ImportReport:
    """Check every row of both sheets, then write them all; raise ImportFailed (nothing written) on any error.

    `user` None is the command line (every cell); a user imports members of the cells they may write."""
    note = progress or (lambda _m: None)
    errors: list[RowError] = []
    index = header_index(table.headers, cols.MEMBER_LABELS, ("card",))
    book = _Book(user)
    # Errors of the members sheet name the row alone (a .csv has no sheet); those of the events sheet name it.
    people = [_read_person(Row(n, v, index, cols.MEMBER_LABELS, errors), book)
              for n, v in table.rows]
    note(_("Đã đọc %(n)s dòng đảng viên.") % {"n": len(people)})
    book.load(people, events)
    by_card = _match(people, book)
    if events is not None:
        _read_events(events, by_card, book, errors)
    replayed = [p for p in people if not p.row.failed and _needs_history(p)]
    book.load_recorded([p.existing["pk"] for p in replayed if p.existing is not None])
    for person in replayed:
        _check_history(person, book)
    if errors:
        raise ImportFailed(errors)
    note(_("Đã kiểm tra %(n)s dòng, không có lỗi.") % {"n": len(people)})
    report = ImportReport(rows=len(people), dry_run=dry_run)
    shown_as = _Shown(book)
    for person in people:
        report.count(_change(person, shown_as))
    if not dry_run:
        write_people(people, user, note)
        access_log.record(user, access_log.Action.IMPORT, _("Nhập %(n)s đảng viên") % {"n": len(people)},
                          records=len(people))
    return report


class _Book:
    """What the rows are checked against, loaded in a few queries: cells, ethnic groups, members on record."""

    def __init__(self, user):
        self.user = user
        self.ethnicities: dict[str, int] = {}
        self.ethnicity_names: dict[int, str] = {}
        for pk, code, name in Ethnicity.objects.values_list("pk", "code", "name"):
            self.ethnicities.update({name: pk, loose(name): pk, code: pk, code.lstrip("0"): pk})
            self.ethnicity_names[pk] = name
        self.provinces = province_codes()
        self.choices = cols.member_choices()
        self.cells: dict[str, tuple[int, str]] = {}  # code -> (pk, name), any cell (events may name other places)
        self.cell_codes: dict[int, str] = {}
        self.writable: set[int] | None = None
        self.existing: dict[str, dict] = {}
        self.citizen_ids: dict[str, str] = {}  # citizen ID on record -> card number
        self.recorded: dict[int, list[MemberEvent]] = {}

    def load(self, people: list[_Person], events: Table | None) -> None:
        codes = {p.row.text("cell") for p in people} | _event_cell_codes(events)
        cells = PartyOrganization.objects.filter(kind=PartyOrganization.Kind.CELL)
        for chunk in _chunks(sorted(codes - {""})):
            for pk, code, name in cells.filter(code__in=chunk).values_list("pk", "code", "name"):
                self.cells[code] = (pk, name)
                self.cell_codes[pk] = code
        if self.user is not None and access.role_of(self.user) != "admin":
            self.writable = set(access.writable_organizations_for(self.user).values_list("pk", flat=True))
        cards = sorted({p.card for p in people if p.card})
        for chunk in _chunks(cards):
            for row in Member.objects.filter(card_number__in=chunk).values(*_EXISTING):
                self.existing[row["card_number"]] = row
        wanted = sorted({p.values["citizen_id"] for p in people if p.values.get("citizen_id")})
        for chunk in _chunks(wanted):
            self.citizen_ids.update(Member.objects.filter(citizen_id__in=chunk).values_list("citizen_id",
                                                                                            "card_number"))

    def in_scope(self, cell_id: int | None) -> bool:
        return self.writable is None or cell_id in self.writable

    def cell(self, row: Row, key: str) -> int | None:
        code = row.text(key)
        if not code:
            return None
        if code not in self.cells:
            row.fail(key, _("Không có chi bộ mã “%(c)s”.") % {"c": shown(code)})
            return None
        return self.cells[code][0]

    def load_recorded(self, member_ids: list[int]) -> None:
        for chunk in _chunks(sorted(member_ids)):
            for event in MemberEvent.objects.filter(member_id__in=chunk):
                self.recorded.setdefault(event.member_id, []).append(event)
        for pk, code in PartyOrganization.objects.filter(
                pk__in={e.to_cell_id or e.from_cell_id for es in self.recorded.values() for e in es}
        ).values_list("pk", "code"):
            self.cell_codes.setdefault(pk, code)


def _event_cell_codes(events: Table | None) -> set[str]:
    if events is None:
        return set()
    try:
        index = header_index(events.headers, cols.EVENT_LABELS, (), str(cols.EVENT_SHEET))
    except ImportFailed:
        return set()  # reported when the sheet is read
    found = set()
    for _number, values in events.rows:
        for key in ("from_cell", "to_cell"):
            if key in index and index[key] < len(values):
                found.add(Row(0, values, index, {}, []).text(key))
    return found


def _read_person(row: Row, book: _Book) -> _Person:
    person = _Person(row, row.text("card"))
    if not person.card:
        row.fail("card", _("Thiếu số thẻ đảng viên."))
    elif len(person.card) > Member._meta.get_field("card_number").max_length:
        row.fail("card", _("Số thẻ dài quá %(n)s ký tự.") % {"n": Member._meta.get_field("card_number").max_length})
    _read_identity(row, person, book)
    _read_birth(row, person)
    person.admitted_on = row.date("admitted_on")
    person.official_on = row.date("official_on")
    status = row.text("status")
    if status:
        person.status = book.choices["status"](status)
        if person.status is None:
            row.fail("status", _("“%(v)s” không phải tình trạng (%(all)s).") % {
                "v": shown(status), "all": ", ".join(str(label) for _v, label in Member.Status.choices)})
    return person


def _read_identity(row: Row, person: _Person, book: _Book) -> None:
    for key, limit in (("full_name", Member._meta.get_field("full_name").max_length), ("note", NOTE_MAX_LENGTH)):
        written = row.text(key)
        if written == CLEAR and key == "note":
            person.values["note"] = ""
        elif written and len(written) > limit:
            row.fail(key, _("Tối đa %(n)s ký tự (đang có %(len)s).") % {"n": limit, "len": len(written)})
        elif written:
            person.values[key] = written
    citizen_id = row.text("citizen_id")
    if citizen_id.startswith("*"):
        pass  # masked in an export by someone without the permission: the number on record stays
    elif citizen_id == CLEAR:
        person.values["citizen_id"] = None
    elif citizen_id:
        problem = citizen_id_problem(citizen_id, book.provinces)
        if problem:
            row.fail("citizen_id", problem)
        person.values["citizen_id"] = citizen_id
    gender = row.text("gender")
    if gender:
        person.values["gender"] = book.choices["gender"](gender)
        if person.values["gender"] is None:
            row.fail("gender", _("Ghi “Nam” hoặc “Nữ”."))
    ethnicity = row.text("ethnicity")
    if ethnicity:
        person.values["ethnicity_id"] = book.ethnicities.get(ethnicity) or book.ethnicities.get(loose(ethnicity))
        if person.values["ethnicity_id"] is None:
            row.fail("ethnicity", _("“%(v)s” không phải tên hay mã dân tộc (01–54).") % {"v": shown(ethnicity)})


def _read_birth(row: Row, person: _Person) -> None:
    written = row.text("birth")
    if not written:
        return
    year = parse_year(written)
    if year is not None:
        person.values.update(birth_date=None, birth_year=year)
    else:
        birth_date = row.date("birth")
        if birth_date is None:
            return
        person.values.update(birth_date=birth_date, birth_year=birth_date.year)
    try:
        check_birth(birth_date=person.values["birth_date"], birth_year=person.values["birth_year"], admitted_on=None)
    except ValidationError as exc:
        row.fail("birth", " ".join(exc.messages))


def _match(people: list[_Person], book: _Book) -> dict[str, _Person]:
    """Each row against the record: scope, repeated cards and citizen IDs, required fields of a new member."""
    by_card: dict[str, _Person] = {}
    seen_ids: dict[str, _Person] = {}
    for person in people:
        row = person.row
        if person.card in by_card:
            row.fail("card", _("Số thẻ trùng với dòng %(r)s.") % {"r": by_card[person.card].row.number})
            continue
        by_card[person.card] = person
        person.existing = book.existing.get(person.card)
        if person.existing is not None and not book.in_scope(person.existing["cell_id"]):
            row.fail("card", _("Số thẻ “%(c)s” đã dùng cho một đảng viên ngoài phạm vi của bạn.") % {"c": person.card})
        person.cell_id = book.cell(row, "cell")
        if person.cell_id is not None and not book.in_scope(person.cell_id):
            row.fail("cell", _("Chi bộ “%(c)s” ở ngoài phạm vi của bạn.") % {"c": row.text("cell")})
        _check_citizen_id(person, seen_ids, book)
        if person.existing is None:
            for key in ("full_name", "birth", "gender", "ethnicity", "cell", "admitted_on"):
                if not row.text(key):
                    row.fail(key, _("Bắt buộc với đảng viên mới."))
    return by_card


def _check_citizen_id(person: _Person, seen: dict[str, _Person], book: _Book) -> None:
    citizen_id = person.values.get("citizen_id")
    if not citizen_id or person.row.failed and "citizen_id" not in person.values:
        return
    if citizen_id in seen:
        person.row.fail("citizen_id", _("Số định danh này đã ghi cho số thẻ “%(c)s” ở dòng %(r)s.")
                        % {"c": seen[citizen_id].card, "r": seen[citizen_id].row.number})
        return
    seen[citizen_id] = person
    holder = book.citizen_ids.get(citizen_id)
    if holder is not None and holder != person.card:
        person.row.fail("citizen_id", _("Số định danh này đã thuộc đảng viên số thẻ “%(c)s”.") % {"c": holder})


def _read_events(events: Table, by_card: dict[str, _Person], book: _Book, errors: list[RowError]) -> None:
    sheet = str(cols.EVENT_SHEET)
    index = header_index(events.headers, cols.EVENT_LABELS, ("card", "kind", "date"), sheet)
    for number, values in events.rows:
        row = Row(number, values, index, cols.EVENT_LABELS, errors, sheet)
        person = by_card.get(row.text("card"))
        if person is None:
            row.fail("card", _("Số thẻ “%(c)s” không có ở trang “%(s)s”.") % {"c": shown(row.text("card")),
                                                                             "s": cols.MEMBER_SHEET})
            continue
        event = _read_event(row, book)
        if event is not None:
            person.events.append((row, event))
        elif not person.row.failed:
            person.row.failed = True  # its history cannot be checked; the event's own error says why


def _read_event(row: Row, book: _Book) -> NewEvent | None:
    kind = book.choices["kind"](row.text("kind"))
    if kind not in cols.IMPORTED_EVENT_KINDS:
        allowed = ", ".join(str(Kind(k).label) for k in cols.IMPORTED_EVENT_KINDS)
        row.fail("kind", _("“%(v)s” không phải loại sự kiện nhập được (%(all)s).") % {"v": shown(row.text("kind")),
                                                                                    "all": allowed})
    day = row.date("date")
    if day is None and not row.failed:
        row.fail("date", _("Thiếu ngày."))
    event = NewEvent(kind=kind or "", date=day, from_cell_id=book.cell(row, "from_cell"),
                        to_cell_id=book.cell(row, "to_cell"), deciding_body=row.text("deciding_body")[:200],
                        note=row.text("note")[:NOTE_MAX_LENGTH])
    if kind == Kind.TRANSFER:
        event.transfer_scope = MemberEvent.TransferScope.CELL if event.to_cell_id else MemberEvent.TransferScope.OUT
    if kind == Kind.DISCIPLINE:
        event.discipline_level = book.choices["discipline_level"](row.text("discipline_level")) or ""
        if not event.discipline_level:
            row.fail("discipline_level", _("Cần ghi hình thức kỷ luật."))
        if not event.deciding_body:
            row.fail("deciding_body", _("Cần ghi cấp có thẩm quyền quyết định kỷ luật."))
    return None if row.failed else event


def _event_key(event) -> tuple:
    return event.kind, event.date, event.to_cell_id, event.discipline_level or ""


def _needs_history(person: _Person) -> bool:
    """A new member, or one whose row brings events or names a cell, status or official date not on record."""
    existing = person.existing
    if existing is None or person.events:
        return True
    return any((person.cell_id and person.cell_id != existing["cell_id"],
                person.status and person.status != existing["status"],
                person.official_on and person.official_on != existing["official_on"],
                person.admitted_on and person.admitted_on != existing["admitted_on"]))


def _check_history(person: _Person, book: _Book) -> None:
    """Replay the member's events (on record and new) by the rules of the member pages; name what breaks."""
    row, existing = person.row, person.existing
    if existing is None:
        _check_admission(person)
        if row.failed:
            return
        history = _opening_events(person)
    else:
        if person.admitted_on and person.admitted_on != existing["admitted_on"]:
            row.fail("admitted_on", _("Khác hồ sơ (%(d)s): sửa ngày vào Đảng bằng đính chính trên trang đảng "
                                      "viên.") % {"d": date_text(existing["admitted_on"])})
            return
        history = [e for e in effective_events(book.recorded.get(existing["pk"], []))]
        if person.official_on and person.official_on != existing["official_on"]:
            if existing["official_on"] is not None:
                row.fail("official_on", _("Khác hồ sơ (%(d)s): sửa bằng đính chính trên trang đảng viên.")
                         % {"d": date_text(existing["official_on"])})
                return
            person.new_events.append(NewEvent(kind=Kind.OFFICIAL, date=person.official_on))
    known = {_event_key(e) for e in history}
    for _row, event in person.events:
        if _event_key(event) not in known:
            person.new_events.append(event)
            known.add(_event_key(event))
    person.state = _replay(person, [*history, *person.new_events])
    if person.state is not None:
        _compare_state(person, book)


def _check_admission(person: _Person) -> None:
    row, day = person.row, person.admitted_on
    if day is None:
        return
    if day.year < FIRST_ADMISSION_YEAR or day > datetime.date.today():
        row.fail("admitted_on", _("Ngày vào Đảng phải từ năm 1930 đến hôm nay."))
    elif is_under_age(birth_date=person.values.get("birth_date"), birth_year=person.values.get("birth_year"), on=day):
        row.fail("admitted_on", _("Ngày vào Đảng %(d)s: người được kết nạp chưa đủ 18 tuổi.") % {"d": date_text(day)})
    if person.official_on and person.official_on > datetime.date.today():
        row.fail("official_on", _("Ngày chính thức sau ngày hôm nay."))


def _opening_events(person: _Person) -> list[NewEvent]:
    """A new member's admission (into the cell the first transfer leaves, else the row's cell) and official
    membership, as the member pages would have recorded them."""
    transfers = sorted((e for _r, e in person.events if e.kind == Kind.TRANSFER and e.from_cell_id),
                       key=lambda e: e.date)
    first_cell = transfers[0].from_cell_id if transfers else person.cell_id
    opening = [NewEvent(kind=Kind.ADMISSION, date=person.admitted_on, to_cell_id=first_cell)]
    if person.official_on:
        opening.append(NewEvent(kind=Kind.OFFICIAL, date=person.official_on))
    person.new_events = [*opening]
    return []


def _replay(person: _Person, events: list) -> MemberState | None:
    """The state the events lead to; each event without a cell of departure gets the cell it leaves."""
    state = MemberState()
    sources = {id(e): r for r, e in person.events}
    for event in effective_events(events):
        if event.pk is None and event.kind != Kind.ADMISSION and not event.from_cell_id:
            event.from_cell_id = state.cell_id
        try:
            apply_event(state, event)
        except ValidationError as exc:
            message = " ".join(exc.messages)
            source = sources.get(id(event))
            if source is not None:
                source.fail("date", message)
                person.row.failed = True
            else:
                person.row.fail("official_on" if event.kind == Kind.OFFICIAL else "admitted_on", message)
            return None
    return state


def _compare_state(person: _Person, book: _Book) -> None:
    state, row = person.state, person.row
    if person.cell_id is not None and state.cell_id != person.cell_id and state.status in Member.ACTIVE_STATUSES:
        where = book.cell_codes.get(state.cell_id, "?")
        row.fail("cell", _("Theo các sự kiện, đảng viên đang sinh hoạt ở chi bộ “%(c)s”; đổi chi bộ bằng sự kiện "
                           "chuyển sinh hoạt (trang “%(s)s”).") % {"c": where, "s": cols.EVENT_SHEET})
    if person.status and person.status != state.status:
        row.fail("status", _("Theo các sự kiện, tình trạng là “%(s)s”; ghi sự kiện ở trang “%(e)s” hoặc để trống.")
                 % {"s": Member.Status(state.status).label, "e": cols.EVENT_SHEET})


class _Shown:
    """Column titles and values as the preview shows them, translated once per import."""

    def __init__(self, book: _Book):
        titles = {key: str(label) for key, label in cols.MEMBER_LABELS.items()}
        self.titles = {"birth_date": titles["birth"], "birth_year": titles["birth"],
                       "ethnicity_id": titles["ethnicity"], **titles}
        self.events = book.choices["kind"].labels
        genders = book.choices["gender"].labels
        self.values = {"ethnicity_id": lambda v: book.ethnicity_names.get(v, ""),
                       "gender": lambda v: genders.get(v, "")}

    def value(self, key: str, value) -> str:
        if key in self.values:
            return self.values[key](value)
        return date_text(value) if isinstance(value, datetime.date) else str(value or "")


def _change(person: _Person, shown_as: _Shown) -> Change:
    existing = person.existing or {}
    fields = []
    for key, value in person.values.items():
        old = existing.get(key)
        if person.existing is not None and (old or None) == (value or None):
            continue
        if key == "birth_year" and "birth_date" in person.values and person.values["birth_date"]:
            continue
        fields.append((shown_as.titles[key], shown_as.value(key, old) if person.existing else "",
                       shown_as.value(key, value)))
    for event in person.new_events:
        fields.append((shown_as.events[event.kind], "", date_text(event.date)))
    action = "created" if person.existing is None else ("updated" if fields else "unchanged")
    return Change(person.row.number, person.card, action, fields)


