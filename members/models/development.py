"""Development of new members: Party awareness classes and yearly admission targets."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.inputs import note_validator

_YEAR = [MinValueValidator(1930), MaxValueValidator(2100)]


class AwarenessClass(models.Model):
    """How many people a cell sent to the Party awareness class (lớp bồi dưỡng nhận thức về Đảng) in a year."""

    cell = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("chi bộ"),
        on_delete=models.PROTECT,
        related_name="awareness_classes",
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=_YEAR)
    attendees = models.PositiveIntegerField(_("số người học"))
    note = models.TextField(_("ghi chú"), blank=True, validators=[note_validator()])

    class Meta:
        verbose_name = _("lớp nhận thức về Đảng")
        verbose_name_plural = _("lớp nhận thức về Đảng")
        ordering = ["cell", "-year"]
        constraints = [models.UniqueConstraint(fields=["cell", "year"], name="awareness_one_row_per_cell_year")]

    def __str__(self) -> str:
        return f"{self.cell} · {self.year}: {self.attendees}"


class AdmissionTarget(models.Model):
    """An organization's yearly target of new members, e.g. Nậm Giải commune: "5–6 new members a year" (003)."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("tổ chức đảng"),
        on_delete=models.PROTECT,
        related_name="admission_targets",
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=_YEAR)
    minimum = models.PositiveIntegerField(_("chỉ tiêu tối thiểu"))
    maximum = models.PositiveIntegerField(_("chỉ tiêu tối đa"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True, validators=[note_validator()])

    class Meta:
        verbose_name = _("chỉ tiêu kết nạp đảng viên")
        verbose_name_plural = _("chỉ tiêu kết nạp đảng viên")
        ordering = ["organization", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="admission_target_one_per_year"),
            models.CheckConstraint(
                condition=Q(maximum__isnull=True) | Q(maximum__gte=models.F("minimum")),
                name="admission_target_max_not_below_min",
                violation_error_message=_("Chỉ tiêu tối đa không được nhỏ hơn chỉ tiêu tối thiểu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.year}: {self.label}"

    @property
    def label(self) -> str:
        if self.maximum and self.maximum != self.minimum:
            return f"{self.minimum}–{self.maximum}"
        return str(self.minimum)
