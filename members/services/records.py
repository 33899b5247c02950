"""Creating a member (admission) and editing the personal details that no event carries."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.history import is_under_age
from members.models import Ethnicity, Member, MemberEvent
from members.services.common import User, check_admission_date, check_cell_open, commit_event, lock
from organizations.models import PartyOrganization

# Fields a user may edit directly; cell, dates and status change only through events.
PERSONAL_FIELDS = (
    "full_name", "gender", "birth_date", "birth_year", "ethnicity", "religion", "general_education",
    "qualification", "theory_level", "card_number",
)


# Nobody born earlier can still be on the rolls: earlier years are typing errors.
FIRST_BIRTH_YEAR = 1890


def check_birth(*, birth_date: datetime.date | None, birth_year: int | None, admitted_on: datetime.date | None) -> None:
    """The birth rules of a record (also run by the admin's form, so that an admin sees them on the field)."""
    if not birth_date and not birth_year:
        raise ValidationError({"birth_date": _("Cần nhập ngày sinh hoặc ít nhất năm sinh.")})
    year = birth_date.year if birth_date else birth_year
    field = "birth_date" if birth_date else "birth_year"
    if year < FIRST_BIRTH_YEAR:
        raise ValidationError({field: _("Năm sinh không hợp lệ (trước %(year)s).") % {"year": FIRST_BIRTH_YEAR}})
    if year > timezone.localdate().year:
        raise ValidationError({field: _("Năm sinh không được sau năm nay.")})
    if birth_date and birth_year and birth_date.year != birth_year:
        raise ValidationError({"birth_year": _("Năm sinh không khớp với ngày sinh.")})
    if admitted_on and is_under_age(birth_date=birth_date, birth_year=birth_year, on=admitted_on):
        raise ValidationError(
            {"birth_date": _("Người được kết nạp phải đủ 18 tuổi vào ngày kết nạp (%(day)s).")
             % {"day": admitted_on.strftime("%d/%m/%Y")}}
        )


@transaction.atomic
def member_admit(
    *,
    cell: PartyOrganization,
    full_name: str,
    gender: str,
    ethnicity: Ethnicity,
    admitted_on: datetime.date,
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
    religion: str = "",
    general_education: str = "",
    qualification: str = Member.Qualification.NONE,
    theory_level: str = Member.TheoryLevel.NONE,
    card_number: str | None = None,
    deciding_body: str = "",
    note: str = "",
    recorded_by: User | None = None,
) -> Member:
    """Admit a new probationary member into a cell: the record and its admission event, or nothing."""
    check_admission_date(admitted_on, "admitted_on")
    check_cell_open(cell, admitted_on, "cell")
    check_birth(birth_date=birth_date, birth_year=birth_year, admitted_on=admitted_on)
    member = Member(
        full_name=full_name.strip(),
        gender=gender,
        birth_date=birth_date,
        birth_year=birth_year or (birth_date.year if birth_date else None),
        ethnicity=ethnicity,
        religion=religion,
        general_education=general_education,
        qualification=qualification,
        theory_level=theory_level,
        card_number=(card_number or "").strip() or None,
        cell=cell,
        admitted_on=admitted_on,
        status=Member.Status.PROBATIONARY,
    )
    member.full_clean()
    _save_card_safely(member)
    event = MemberEvent(
        kind=MemberEvent.Kind.ADMISSION, date=admitted_on, to_cell=cell, deciding_body=deciding_body, note=note
    )
    commit_event(member, event, recorded_by)
    return member


@transaction.atomic
def member_update(
    *, member: Member, recorded_by: User | None = None, expected_version: int | None = None, **fields
) -> Member:
    """Change personal details; the previous values stay in the record's history (simple_history).

    `expected_version` is the version the editor's form was built from: when someone else saved the record in the
    meantime, the later save is refused instead of silently overwriting their change (no lost update).
    """
    unknown = set(fields) - set(PERSONAL_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    member = lock(member)
    if expected_version is not None and member.version != expected_version:
        raise ValidationError(
            _("Hồ sơ của %(name)s vừa được người khác sửa trong lúc bạn sửa. Hãy tải lại trang để xem thay đổi của họ "
              "rồi nhập lại.") % {"name": member.full_name}
        )
    for name, value in fields.items():
        setattr(member, name, value)
    if member.card_number is not None:
        member.card_number = member.card_number.strip() or None
    if member.birth_date and not member.birth_year:
        member.birth_year = member.birth_date.year
    check_birth(birth_date=member.birth_date, birth_year=member.birth_year, admitted_on=member.admitted_on)
    member.version += 1
    member.full_clean()
    _save_card_safely(member)
    return member


def _save_card_safely(member: Member) -> None:
    """Two users saving the same card number at once: the database refuses the second; say so on the field."""
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as error:
        if Member.objects.filter(card_number=member.card_number).exclude(pk=member.pk).exists():
            raise ValidationError({"card_number": _("Số thẻ đảng viên này đã được dùng.")}) from error
        raise
