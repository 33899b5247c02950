"""Helpers shared by the member services: dates, cells and storing the derived state."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.history import derive_state
from members.models import CellRole, Member, MemberEvent
from organizations.models import PartyOrganization
from organizations.signals import announce_figures

User = AbstractBaseUser


def check_not_future(day: datetime.date, field: str = "date") -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("Ngày không được sau ngày hôm nay.")})


# The Party was founded in 1930; an earlier admission date is a typing error.
FIRST_ADMISSION_YEAR = 1930


def check_admission_date(day: datetime.date, field: str) -> None:
    check_not_future(day, field)
    if day.year < FIRST_ADMISSION_YEAR:
        raise ValidationError({field: _("Ngày kết nạp không thể trước năm 1930.")})


def check_cell_open(cell: PartyOrganization, day: datetime.date, field: str) -> None:
    """A member can only join a cell (not a committee) that exists and is not dissolved on that day."""
    if cell.kind != PartyOrganization.Kind.CELL:
        raise ValidationError({field: _("%(org)s không phải là chi bộ.") % {"org": cell}})
    if cell.dissolved and cell.dissolved <= day:
        raise ValidationError(
            {field: _("Chi bộ %(cell)s đã giải thể ngày %(day)s.") % {"cell": cell, "day": date_format(cell.dissolved, "d/m/Y")}}
        )
    if cell.founded and cell.founded > day:
        raise ValidationError(
            {field: _("Chi bộ %(cell)s thành lập ngày %(day)s, sau ngày này.") % {"cell": cell, "day": date_format(cell.founded, "d/m/Y")}}
        )


def lock(member: Member) -> Member:
    """Re-read the member under a row lock so two writers cannot interleave their events."""
    return Member.objects.select_for_update().get(pk=member.pk)


def refuse_if_ended(member: Member) -> None:
    if member.status in (Member.Status.REMOVED, Member.Status.DECEASED):
        raise ValidationError(
            _("Đảng viên %(name)s có tình trạng “%(status)s”: không ghi nhận thêm sự kiện (chỉ có thể đính chính).")
            % {"name": member.full_name, "status": member.get_status_display()}
        )


def ensure_opening_events(member: Member, recorded_by: User | None) -> None:
    """A record entered before events were kept gets its admission (and official) events from its own dates."""
    if member.events.exists():
        return
    note = _("Lập từ hồ sơ có sẵn.")
    MemberEvent.objects.create(
        member=member, kind=MemberEvent.Kind.ADMISSION, date=member.admitted_on, to_cell_id=member.cell_id,
        note=note, recorded_by=recorded_by,
    )
    if member.official_on:
        MemberEvent.objects.create(
            member=member, kind=MemberEvent.Kind.OFFICIAL, date=member.official_on, from_cell_id=member.cell_id,
            note=note, recorded_by=recorded_by,
        )


def commit_event(member: Member, event: MemberEvent, recorded_by: User | None) -> MemberEvent:
    """Check the history with the new event, then save the event and the member's derived fields."""
    event.member = member
    event.recorded_by = recorded_by if getattr(recorded_by, "pk", None) else None
    state = derive_state([*member.events.all(), event])
    event.full_clean()
    event.save()
    member.cell_id = state.cell_id
    member.admitted_on = state.admitted_on
    member.official_on = state.official_on
    member.status = state.status
    member.exempt_from_activities = state.exempt
    member.version += 1
    member.full_clean()
    member.save()
    _end_roles_on_leaving(member, event.date)
    _announce(event)
    return event


def _announce(event: MemberEvent) -> None:
    """Tell whoever keeps figures that this member's cells changed in these years. Ratings stay where they were
    given, so today no summary moves; figures derived from membership would, and stay fresh through this."""
    corrected = event.corrects
    cells = [event.from_cell_id, event.to_cell_id, event.member.cell_id]
    years = [event.date.year]
    if corrected is not None:
        cells += [corrected.from_cell_id, corrected.to_cell_id]
        years.append(corrected.date.year)
    announce_figures(MemberEvent, organization_ids=cells, years=years)


def _end_roles_on_leaving(member: Member, day: datetime.date) -> None:
    """A secretary or deputy who leaves the cell (transfer, removal, expulsion, death) leaves the post that day."""
    open_roles = CellRole.objects.filter(member=member, term_end__isnull=True)
    if member.is_active:
        open_roles = open_roles.exclude(cell_id=member.cell_id)
    for role in open_roles:
        role.term_end = max(role.term_start, day)
        role.save(update_fields=["term_end"])
