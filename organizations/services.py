"""Writes that span several rows: recording mergers of administrative units and of party organizations.

A merger never deletes: the old units are closed the day before the effective date, lineage rows record where they
went, and what was attached to them (villages, communes, party organizations) is re-linked to the successor.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import AdministrativeUnit, OrganizationLineage, PartyOrganization, UnitLineage
from organizations.signals import announce_figures


def _check_merge(predecessors: Sequence, successor, effective_date: datetime.date, *, closes: str) -> None:
    if not predecessors:
        raise ValidationError({"predecessors": _("Cần chọn ít nhất một đơn vị cũ.")})
    if successor.pk in {p.pk for p in predecessors}:
        raise ValidationError({"successor": _("Đơn vị mới không thể là một trong các đơn vị cũ.")})
    for predecessor in predecessors:
        closed_on = getattr(predecessor, closes)
        if closed_on is not None and closed_on < effective_date:
            raise ValidationError(
                {"effective_date": _("%(unit)s đã hết hiệu lực từ %(day)s.") % {"unit": predecessor, "day": closed_on}}
            )


@transaction.atomic
def units_merge(
    *,
    predecessors: Sequence[AdministrativeUnit],
    successor: AdministrativeUnit,
    effective_date: datetime.date,
    legal_basis: str,
) -> list[UnitLineage]:
    """Merge several units into one successor of the same level on a date (e.g. Resolution 202/2025/QH15)."""
    _check_merge(predecessors, successor, effective_date, closes="valid_to")
    wrong_level = [p for p in predecessors if p.level != successor.level]
    if wrong_level:
        raise ValidationError(
            {
                "successor": _("Đơn vị mới (%(level)s) phải cùng cấp với các đơn vị cũ: %(units)s.")
                % {"level": successor.get_level_display(), "units": ", ".join(str(p) for p in wrong_level)}
            }
        )
    if successor.valid_from is not None and successor.valid_from > effective_date:
        successor.valid_from = effective_date
    successor.valid_to = None
    successor.full_clean()
    successor.save()

    last_day = effective_date - datetime.timedelta(days=1)
    lineage = []
    for predecessor in predecessors:
        predecessor.valid_to = last_day
        predecessor.full_clean()
        predecessor.save()
        lineage.append(
            UnitLineage.objects.create(
                predecessor=predecessor,
                successor=successor,
                change=UnitLineage.Change.MERGE,
                effective_date=effective_date,
                legal_basis=legal_basis,
            )
        )
        # Units still in force below the old one (villages of a commune, communes of a province) carry on under
        # the successor; saved one by one so that each change lands in the audit history.
        for child in predecessor.children.current():
            child.parent = successor
            child.save()
        for organization in PartyOrganization.objects.active().filter(admin_unit=predecessor):
            organization.admin_unit = successor
            organization.save()
        if successor.level == AdministrativeUnit.Level.PROVINCE:
            for organization in PartyOrganization.objects.active().filter(province=predecessor):
                organization.province = successor
                organization.save()
    # Ratings and returns keep the units they were given in; what changes is "as of today" (the lineage).
    announce_figures(AdministrativeUnit, unit_ids=[successor.pk, *(p.pk for p in predecessors)])
    return lineage


@transaction.atomic
def organizations_merge(
    *,
    predecessors: Sequence[PartyOrganization],
    successor: PartyOrganization,
    effective_date: datetime.date,
    legal_basis: str,
) -> list[OrganizationLineage]:
    """Merge party organizations of one kind into a successor: the old ones are dissolved, their children move."""
    _check_merge(predecessors, successor, effective_date, closes="dissolved")
    wrong_kind = [p for p in predecessors if p.kind != successor.kind]
    if wrong_kind:
        raise ValidationError(
            {
                "successor": _("Tổ chức mới (%(kind)s) phải cùng loại với các tổ chức cũ: %(orgs)s.")
                % {"kind": successor.get_kind_display(), "orgs": ", ".join(str(p) for p in wrong_kind)}
            }
        )
    lineage = []
    for predecessor in predecessors:
        predecessor.dissolved = effective_date
        predecessor.full_clean()
        predecessor.save()
        lineage.append(
            OrganizationLineage.objects.create(
                predecessor=predecessor, successor=successor, effective_date=effective_date, legal_basis=legal_basis
            )
        )
        moved = []
        for child in predecessor.children.active():
            child.parent = successor
            child.province = successor.province
            child.full_clean()
            child.save()
            moved.append(child.pk)
        # Past ratings stay where they were given; the moved units' returns now report through the successor.
        announce_figures(PartyOrganization, organization_ids=[predecessor.pk, successor.pk, *moved], years=None)
    return lineage
