"""Yearly figures of member development kept per organization: awareness classes and admission targets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import AdmissionTarget, AwarenessClass
from organizations.models import PartyOrganization


@transaction.atomic
def awareness_class_set(*, cell: PartyOrganization, year: int, attendees: int, note: str = "") -> AwarenessClass:
    """Set (create or replace) how many people the cell sent to the awareness class that year."""
    if cell.kind != PartyOrganization.Kind.CELL:
        raise ValidationError({"cell": _("%(org)s không phải là chi bộ.") % {"org": cell}})
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("Chỉ ghi số người đã học: năm không được sau năm nay.")})
    row = AwarenessClass.objects.select_for_update().filter(cell=cell, year=year).first() or AwarenessClass(
        cell=cell, year=year
    )
    row.attendees, row.note = attendees, note
    row.full_clean()
    _save_once(row, _("Người khác vừa ghi số người học năm %(year)s của chi bộ này cùng lúc; không ghi gì. Hãy tải "
                      "lại trang.") % {"year": year})
    return row


@transaction.atomic
def admission_target_set(
    *, organization: PartyOrganization, year: int, minimum: int, maximum: int | None = None, note: str = ""
) -> AdmissionTarget:
    """Set an organization's target of new members for a year (e.g. 5–6)."""
    row = AdmissionTarget.objects.select_for_update().filter(organization=organization, year=year).first()
    row = row or AdmissionTarget(organization=organization, year=year)
    row.minimum, row.maximum, row.note = minimum, maximum, note
    row.full_clean()
    _save_once(row, _("Người khác vừa ghi chỉ tiêu năm %(year)s của tổ chức này cùng lúc; không ghi gì. Hãy tải lại "
                      "trang.") % {"year": year})
    return row


def _save_once(row, message: str) -> None:
    """Save a yearly row; when someone created the same one in the same instant (neither saw the other's), the
    database refuses the second: say so instead of a server error."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ValidationError({"year": message}) from exc
