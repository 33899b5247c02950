"""Roles: cell secretaries, village heads and the commune's key cadres, each with a term."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models.people import Member
from organizations.text import fold


class _Term(models.Model):
    term_start = models.DateField(_("bắt đầu nhiệm kỳ"))
    term_end = models.DateField(_("kết thúc"), null=True, blank=True, help_text=_("Để trống nếu đang đảm nhiệm."))

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.term_end is None


class CellRole(_Term):
    """A member serving as secretary or deputy secretary of a cell."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Bí thư chi bộ")
        DEPUTY = "deputy", _("Phó bí thư chi bộ")

    cell = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name=_("chi bộ"), on_delete=models.PROTECT, related_name="cell_roles"
    )
    member = models.ForeignKey(Member, verbose_name=_("đảng viên"), on_delete=models.PROTECT, related_name="cell_roles")
    role = models.CharField(_("chức vụ"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("bí thư, phó bí thư chi bộ")
        verbose_name_plural = _("bí thư, phó bí thư chi bộ")
        ordering = ["cell", "role", "-term_start"]
        constraints = [
            # One sitting secretary per cell; deputies may be several.
            models.UniqueConstraint(
                fields=["cell"],
                condition=Q(role="secretary", term_end__isnull=True),
                name="cellrole_one_current_secretary",
                violation_error_message=_("Chi bộ đã có bí thư đương nhiệm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.cell}: {self.member}"


class VillageHead(_Term):
    """A village or hamlet head (trưởng thôn, trưởng bản) and whether they are a party member."""

    village = models.ForeignKey(
        "organizations.AdministrativeUnit",
        verbose_name=_("thôn, bản"),
        on_delete=models.PROTECT,
        related_name="heads",
        limit_choices_to={"level": "village"},
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    search_name = models.CharField(max_length=120, editable=False, db_index=True)
    is_party_member = models.BooleanField(_("là đảng viên"), default=False)
    member = models.ForeignKey(
        Member,
        verbose_name=_("hồ sơ đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="village_head_terms",
        help_text=_("Nếu người này có hồ sơ đảng viên trong hệ thống."),
    )

    class Meta:
        verbose_name = _("trưởng thôn, bản")
        verbose_name_plural = _("trưởng thôn, bản")
        ordering = ["village", "-term_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["village"],
                condition=Q(term_end__isnull=True),
                name="villagehead_one_current_per_village",
                violation_error_message=_("Thôn, bản này đã có trưởng thôn đương nhiệm."),
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=True) | Q(is_party_member=True),
                name="villagehead_member_record_means_member",
                violation_error_message=_("Người có hồ sơ đảng viên phải được đánh dấu là đảng viên."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.village})"

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)


class KeyCadre(_Term):
    """A grassroots key cadre (cán bộ chủ chốt cấp xã): the commune titles of article 001."""

    class Title(models.TextChoices):
        PARTY_SECRETARY = "party_secretary", _("Bí thư Đảng ủy")
        PARTY_DEPUTY = "party_deputy", _("Phó Bí thư Đảng ủy")
        COUNCIL_CHAIR = "council_chair", _("Chủ tịch Hội đồng nhân dân")
        COUNCIL_VICE = "council_vice", _("Phó Chủ tịch Hội đồng nhân dân")
        COMMITTEE_CHAIR = "committee_chair", _("Chủ tịch Ủy ban nhân dân")
        COMMITTEE_VICE = "committee_vice", _("Phó Chủ tịch Ủy ban nhân dân")
        FRONT_CHAIR = "front_chair", _("Chủ tịch Ủy ban Mặt trận Tổ quốc")
        VETERANS_HEAD = "veterans_head", _("Chủ tịch Hội Cựu chiến binh")
        WOMEN_HEAD = "women_head", _("Chủ tịch Hội Liên hiệp Phụ nữ")
        FARMERS_HEAD = "farmers_head", _("Chủ tịch Hội Nông dân")
        YOUTH_SECRETARY = "youth_secretary", _("Bí thư Đoàn Thanh niên Cộng sản Hồ Chí Minh")

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("đảng bộ cơ sở"),
        on_delete=models.PROTECT,
        related_name="key_cadres",
        limit_choices_to={"kind": "grassroots"},
    )
    title = models.CharField(_("chức danh"), max_length=20, choices=Title.choices)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    search_name = models.CharField(max_length=120, editable=False, db_index=True)
    member = models.ForeignKey(
        Member,
        verbose_name=_("hồ sơ đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="key_cadre_terms",
    )
    qualification = models.CharField(
        _("trình độ chuyên môn"), max_length=15, choices=Member.Qualification.choices, default=Member.Qualification.NONE
    )
    theory_level = models.CharField(
        _("trình độ lý luận chính trị"),
        max_length=15,
        choices=Member.TheoryLevel.choices,
        default=Member.TheoryLevel.NONE,
    )
    is_full_time = models.BooleanField(_("chuyên trách"), default=True)
    is_rotated = models.BooleanField(
        _("cán bộ luân chuyển, tăng cường"),
        default=False,
        help_text=_("Ví dụ: sĩ quan Biên phòng làm Phó Bí thư Đảng ủy xã biên giới."),
    )
    rotated_from = models.CharField(_("đơn vị cử đến"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cán bộ chủ chốt cấp xã")
        verbose_name_plural = _("cán bộ chủ chốt cấp xã")
        ordering = ["organization", "title", "-term_start"]
        indexes = [models.Index(fields=["organization", "term_end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="keycadre_term_ends_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display()}: {self.full_name}"

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)
