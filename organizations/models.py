"""Administrative units and party organizations, with their history.

Nothing here is deleted when the map changes: a unit or organization is closed
(valid_to / dissolved) and linked to its successors through a lineage row.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.text import fold

REFORM_2025 = datetime.date(2025, 7, 1)
REFORM_2025_BASIS = "Nghị quyết 202/2025/QH15"


def _ancestors(node: models.Model) -> list:
    """Parents up to the root, nearest first; stops at a cycle rather than looping (clean() reports cycles)."""
    chain, parent, seen = [], node.parent, {node.pk}
    while parent is not None and parent.pk not in seen:
        chain.append(parent)
        seen.add(parent.pk)
        parent = parent.parent
    return chain


class AdministrativeUnitQuerySet(models.QuerySet):
    def provinces(self) -> AdministrativeUnitQuerySet:
        return self.filter(level=AdministrativeUnit.Level.PROVINCE)

    def communes(self) -> AdministrativeUnitQuerySet:
        return self.filter(level=AdministrativeUnit.Level.COMMUNE)

    def villages(self) -> AdministrativeUnitQuerySet:
        return self.filter(level=AdministrativeUnit.Level.VILLAGE)

    def in_force_on(self, day: datetime.date) -> AdministrativeUnitQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def current(self) -> AdministrativeUnitQuerySet:
        return self.filter(valid_to__isnull=True)

    def search(self, term: str) -> AdministrativeUnitQuerySet:
        return self.filter(search_name__contains=fold(term)) if term.strip() else self


class AdministrativeUnit(models.Model):
    """A province, (historic) district, commune-level unit or village, as in force between two dates."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        DISTRICT = "district", _("Huyện, quận, thị xã (trước 2025)")
        COMMUNE = "commune", _("Xã, phường, thị trấn, đặc khu")
        VILLAGE = "village", _("Thôn, bản, tổ dân phố")

    class Kind(models.TextChoices):
        TINH = "tinh", _("Tỉnh")
        THANH_PHO_TW = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
        HUYEN = "huyen", _("Huyện")
        QUAN = "quan", _("Quận")
        THI_XA = "thi_xa", _("Thị xã")
        THANH_PHO = "thanh_pho", _("Thành phố thuộc tỉnh")
        XA = "xa", _("Xã")
        PHUONG = "phuong", _("Phường")
        THI_TRAN = "thi_tran", _("Thị trấn")
        DAC_KHU = "dac_khu", _("Đặc khu")
        THON = "thon", _("Thôn")
        BAN = "ban", _("Bản")
        AP = "ap", _("Ấp")
        XOM = "xom", _("Xóm")
        TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")

    KIND_LEVEL = {
        Kind.TINH: Level.PROVINCE,
        Kind.THANH_PHO_TW: Level.PROVINCE,
        Kind.HUYEN: Level.DISTRICT,
        Kind.QUAN: Level.DISTRICT,
        Kind.THI_XA: Level.DISTRICT,
        Kind.THANH_PHO: Level.DISTRICT,
        Kind.XA: Level.COMMUNE,
        Kind.PHUONG: Level.COMMUNE,
        Kind.THI_TRAN: Level.COMMUNE,
        Kind.DAC_KHU: Level.COMMUNE,
        Kind.THON: Level.VILLAGE,
        Kind.BAN: Level.VILLAGE,
        Kind.AP: Level.VILLAGE,
        Kind.XOM: Level.VILLAGE,
        Kind.TO_DAN_PHO: Level.VILLAGE,
    }
    # Which levels a unit of each level may sit under.
    PARENT_LEVELS = {
        Level.PROVINCE: (),
        Level.DISTRICT: (Level.PROVINCE,),
        Level.COMMUNE: (Level.DISTRICT, Level.PROVINCE),
        Level.VILLAGE: (Level.COMMUNE,),
    }

    code = models.CharField(
        _("mã"), max_length=20, help_text=_("Mã của Tổng cục Thống kê nếu có; thôn, bản: mã xã + số thứ tự.")
    )
    name = models.CharField(_("tên"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, editable=False)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True, help_text=_("Để trống nếu có từ trước."))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True, help_text=_("Ngày cuối cùng còn hiệu lực."))
    is_border = models.BooleanField(_("biên giới"), default=False)
    is_highland = models.BooleanField(_("miền núi, vùng cao"), default=False)
    is_ethnic_minority = models.BooleanField(_("vùng dân tộc thiểu số"), default=False)
    is_extremely_difficult = models.BooleanField(_("đặc biệt khó khăn"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "name"]
        indexes = [models.Index(fields=["level", "code"]), models.Index(fields=["parent", "level"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="adminunit_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Derived columns, kept in step so that every writer (admin, services, factories) agrees.
        self.level = self.KIND_LEVEL[self.kind]
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def ancestors(self) -> list[AdministrativeUnit]:
        return _ancestors(self)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        level = self.KIND_LEVEL.get(self.kind)
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Ngày kết thúc hiệu lực không được trước ngày bắt đầu.")
        if level and self.parent_id:
            if self.parent.level not in self.PARENT_LEVELS[level]:
                errors["parent"] = _("Đơn vị cấp %(level)s không thể trực thuộc %(parent)s.") % {
                    "level": self.Level(level).label,
                    "parent": self.parent,
                }
            elif self.pk and (self.parent.pk == self.pk or self.pk in {a.pk for a in self.parent.ancestors()}):
                errors["parent"] = _("Không thể chọn đơn vị cấp dưới của chính nó làm đơn vị trực thuộc.")
        elif level and level != self.Level.PROVINCE and not self.parent_id:
            errors["parent"] = _("Cần chọn đơn vị trực thuộc.")
        if level and self.code and "code" not in errors:
            clash = self._overlapping_same_code(level)
            if clash is not None:
                errors["code"] = _("Mã %(code)s đã được dùng cho %(other)s trong cùng thời gian hiệu lực.") % {
                    "code": self.code,
                    "other": clash,
                }
        if errors:
            raise ValidationError(errors)

    def _overlapping_same_code(self, level: str) -> AdministrativeUnit | None:
        """GSO codes are reused after reforms, so a code is unique per level among overlapping periods."""
        others = AdministrativeUnit.objects.filter(level=level, code=self.code).exclude(pk=self.pk)
        if self.valid_to:
            others = others.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=self.valid_to))
        if self.valid_from:
            others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        return others.first()


class UnitLineage(models.Model):
    """One unit's territory passing (wholly or partly) into another on a date."""

    class Change(models.TextChoices):
        MERGE = "merge", _("Sáp nhập, hợp nhất")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên")

    predecessor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị mới"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    change = models.CharField(_("hình thức"), max_length=10, choices=Change.choices, default=Change.MERGE)
    is_partial = models.BooleanField(_("chỉ một phần"), default=False)
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("quan hệ kế thừa đơn vị")
        verbose_name_plural = _("quan hệ kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unitlineage_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_date:%d/%m/%Y})"


class PartyOrganizationQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> PartyOrganizationQuerySet:
        return self.filter(
            Q(founded__isnull=True) | Q(founded__lte=day),
            Q(dissolved__isnull=True) | Q(dissolved__gt=day),
        )

    def active(self) -> PartyOrganizationQuerySet:
        return self.filter(dissolved__isnull=True)

    def grassroots(self) -> PartyOrganizationQuerySet:
        return self.filter(kind=PartyOrganization.Kind.GRASSROOTS)

    def cells(self) -> PartyOrganizationQuerySet:
        return self.filter(kind=PartyOrganization.Kind.CELL)

    def search(self, term: str) -> PartyOrganizationQuerySet:
        return self.filter(search_name__contains=fold(term)) if term.strip() else self


class PartyOrganization(models.Model):
    """A party committee or cell at any level, from the provincial committee down to a cell."""

    class Kind(models.TextChoices):
        PROVINCIAL = "provincial", _("Đảng bộ tỉnh, thành phố")
        DISTRICT = "district", _("Đảng bộ huyện (trước 2025)")
        GRASSROOTS = "grassroots", _("Tổ chức cơ sở đảng")
        CONSTITUENT = "constituent", _("Đảng bộ bộ phận")
        CELL = "cell", _("Chi bộ")

    class Sector(models.TextChoices):
        COMMUNE = "commune", _("Xã")
        WARD = "ward", _("Phường")
        TOWNSHIP = "township", _("Thị trấn")
        SPECIAL_ZONE = "special_zone", _("Đặc khu")
        AGENCY = "agency", _("Cơ quan")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        SCHOOL = "school", _("Trường học")
        ARMED_FORCES = "armed_forces", _("Lực lượng vũ trang")
        VILLAGE = "village", _("Thôn, bản, tổ dân phố")
        OTHER = "other", _("Khác")

    PARENT_KINDS = {
        Kind.PROVINCIAL: (),
        Kind.DISTRICT: (Kind.PROVINCIAL,),
        Kind.GRASSROOTS: (Kind.DISTRICT, Kind.PROVINCIAL),
        Kind.CONSTITUENT: (Kind.GRASSROOTS,),
        Kind.CELL: (Kind.GRASSROOTS, Kind.CONSTITUENT),
    }
    # The Statute (quoted in article 000): a cell needs 3 official members; 30 or more may form a committee.
    CELL_MIN_OFFICIAL_MEMBERS = 3
    CELL_COMMITTEE_THRESHOLD = 30

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    sector = models.CharField(_("lĩnh vực"), max_length=15, choices=Sector.choices, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="province_organizations",
        limit_choices_to={"level": AdministrativeUnit.Level.PROVINCE},
        help_text=_("Tỉnh mà tổ chức thuộc về; dùng để phân quyền theo phạm vi."),
    )
    admin_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị hành chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_organizations",
        help_text=_("Đơn vị hành chính mà tổ chức lãnh đạo (tỉnh, huyện, xã)."),
    )
    villages = models.ManyToManyField(
        AdministrativeUnit,
        verbose_name=_("thôn, bản phụ trách"),
        blank=True,
        related_name="cells",
        limit_choices_to={"level": AdministrativeUnit.Level.VILLAGE},
    )
    is_grassroots_cell = models.BooleanField(
        _("chi bộ cơ sở"), default=False, help_text=_("Tổ chức cơ sở đảng nhỏ, tổ chức thành chi bộ cơ sở.")
    )
    founded = models.DateField(_("ngày thành lập"), null=True, blank=True)
    dissolved = models.DateField(_("ngày giải thể, hợp nhất"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = PartyOrganizationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        ordering = ["code"]
        indexes = [models.Index(fields=["province", "kind"]), models.Index(fields=["parent", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved__isnull=True) | Q(founded__isnull=True) | Q(dissolved__gte=models.F("founded")),
                name="partyorg_dissolved_after_founded",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.dissolved is None

    def ancestors(self) -> list[PartyOrganization]:
        return _ancestors(self)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.founded and self.dissolved and self.dissolved < self.founded:
            errors["dissolved"] = _("Ngày giải thể không được trước ngày thành lập.")
        allowed = self.PARENT_KINDS.get(self.kind, ())
        if self.parent_id:
            if self.parent.kind not in allowed:
                errors["parent"] = _("%(kind)s không thể trực thuộc %(parent)s.") % {
                    "kind": self.get_kind_display(),
                    "parent": self.parent.get_kind_display(),
                }
            elif self.pk and (self.parent.pk == self.pk or self.pk in {a.pk for a in self.parent.ancestors()}):
                errors["parent"] = _("Không thể chọn tổ chức cấp dưới của chính nó làm tổ chức cấp trên.")
            elif self.province_id and self.parent.province_id != self.province_id:
                errors["province"] = _("Tổ chức phải cùng tỉnh với tổ chức cấp trên (%(province)s).") % {
                    "province": self.parent.province
                }
        elif allowed:
            errors["parent"] = _("Cần chọn tổ chức cấp trên.")
        if self.province_id and self.province.level != AdministrativeUnit.Level.PROVINCE:
            errors["province"] = _("Cần chọn một tỉnh hoặc thành phố trực thuộc trung ương.")
        if errors:
            raise ValidationError(errors)


class OrganizationLineage(models.Model):
    """A party organization merged or split into another on a date."""

    predecessor = models.ForeignKey(
        PartyOrganization, verbose_name=_("tổ chức cũ"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        PartyOrganization, verbose_name=_("tổ chức mới"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("quan hệ kế thừa tổ chức đảng")
        verbose_name_plural = _("quan hệ kế thừa tổ chức đảng")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="orglineage_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class UserScope(models.Model):
    """A user's role and the organization whose subtree they work in (admins are superusers and need none)."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Cán bộ Ban Tổ chức")
        APPROVER = "approver", _("Người phê duyệt")
        ANALYST = "analyst", _("Người phân tích")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="scope"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    organization = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("phạm vi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đảng bộ tỉnh, huyện hoặc cơ sở mà người dùng phụ trách. Người phân tích: để trống."),
    )

    class Meta:
        verbose_name = _("phạm vi người dùng")
        verbose_name_plural = _("phạm vi người dùng")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization or '—'}"

    def clean(self) -> None:
        if self.role in (self.Role.STAFF, self.Role.APPROVER) and not self.organization_id:
            raise ValidationError({"organization": _("Cán bộ và người phê duyệt cần có phạm vi.")})


class PendingUpload(models.Model):
    """A file of organizations or members checked on the web and waiting for its confirmation.

    Kept in the database, not on one server's disk, so that the confirmation may reach any app server; used up in
    the transaction that writes its rows.
    """

    kind = models.CharField(max_length=20)
    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("tệp chờ xác nhận")
        verbose_name_plural = _("tệp chờ xác nhận")

    def __str__(self) -> str:
        return self.name
