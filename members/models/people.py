"""Party members and the append-only events of their membership."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.inputs import note_validator
from organizations.text import fold


class Ethnicity(models.Model):
    """One of Vietnam's 54 recognised ethnic groups (reference data)."""

    code = models.CharField(_("mã"), max_length=4, unique=True)
    name = models.CharField(_("tên"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("dân tộc")
        verbose_name_plural = _("dân tộc")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A party member's record; status, cell and dates are kept in step with the events by members.services."""

    class Gender(models.TextChoices):
        MALE = "M", _("Nam")
        FEMALE = "F", _("Nữ")

    class Qualification(models.TextChoices):
        NONE = "none", _("Chưa qua đào tạo")
        ELEMENTARY = "elementary", _("Sơ cấp")
        INTERMEDIATE = "intermediate", _("Trung cấp")
        COLLEGE = "college", _("Cao đẳng")
        UNIVERSITY = "university", _("Đại học")
        POSTGRADUATE = "postgraduate", _("Sau đại học")

    class TheoryLevel(models.TextChoices):
        NONE = "none", _("Chưa qua đào tạo")
        ELEMENTARY = "elementary", _("Sơ cấp")
        INTERMEDIATE = "intermediate", _("Trung cấp")
        ADVANCED = "advanced", _("Cao cấp, cử nhân")

    class Status(models.TextChoices):
        PROBATIONARY = "probationary", _("Dự bị")
        OFFICIAL = "official", _("Chính thức")
        TRANSFERRED_OUT = "transferred_out", _("Đã chuyển đi")
        REMOVED = "removed", _("Đã xóa tên, khai trừ")
        DECEASED = "deceased", _("Đã từ trần")

    ACTIVE_STATUSES = (Status.PROBATIONARY, Status.OFFICIAL)

    full_name = models.CharField(_("họ và tên"), max_length=120)
    search_name = models.CharField(max_length=120, editable=False, db_index=True)
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"), null=True, blank=True, help_text=_("Khi chỉ biết năm sinh.")
    )
    ethnicity = models.ForeignKey(Ethnicity, verbose_name=_("dân tộc"), on_delete=models.PROTECT)
    religion = models.CharField(_("tôn giáo"), max_length=60, blank=True)
    general_education = models.CharField(_("giáo dục phổ thông"), max_length=10, blank=True, help_text="12/12")
    qualification = models.CharField(
        _("trình độ chuyên môn"), max_length=15, choices=Qualification.choices, default=Qualification.NONE
    )
    theory_level = models.CharField(
        _("trình độ lý luận chính trị"), max_length=15, choices=TheoryLevel.choices, default=TheoryLevel.NONE
    )
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=20, unique=True, null=True, blank=True)
    # Personal data (Decree 13/2023/ND-CP): shown in full only to users with the permission below; lists and
    # exports mask it, and every view or export of members' records is written to the access log.
    citizen_id = models.CharField(
        _("số định danh cá nhân"), max_length=12, unique=True, null=True, blank=True,
        help_text=_("12 chữ số (căn cước); ba chữ số đầu là mã tỉnh nơi đăng ký khai sinh."),
    )
    cell = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("chi bộ"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    admitted_on = models.DateField(_("ngày vào Đảng"))
    official_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.PROBATIONARY)
    exempt_from_activities = models.BooleanField(_("miễn sinh hoạt, công tác"), default=False)
    note = models.TextField(_("ghi chú"), blank=True, validators=[note_validator()])
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        ordering = ["search_name", "pk"]
        permissions = [("view_citizen_id", _("Xem đầy đủ số định danh cá nhân của đảng viên"))]
        indexes = [models.Index(fields=["cell", "status"]), models.Index(fields=["status", "admitted_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(official_on__isnull=True) | Q(official_on__gt=models.F("admitted_on")),
                name="member_official_after_admission",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(self.full_name)
        if self.card_number == "":
            self.card_number = None
        if self.citizen_id == "":
            self.citizen_id = None
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def birth_year_value(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.birth_year


class MemberEventQuerySet(models.QuerySet):
    def effective(self) -> MemberEventQuerySet:
        """The events in force: neither cancellations nor events replaced by a later correction."""
        return self.exclude(kind=MemberEvent.Kind.CORRECTION).filter(corrections__isnull=True)


class MemberEvent(models.Model):
    """One fact in a member's history. Never edited: a correction is a new event pointing at the old one."""

    class Kind(models.TextChoices):
        ADMISSION = "admission", _("Kết nạp")
        OFFICIAL = "official", _("Công nhận đảng viên chính thức")
        TRANSFER = "transfer", _("Chuyển sinh hoạt")
        DISCIPLINE = "discipline", _("Kỷ luật")
        REMOVAL = "removal", _("Xóa tên")
        DEATH = "death", _("Từ trần")
        EXEMPTION = "exemption", _("Miễn sinh hoạt, công tác")
        EXEMPTION_END = "exempt_end", _("Thôi miễn sinh hoạt, công tác")
        # A pure cancellation of an event recorded in error; a restatement is a new event of the original kind.
        CORRECTION = "correction", _("Hủy sự kiện ghi nhầm")

    class TransferScope(models.TextChoices):
        CELL = "cell", _("Sang chi bộ khác")
        COMMITTEE = "committee", _("Sang đảng bộ khác")
        RESIDENCE = "residence", _("Về nơi cư trú")
        OUT = "out", _("Ra ngoài hệ thống")

    class DisciplineLevel(models.TextChoices):
        REPRIMAND = "reprimand", _("Khiển trách")
        WARNING = "warning", _("Cảnh cáo")
        DISMISSAL = "dismissal", _("Cách chức")
        EXPULSION = "expulsion", _("Khai trừ")

    member = models.ForeignKey(Member, verbose_name=_("đảng viên"), on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("loại sự kiện"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("ngày"))
    from_cell = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("từ chi bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_cell = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("đến chi bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transfer_scope = models.CharField(_("hình thức chuyển"), max_length=10, choices=TransferScope.choices, blank=True)
    discipline_level = models.CharField(
        _("hình thức kỷ luật"), max_length=10, choices=DisciplineLevel.choices, blank=True
    )
    deciding_body = models.CharField(_("cấp quyết định"), max_length=200, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("đính chính sự kiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        help_text=_("Sự kiện này thay thế (hoặc hủy) sự kiện được chọn; sự kiện cũ vẫn được giữ nguyên."),
    )
    note = models.TextField(_("ghi chú"), blank=True, validators=[note_validator()])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    objects = MemberEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện đảng viên")
        verbose_name_plural = _("sự kiện đảng viên")
        ordering = ["member", "date", "pk"]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"
