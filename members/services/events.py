"""Recording life events on a member; each one is checked against the whole history before it is saved."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.history import cell_on, is_under_age
from members.models import Member, MemberEvent
from members.services.common import (
    User,
    check_admission_date,
    check_cell_open,
    check_not_future,
    commit_event,
    ensure_opening_events,
    lock,
    refuse_if_ended,
)
from organizations.models import PartyOrganization

Kind = MemberEvent.Kind
Scope = MemberEvent.TransferScope
_UNSET = object()


def _prepare(member: Member, day: datetime.date, recorded_by: User | None) -> Member:
    member = lock(member)
    refuse_if_ended(member)
    check_not_future(day)
    ensure_opening_events(member, recorded_by)
    return member


def _cell_then(member: Member, day: datetime.date) -> int | None:
    """Where the member was on `day`: a back-dated event counts in that cell's figures, not in today's cell."""
    return cell_on(member.events.all(), day) or member.cell_id


@transaction.atomic
def member_recognise_official(
    *, member: Member, date: datetime.date, deciding_body: str = "", note: str = "", recorded_by: User | None = None
) -> MemberEvent:
    """Official membership after 12 months of probation (refused earlier)."""
    member = _prepare(member, date, recorded_by)
    event = MemberEvent(
        kind=Kind.OFFICIAL, date=date, from_cell_id=_cell_then(member, date), deciding_body=deciding_body, note=note
    )
    return commit_event(member, event, recorded_by)


def _check_transfer(scope: str, to_cell: PartyOrganization | None, date: datetime.date) -> None:
    if scope == Scope.CELL and to_cell is None:
        raise ValidationError({"to_cell": _("Cần chọn chi bộ nơi chuyển đến.")})
    if scope == Scope.OUT and to_cell is not None:
        raise ValidationError({"to_cell": _("Chuyển ra ngoài hệ thống thì không chọn chi bộ nơi đến.")})
    if to_cell is not None:
        check_cell_open(to_cell, date, "to_cell")


@transaction.atomic
def member_transfer(
    *,
    member: Member,
    date: datetime.date,
    scope: str,
    to_cell: PartyOrganization | None = None,
    deciding_body: str = "",
    note: str = "",
    recorded_by: User | None = None,
) -> MemberEvent:
    """Move a member to another cell, or out of the cells kept here (the record stays, status "transferred out")."""
    member = _prepare(member, date, recorded_by)
    _check_transfer(scope, to_cell, date)
    event = MemberEvent(
        kind=Kind.TRANSFER, date=date, transfer_scope=scope, from_cell_id=_cell_then(member, date), to_cell=to_cell,
        deciding_body=deciding_body, note=note,
    )
    return commit_event(member, event, recorded_by)


@transaction.atomic
def member_discipline(
    *, member: Member, date: datetime.date, level: str, deciding_body: str, note: str = "",
    recorded_by: User | None = None,
) -> MemberEvent:
    """Reprimand, warning, dismissal from post or expulsion (expulsion ends the membership)."""
    if not (deciding_body or "").strip():
        raise ValidationError({"deciding_body": _("Cần ghi cấp có thẩm quyền quyết định kỷ luật.")})
    if level not in MemberEvent.DisciplineLevel.values:
        raise ValidationError({"discipline_level": _("Cần chọn hình thức kỷ luật.")})
    member = _prepare(member, date, recorded_by)
    event = MemberEvent(
        kind=Kind.DISCIPLINE, date=date, discipline_level=level, from_cell_id=_cell_then(member, date),
        deciding_body=deciding_body.strip(), note=note,
    )
    return commit_event(member, event, recorded_by)


@transaction.atomic
def member_remove(
    *, member: Member, date: datetime.date, deciding_body: str = "", note: str = "", recorded_by: User | None = None
) -> MemberEvent:
    """Removal from the membership list (xóa tên)."""
    member = _prepare(member, date, recorded_by)
    event = MemberEvent(
        kind=Kind.REMOVAL, date=date, from_cell_id=_cell_then(member, date), deciding_body=deciding_body, note=note
    )
    return commit_event(member, event, recorded_by)


@transaction.atomic
def member_record_death(
    *, member: Member, date: datetime.date, note: str = "", recorded_by: User | None = None
) -> MemberEvent:
    member = _prepare(member, date, recorded_by)
    event = MemberEvent(kind=Kind.DEATH, date=date, from_cell_id=_cell_then(member, date), note=note)
    return commit_event(member, event, recorded_by)


@transaction.atomic
def member_exempt(
    *, member: Member, date: datetime.date, end: bool = False, deciding_body: str = "", note: str = "",
    recorded_by: User | None = None,
) -> MemberEvent:
    """Grant (or end) exemption from activities; exempted members are counted apart in the yearly review."""
    member = _prepare(member, date, recorded_by)
    event = MemberEvent(
        kind=Kind.EXEMPTION_END if end else Kind.EXEMPTION, date=date, from_cell_id=_cell_then(member, date),
        deciding_body=deciding_body, note=note,
    )
    return commit_event(member, event, recorded_by)


def member_event_record(*, member: Member, kind: str, date: datetime.date, discipline_level: str = "",
                        deciding_body: str = "", note: str = "", recorded_by: User | None = None) -> MemberEvent:
    """One entry point for the event form (transfers and admissions have their own)."""
    common = {"member": member, "date": date, "note": note, "recorded_by": recorded_by}
    if kind == Kind.OFFICIAL:
        return member_recognise_official(deciding_body=deciding_body, **common)
    if kind == Kind.DISCIPLINE:
        return member_discipline(level=discipline_level, deciding_body=deciding_body, **common)
    if kind == Kind.REMOVAL:
        return member_remove(deciding_body=deciding_body, **common)
    if kind == Kind.DEATH:
        return member_record_death(**common)
    if kind in (Kind.EXEMPTION, Kind.EXEMPTION_END):
        return member_exempt(end=kind == Kind.EXEMPTION_END, deciding_body=deciding_body, **common)
    raise ValidationError({"kind": _("Loại sự kiện này không ghi nhận ở đây.")})


@transaction.atomic
def member_event_correct(
    *,
    event: MemberEvent,
    reason: str,
    cancel: bool = False,
    date: datetime.date | None = None,
    to_cell: PartyOrganization | None | object = _UNSET,
    transfer_scope: str | None = None,
    discipline_level: str | None = None,
    deciding_body: str | None = None,
    recorded_by: User | None = None,
) -> MemberEvent:
    """Correct an event by a new one: a restatement of the same kind, or a cancellation. The old row stays."""
    if not (reason or "").strip():
        raise ValidationError({"note": _("Cần ghi lý do đính chính.")})
    member = lock(event.member)
    if event.kind == Kind.CORRECTION:
        raise ValidationError(_("Không thể đính chính một lần hủy; hãy ghi lại sự kiện nếu cần."))
    if event.corrections.exists():
        raise ValidationError(_("Sự kiện này đã được đính chính; hãy đính chính bản mới nhất."))
    if cancel:
        if event.kind == Kind.ADMISSION:
            raise ValidationError(_("Không thể hủy sự kiện kết nạp; hãy đính chính ngày hoặc chi bộ."))
        correction = MemberEvent(
            kind=Kind.CORRECTION, date=timezone.localdate(), corrects=event, from_cell_id=event.from_cell_id,
            note=reason.strip(),
        )
        return commit_event(member, correction, recorded_by)
    new_date = date or event.date
    check_not_future(new_date)
    if event.kind == Kind.ADMISSION:
        check_admission_date(new_date, "date")
    new_to_cell = event.to_cell if to_cell is _UNSET else to_cell
    if event.kind == Kind.ADMISSION:
        if new_to_cell is None:
            raise ValidationError({"to_cell": _("Cần chọn chi bộ kết nạp.")})
        check_cell_open(new_to_cell, new_date, "to_cell")
        if is_under_age(birth_date=member.birth_date, birth_year=member.birth_year, on=new_date):
            raise ValidationError({"date": _("Người được kết nạp phải đủ 18 tuổi vào ngày kết nạp.")})
    if event.kind == Kind.TRANSFER:
        _check_transfer(transfer_scope or event.transfer_scope, new_to_cell, new_date)
    replacement = MemberEvent(
        kind=event.kind,
        date=new_date,
        corrects=event,
        from_cell_id=event.from_cell_id,
        to_cell=new_to_cell if event.kind in (Kind.ADMISSION, Kind.TRANSFER) else None,
        transfer_scope=(transfer_scope or event.transfer_scope) if event.kind == Kind.TRANSFER else "",
        discipline_level=(discipline_level or event.discipline_level) if event.kind == Kind.DISCIPLINE else "",
        deciding_body=event.deciding_body if deciding_body is None else deciding_body,
        note=reason.strip(),
    )
    return commit_event(member, replacement, recorded_by)
