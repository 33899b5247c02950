"""Roles with terms: cell secretaries and deputies, village heads, commune key cadres."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import CellRole, KeyCadre, Member, VillageHead
from members.services.common import check_not_future
from organizations.models import AdministrativeUnit, PartyOrganization

# The Party was founded in 1930: an earlier term start is a typing error.
FIRST_TERM_YEAR = 1930


def _check_term_start(term_start: datetime.date) -> None:
    check_not_future(term_start, "term_start")
    if term_start.year < FIRST_TERM_YEAR:
        raise ValidationError({"term_start": _("Ngày bắt đầu nhiệm kỳ không thể trước năm 1930.")})


def _close_current(queryset, term_start: datetime.date) -> None:
    """The sitting holder's term ends the day before the successor's begins (a successor cannot start first)."""
    for row in queryset.select_for_update().filter(term_end__isnull=True):
        if row.term_start >= term_start:
            holder = row.member if isinstance(row, CellRole) else row.full_name
            raise ValidationError({"term_start": _(
                "Người đang đảm nhiệm (%(name)s) bắt đầu từ %(day)s; nhiệm kỳ mới phải bắt đầu sau ngày đó."
            ) % {"name": holder, "day": date_format(row.term_start, "d/m/Y")}})
        row.term_end = term_start - datetime.timedelta(days=1)
        row.save(update_fields=["term_end"])


@transaction.atomic
def cell_role_assign(*, cell: PartyOrganization, member: Member, role: str, term_start: datetime.date) -> CellRole:
    if member.cell_id != cell.pk or not member.is_active:
        raise ValidationError({"member": _("Bí thư, phó bí thư phải là đảng viên đang sinh hoạt tại chi bộ.")})
    _check_term_start(term_start)
    held = CellRole.objects.filter(cell=cell, member=member, term_end__isnull=True)
    if held.filter(role=role).exists():
        raise ValidationError({"role": _("%(name)s đang giữ chức vụ này.") % {"name": member}})
    if role == CellRole.Role.SECRETARY:
        _close_current(CellRole.objects.filter(cell=cell, role=role), term_start)
    # One post per person in a cell: a deputy who becomes secretary leaves the deputy's post (and vice versa).
    _close_current(held, term_start)
    row = CellRole(cell=cell, member=member, role=role, term_start=term_start)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def village_head_set(
    *, village: AdministrativeUnit, full_name: str, term_start: datetime.date, is_party_member: bool = False,
    member: Member | None = None,
) -> VillageHead:
    """Record a new village head; the previous head's term is closed."""
    if village.level != AdministrativeUnit.Level.VILLAGE:
        raise ValidationError({"village": _("Cần chọn một thôn, bản, tổ dân phố.")})
    _check_term_start(term_start)
    _close_current(VillageHead.objects.filter(village=village), term_start)
    row = VillageHead(
        village=village, full_name=full_name.strip(), term_start=term_start,
        is_party_member=is_party_member or member is not None, member=member,
    )
    row.full_clean()
    row.save()
    return row


# Titles held by one person at a time; deputies and vice-chairs may be several.
_SINGLE_HOLDER = {
    KeyCadre.Title.PARTY_SECRETARY, KeyCadre.Title.COUNCIL_CHAIR, KeyCadre.Title.COMMITTEE_CHAIR,
    KeyCadre.Title.FRONT_CHAIR, KeyCadre.Title.VETERANS_HEAD, KeyCadre.Title.WOMEN_HEAD, KeyCadre.Title.FARMERS_HEAD,
    KeyCadre.Title.YOUTH_SECRETARY,
}


@transaction.atomic
def key_cadre_set(
    *,
    organization: PartyOrganization,
    title: str,
    full_name: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    qualification: str = Member.Qualification.NONE,
    theory_level: str = Member.TheoryLevel.NONE,
    is_full_time: bool = True,
    is_rotated: bool = False,
    rotated_from: str = "",
    member: Member | None = None,
) -> KeyCadre:
    if organization.kind != PartyOrganization.Kind.GRASSROOTS:
        raise ValidationError({"organization": _("Cán bộ chủ chốt thuộc một tổ chức cơ sở đảng.")})
    if is_rotated and not rotated_from.strip():
        raise ValidationError({"rotated_from": _("Cần ghi đơn vị cử cán bộ luân chuyển, tăng cường.")})
    _check_term_start(term_start)
    if title in _SINGLE_HOLDER and term_end is None:
        _close_current(KeyCadre.objects.filter(organization=organization, title=title), term_start)
    row = KeyCadre(
        organization=organization, title=title, full_name=full_name.strip(), term_start=term_start, term_end=term_end,
        qualification=qualification, theory_level=theory_level, is_full_time=is_full_time, is_rotated=is_rotated,
        rotated_from=rotated_from.strip(), member=member,
    )
    row.full_clean()
    row.save()
    return row
