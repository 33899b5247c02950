"""Deriving a member's current state from the events in force (the history is the truth; Member caches it)."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from members.models import Member, MemberEvent

Kind = MemberEvent.Kind
Status = Member.Status

# The Statute: a probationary member is recognised as official after 12 months of probation.
PROBATION_MONTHS = 12
MIN_ADMISSION_AGE = 18

# Events of the same day are applied in this order (an admission always comes first, a death last).
_KIND_ORDER = {
    Kind.ADMISSION: 0,
    Kind.OFFICIAL: 1,
    Kind.TRANSFER: 2,
    Kind.EXEMPTION: 3,
    Kind.EXEMPTION_END: 3,
    Kind.DISCIPLINE: 4,
    Kind.REMOVAL: 5,
    Kind.DEATH: 6,
}


_ENDED = {Status.REMOVED: _lazy("bị xóa tên hoặc khai trừ"), Status.DECEASED: _lazy("từ trần")}


@dataclass
class MemberState:
    cell_id: int | None = None
    admitted_on: datetime.date | None = None
    official_on: datetime.date | None = None
    status: str | None = None
    exempt: bool = False
    ended_on: datetime.date | None = None  # date of removal, expulsion or death


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day `months` later, clamped to the month's end (29 Feb + 12 months = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def earliest_official_date(admitted_on: datetime.date) -> datetime.date:
    return add_months(admitted_on, PROBATION_MONTHS)


def is_under_age(*, birth_date: datetime.date | None, birth_year: int | None, on: datetime.date) -> bool:
    """Under 18 on `on`. With only a birth year, refuse only when the person is surely under 18."""
    if birth_date:
        return add_months(birth_date, MIN_ADMISSION_AGE * 12) > on
    if birth_year:
        return on.year - birth_year < MIN_ADMISSION_AGE
    return False


def effective_events(events: Iterable[MemberEvent]) -> list[MemberEvent]:
    """Events in force, in the order they happened: cancellations and replaced events are left out."""
    events = list(events)
    replaced = {e.corrects_id for e in events if e.corrects_id}
    kept = [e for e in events if e.kind != Kind.CORRECTION and (e.pk is None or e.pk not in replaced)]
    return sorted(kept, key=lambda e: (e.date, _KIND_ORDER.get(e.kind, 9), e.pk is None, e.pk or 0))


def _d(day: datetime.date) -> str:
    return date_format(day, "d/m/Y")


def derive_state(events: Iterable[MemberEvent]) -> MemberState:
    """Replay the events in force; a ValidationError keyed "date" (or "to_cell") names the first rule broken."""
    state = MemberState()
    for event in effective_events(events):
        apply_event(state, event)
    if state.status is None:
        raise ValidationError({"date": _("Hồ sơ đảng viên cần có sự kiện kết nạp.")})
    return state


def apply_event(state: MemberState, event: MemberEvent) -> None:
    """Apply one event in force to the state, or raise a ValidationError naming the rule it breaks."""
    if state.status in (Status.REMOVED, Status.DECEASED):
        raise ValidationError(
            {"date": _("Đảng viên đã %(what)s ngày %(day)s; không thể ghi thêm sự kiện sau đó.")
             % {"what": _ENDED[state.status], "day": _d(state.ended_on)}}
        )
    if event.kind == Kind.ADMISSION:
        if state.status is not None:
            raise ValidationError({"date": _("Đảng viên đã được kết nạp ngày %(day)s.") % {"day": _d(state.admitted_on)}})
        state.cell_id, state.admitted_on, state.status = event.to_cell_id, event.date, Status.PROBATIONARY
        return
    if state.status is None:
        raise ValidationError({"date": _("Sự kiện không thể trước ngày kết nạp.")})
    if state.status == Status.TRANSFERRED_OUT and not (event.kind == Kind.TRANSFER and event.to_cell_id):
        raise ValidationError(
            {"date": _("Đảng viên đã chuyển sinh hoạt ra ngoài; chỉ có thể ghi nhận việc chuyển về một chi bộ.")}
        )
    handler = _HANDLERS[event.kind]
    handler(state, event)


def _official(state: MemberState, event: MemberEvent) -> None:
    if state.status != Status.PROBATIONARY:
        raise ValidationError({"date": _("Chỉ công nhận chính thức cho đảng viên dự bị.")})
    earliest = earliest_official_date(state.admitted_on)
    if event.date < earliest:
        raise ValidationError(
            {"date": _("Chưa đủ 12 tháng dự bị: kết nạp ngày %(admitted)s, sớm nhất được công nhận ngày %(earliest)s.")
             % {"admitted": _d(state.admitted_on), "earliest": _d(earliest)}}
        )
    state.official_on, state.status = event.date, Status.OFFICIAL


def _transfer(state: MemberState, event: MemberEvent) -> None:
    if event.to_cell_id is None:
        state.status = Status.TRANSFERRED_OUT
        return
    if event.to_cell_id == state.cell_id and state.status != Status.TRANSFERRED_OUT:
        raise ValidationError({"to_cell": _("Đảng viên đang sinh hoạt ở chi bộ này.")})
    state.cell_id = event.to_cell_id
    if state.status == Status.TRANSFERRED_OUT:
        state.status = Status.OFFICIAL if state.official_on else Status.PROBATIONARY


def _discipline(state: MemberState, event: MemberEvent) -> None:
    if event.discipline_level == MemberEvent.DisciplineLevel.EXPULSION:
        state.status, state.ended_on = Status.REMOVED, event.date


def _removal(state: MemberState, event: MemberEvent) -> None:
    state.status, state.ended_on = Status.REMOVED, event.date


def _death(state: MemberState, event: MemberEvent) -> None:
    state.status, state.ended_on = Status.DECEASED, event.date


def _exemption(state: MemberState, event: MemberEvent) -> None:
    if state.exempt:
        raise ValidationError({"date": _("Đảng viên đang được miễn sinh hoạt, công tác.")})
    state.exempt = True


def _exemption_end(state: MemberState, event: MemberEvent) -> None:
    if not state.exempt:
        raise ValidationError({"date": _("Đảng viên không đang được miễn sinh hoạt, công tác.")})
    state.exempt = False


_HANDLERS = {
    Kind.OFFICIAL: _official,
    Kind.TRANSFER: _transfer,
    Kind.DISCIPLINE: _discipline,
    Kind.REMOVAL: _removal,
    Kind.DEATH: _death,
    Kind.EXEMPTION: _exemption,
    Kind.EXEMPTION_END: _exemption_end,
}


def cell_on(events: Iterable[MemberEvent], day: datetime.date) -> int | None:
    """The member's cell at the end of `day` by the events in force (None before the admission)."""
    state = MemberState()
    for event in effective_events(events):
        if event.date > day:
            break
        try:
            apply_event(state, event)
        except ValidationError:
            break  # a history that breaks a rule is read up to where it breaks
    return state.cell_id
