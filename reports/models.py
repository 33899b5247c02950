"""Reports: published figures that are not ratings, and the summary tables the dashboards read.

The dashboards never aggregate raw ratings per request: `OrganizationSummary` (one row per organization, year,
subject and tier) and `ProvinceSummary` (the same per province and area type) are maintained by
`reports.services.summaries_refresh` / `summaries_rebuild`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ratings.models import TIER_CHOICES, Subject


class Article(models.Model):
    """A published source whose figures are stored as data (the seeds named in domain.md)."""

    key = models.SlugField(_("mã"), max_length=20, unique=True)
    title = models.CharField(_("tiêu đề"), max_length=300)
    title_vi = models.CharField(_("tiêu đề (dịch)"), max_length=300, blank=True)
    authors = models.CharField(_("tác giả"), max_length=300, blank=True)
    publication = models.CharField(_("nơi đăng"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("năm đăng"), null=True, blank=True)
    published = models.CharField(
        _("ngày đăng"), max_length=200, blank=True,
        help_text=_("Như nguồn cho biết; khi bài không ghi ngày, nói vậy và ghi mốc thời gian của số liệu."),
    )
    seed_file = models.CharField(_("tệp nguồn"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("bài viết nguồn")
        verbose_name_plural = _("bài viết nguồn")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"[{self.key}] {self.title}"

    @property
    def citation(self) -> str:
        """Title, outlet and date, the way the pages cite the article."""
        return " — ".join(part for part in (f"“{self.title}”", self.publication, self.published) if part)


class Indicator(models.TextChoices):
    """Figures the articles give that are not counts per rating tier."""

    GPO_TOTAL = "gpo_total", _("Số tổ chức cơ sở đảng")
    VILLAGES_WITHOUT_CELL = "villages_without_cell", _("Thôn, bản chưa có chi bộ")
    VILLAGES_WITHOUT_MEMBER = "villages_without_member", _("Thôn, bản chưa có đảng viên")
    MEMBERS_GOOD_OR_BETTER = "members_good_or_better", _("Đảng viên hoàn thành tốt nhiệm vụ trở lên")
    MEMBERS_VIOLATED_DISCIPLINE = "members_violated_discipline", _("Đảng viên vi phạm kỷ luật")
    MEMBERS_TOTAL = "members_total", _("Tổng số đảng viên")
    MEMBERS_ADMITTED = "members_admitted", _("Đảng viên mới kết nạp")
    MEMBERS_REMOVED = "members_removed", _("Đảng viên bị đưa ra khỏi Đảng")
    MEMBERS_DISCIPLINED = "members_disciplined", _("Đảng viên bị kỷ luật")
    MEMBERS_ETHNIC_SHARE = "members_ethnic_share", _("Tỷ lệ đảng viên là người dân tộc")
    CELLS_CLEAN_STRONG = "cells_clean_strong", _("Chi bộ trong sạch, vững mạnh")
    CELLS_EXEMPLARY = "cells_exemplary", _("Chi bộ trong sạch, vững mạnh tiêu biểu")
    CELLS_WEAK = "cells_weak", _("Chi bộ yếu kém")
    AFFILIATED_CELLS = "affiliated_cells", _("Chi bộ trực thuộc")
    CONSTITUENT_COMMITTEES = "constituent_committees", _("Đảng bộ bộ phận")
    VILLAGES = "villages", _("Số thôn, bản")
    ETHNIC_GROUPS = "ethnic_groups", _("Số dân tộc")
    VILLAGE_HEADS = "village_heads", _("Trưởng thôn, bản, khối")
    VILLAGE_HEADS_MEMBERS = "village_heads_members", _("Trưởng thôn, bản, khối là đảng viên")
    VILLAGE_HEADS_NOT_MEMBERS = "village_heads_not_members", _("Trưởng thôn, bản, khối chưa là đảng viên")
    AWARENESS_CLASS_REFERRALS = "awareness_class_referrals", _(
        "Quần chúng được giới thiệu học lớp bồi dưỡng nhận thức về Đảng"
    )
    AWARENESS_CLASS_ELIGIBLE = "awareness_class_eligible", _(
        "Trong số đó: đủ điều kiện, đang chuẩn bị kết nạp"
    )
    NEW_MEMBERS_TARGET = "new_members_target", _("Chỉ tiêu kết nạp đảng viên mỗi năm")
    BORDER_GUARD_DEPUTY_SECRETARIES = "border_guard_deputy_secretaries", _(
        "Cán bộ biên phòng giữ chức Phó Bí thư Đảng ủy xã biên giới"
    )
    BORDER_GUARD_IN_HAMLETS = "border_guard_in_hamlets", _("Cán bộ biên phòng tham gia sinh hoạt ở thôn, bản trọng điểm")
    GRADUATES_TO_COMMUNES = "graduates_to_communes", _("Sinh viên tốt nghiệp về công tác ở xã")
    YOUNG_INTELLECTUALS = "young_intellectuals", _("Trí thức trẻ về xã miền núi nghèo")
    GRADUATES_VICE_CHAIRMEN = "graduates_vice_chairmen", _("Sinh viên tốt nghiệp làm Phó Chủ tịch UBND xã")
    CADRES_PROFESSIONAL_INTERMEDIATE = "cadres_professional_intermediate", _(
        "Cán bộ chủ chốt xã có trình độ chuyên môn trung cấp trở lên"
    )
    CADRES_UNIVERSITY = "cadres_university", _("Cán bộ chủ chốt xã có trình độ đại học")
    CADRES_THEORY_INTERMEDIATE = "cadres_theory_intermediate", _(
        "Cán bộ chủ chốt xã có trình độ lý luận chính trị trung cấp trở lên"
    )
    FULLTIME_UNIVERSITY_PER_COMMUNE = "fulltime_university_per_commune", _(
        "Cán bộ chuyên trách có trình độ đại học ở mỗi xã"
    )
    KEY_CADRES_UNIVERSITY_PER_COMMUNE = "key_cadres_university_per_commune", _(
        "Cán bộ chủ chốt có trình độ đại học ở mỗi xã"
    )
    FULLTIME_ELECTED_OFFICIALS = "fulltime_elected_officials", _("Cán bộ chuyên trách giữ chức vụ bầu cử cấp xã")
    KEY_CADRES_TRAINED = "key_cadres_trained", _("Cán bộ chủ chốt cấp xã được đào tạo, bồi dưỡng")
    DISTRICT_COMMITTEE_UNIVERSITY = "district_committee_university", _(
        "Ban Chấp hành Đảng bộ huyện: trình độ đại học trở lên"
    )
    DISTRICT_COMMITTEE_THEORY_INTERMEDIATE = "district_committee_theory_intermediate", _(
        "Ban Chấp hành Đảng bộ huyện: lý luận chính trị trung cấp trở lên"
    )
    DISTRICT_COMMITTEE_THEORY_SENIOR = "district_committee_theory_senior", _(
        "Ban Chấp hành Đảng bộ huyện: cao cấp lý luận chính trị, cử nhân chính trị"
    )
    DISTRICT_CADRES_UNIVERSITY = "district_cadres_university", _(
        "Cán bộ, công chức cấp huyện có trình độ đại học"
    )
    COMMUNES_WITHOUT_GPO = "communes_without_gpo", _("Xã, phường, thị trấn chưa có tổ chức cơ sở đảng")
    GPO_ADDED = "gpo_added", _("Tổ chức cơ sở đảng tăng thêm")


class IndicatorValue(models.Model):
    """One published figure for a place: a count, a share, a range, or a target, exactly as the source gives it."""

    article = models.ForeignKey(Article, verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="indicators")
    unit = models.ForeignKey(
        "organizations.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="indicator_values",
    )
    indicator = models.CharField(_("chỉ tiêu"), max_length=40, choices=Indicator.choices)
    group = models.CharField(
        _("nhóm"), max_length=120, blank=True, help_text=_("Ví dụ: xã miền núi; trong đó đại học.")
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    as_of = models.CharField(
        _("thời điểm"), max_length=120, blank=True, help_text=_("Khi nguồn ghi thời điểm bằng lời, ví dụ 'tháng 9/2022'.")
    )
    is_target = models.BooleanField(_("là chỉ tiêu đề ra"), default=False)
    count = models.PositiveIntegerField(_("số lượng"), null=True, blank=True)
    share = models.DecimalField(_("tỷ lệ (%)"), max_digits=6, decimal_places=2, null=True, blank=True)
    total = models.PositiveIntegerField(_("trên tổng số"), null=True, blank=True)
    value_min = models.PositiveIntegerField(_("từ"), null=True, blank=True)
    value_max = models.PositiveIntegerField(_("đến"), null=True, blank=True)
    quote = models.TextField(_("nguyên văn"), blank=True)
    quote_vi = models.TextField(_("bản dịch nguyên văn"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("số liệu công bố")
        verbose_name_plural = _("số liệu công bố")
        ordering = ["unit", "indicator", "year", "group"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__isnull=False) | Q(share__isnull=False) | Q(value_min__isnull=False),
                name="indicatorvalue_has_figure",
            ),
            models.UniqueConstraint(
                fields=["article", "unit", "indicator", "group", "year", "year_to", "is_target"],
                name="indicatorvalue_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_indicator_display()} · {self.year or self.as_of}"

    @property
    def display_value(self) -> str:
        if self.share is not None:
            return number_format(self.share.normalize()) + "%"
        if self.count is not None:
            return number_format(self.count, force_grouping=True) + (
                f"/{number_format(self.total, force_grouping=True)}" if self.total else "")
        if self.value_max is not None and self.value_max != self.value_min:
            return f"{self.value_min}–{self.value_max}"
        return str(self.value_min)


class PublishedFinding(models.Model):
    """A statement an article makes in words (a rank, a rise or fall) where it gives no numbers behind it."""

    class Kind(models.TextChoices):
        HIGHEST = "highest", _("cao nhất")
        SECOND = "second", _("cao thứ hai")
        TREND = "trend", _("xu hướng")
        CONCENTRATED = "concentrated", _("tập trung vào năm")
        NONE = "none", _("không có")
        RANGE = "range", _("trong khoảng")

    article = models.ForeignKey(Article, verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="findings")
    subject = models.CharField(_("đối tượng"), max_length=12, choices=Subject.choices)
    tier = models.PositiveSmallIntegerField(_("mức"), choices=TIER_CHOICES)
    kind = models.CharField(_("loại nhận định"), max_length=12, choices=Kind.choices)
    provinces = models.ManyToManyField(
        "organizations.AdministrativeUnit", verbose_name=_("tỉnh được nêu"), blank=True, related_name="+"
    )
    year_from = models.PositiveSmallIntegerField(_("từ năm"))
    year_to = models.PositiveSmallIntegerField(_("đến năm"))
    value_min = models.PositiveIntegerField(_("từ"), null=True, blank=True)
    value_max = models.PositiveIntegerField(_("đến"), null=True, blank=True)
    text_vi = models.TextField(_("nhận định"))
    quote = models.TextField(_("nguyên văn"), blank=True)
    quote_vi = models.TextField(_("bản dịch nguyên văn"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nhận định của bài viết")
        verbose_name_plural = _("nhận định của bài viết")
        ordering = ["article", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="publishedfinding_unique")]

    def __str__(self) -> str:
        return self.text_vi


class Source(models.TextChoices):
    DETAIL = "detail", _("Xếp loại chi tiết")
    RETURN = "return", _("Báo cáo tổng hợp")


class Area(models.TextChoices):
    ALL = "", _("Tất cả địa bàn")
    BORDER = "border", _("Biên giới")
    HIGHLAND = "highland", _("Miền núi, vùng cao")
    ETHNIC_MINORITY = "ethnic_minority", _("Vùng dân tộc thiểu số")
    EXTREMELY_DIFFICULT = "extremely_difficult", _("Đặc biệt khó khăn")


class OrganizationSummary(models.Model):
    """Tier counts per organization and year: a GPO's detailed ratings, or a reporting organization's return,
    under the province and unit recorded on the ratings or the return (where they were given)."""

    organization = models.ForeignKey("organizations.PartyOrganization", on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey("organizations.AdministrativeUnit", on_delete=models.CASCADE, related_name="+")
    admin_unit = models.ForeignKey(
        "organizations.AdministrativeUnit", null=True, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    subject = models.CharField(max_length=12, choices=Subject.choices)
    population = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=6, choices=Source.choices)
    tier = models.PositiveSmallIntegerField(choices=TIER_CHOICES)
    count = models.PositiveIntegerField(null=True)
    share = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    total = models.PositiveIntegerField(null=True)
    # The reporting unit's cycle of the year is approved: the figure is final, not provisional ("tạm tính").
    approved = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["organization", "year"]),
            models.Index(fields=["province", "year", "subject"]),
        ]


class ProvinceSummary(models.Model):
    """Tier counts and shares per province, area type, year and subject: what the dashboards read."""

    province = models.ForeignKey("organizations.AdministrativeUnit", on_delete=models.CASCADE, related_name="+")
    current_province = models.ForeignKey(
        "organizations.AdministrativeUnit", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    area = models.CharField(max_length=20, choices=Area.choices, blank=True)
    year = models.PositiveSmallIntegerField()
    subject = models.CharField(max_length=12, choices=Subject.choices)
    population = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=6, choices=Source.choices)
    tier = models.PositiveSmallIntegerField(choices=TIER_CHOICES)
    count = models.PositiveIntegerField(null=True)
    share = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    total = models.PositiveIntegerField(null=True)
    # Detailed ratings win where they exist; the return is kept, marked superseded, and both are flagged if they differ.
    superseded = models.BooleanField(default=False)
    conflict = models.BooleanField(default=False)
    # Some reporting unit behind this figure has not had its year approved: shown as "tạm tính".
    provisional = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["subject", "area", "year"]),
            models.Index(fields=["province", "year"]),
        ]


class SummaryState(models.Model):
    """A single row whose version changes whenever summaries change (cache keys include it)."""

    version = models.PositiveBigIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True)
    refreshed_at = models.DateTimeField(null=True)
