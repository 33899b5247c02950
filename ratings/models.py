"""Annual classification: schemes as data, detailed ratings, summary returns, and the yearly workflow."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.inputs import note_validator

# The four tiers common to every scheme. Each year's scheme names them (Level.label_vi); these words are only the
# tier's own name, with the organizations' labels used up to 2017 (20-HD/BTCTW, 27-HD/BTCTW) in brackets.
TIER_CHOICES = [
    (1, _("Mức 1: hoàn thành xuất sắc nhiệm vụ (tổ chức đảng đến năm 2017: trong sạch, vững mạnh)")),
    (2, _("Mức 2: hoàn thành tốt nhiệm vụ")),
    (3, _("Mức 3: hoàn thành nhiệm vụ")),
    (4, _("Mức 4: không hoàn thành nhiệm vụ (tổ chức đảng đến năm 2017: yếu kém)")),
]


class Subject(models.TextChoices):
    """What is rated. Organizations are told apart by kind; the scheme is per organizations / members."""

    GPO = "gpo", _("Tổ chức cơ sở đảng")
    CONSTITUENT = "constituent", _("Đảng bộ bộ phận")
    CELL = "cell", _("Chi bộ")
    MEMBER = "member", _("Đảng viên")


class Scheme(models.Model):
    """A classification scheme in force for a range of years (a regulation or guideline)."""

    class Applies(models.TextChoices):
        ORGANIZATION = "organization", _("Tổ chức đảng")
        MEMBER = "member", _("Đảng viên")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    applies_to = models.CharField(_("áp dụng cho"), max_length=12, choices=Applies.choices)
    first_year = models.PositiveSmallIntegerField(_("từ năm"))
    last_year = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    regulation = models.CharField(
        _("văn bản"), max_length=200, blank=True,
        help_text=_("Để trống khi không nguồn nào nêu văn bản (các năm trước 2008)."),
    )
    clause = models.CharField(_("điều, khoản"), max_length=120, blank=True)
    confirmed = models.BooleanField(
        _("đã đối chiếu"), default=False,
        help_text=_("Tên các mức và khoảng năm đã đối chiếu với văn bản hoặc nguồn đáng tin cậy."),
    )
    confirmation = models.TextField(_("căn cứ đối chiếu"), blank=True,
                                    help_text=_("Nguồn khẳng định, và điều gì còn chưa khẳng định."))
    uses_score = models.BooleanField(_("chấm điểm 100"), default=False)
    has_exemplary = models.BooleanField(_("có danh hiệu tiêu biểu"), default=False)
    excellent_quota_percent = models.DecimalField(
        _("trần xuất sắc (% số tốt)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Ví dụ 20: số xuất sắc không quá 20% số hoàn thành tốt (21-HD/BTCTW, 2019)."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy định xếp loại")
        verbose_name_plural = _("quy định xếp loại")
        ordering = ["applies_to", "first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                name="scheme_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        end = self.last_year or "…"
        return f"{self.name} ({self.first_year}–{end})"

    @property
    def source(self) -> str:
        """The document and clause in words, or that no source names one."""
        return cite(self.regulation, self.clause)

    def clean(self) -> None:
        # One scheme per subject and year: with two, the grids would offer one and the checks accept the other.
        # A new regulation closes the previous one (its "to year") first.
        if self.first_year is None or not self.applies_to:
            return
        overlapping = Scheme.objects.filter(applies_to=self.applies_to).exclude(pk=self.pk).filter(
            Q(last_year__isnull=True) | Q(last_year__gte=self.first_year))
        if self.last_year is not None:
            overlapping = overlapping.filter(first_year__lte=self.last_year)
        other = overlapping.first()
        if other is not None:
            raise ValidationError({"first_year": _("Trùng năm với quy định “%(other)s”; sửa “đến năm” của quy định "
                                                   "đó trước.") % {"other": other}})
        if self.pk:
            # Ratings kept under this scheme must stay inside its years.
            outside = Rating.objects.filter(level__scheme=self).filter(
                Q(year__lt=self.first_year) | (Q(year__gt=self.last_year) if self.last_year is not None else Q(pk=None)))
            year = outside.values_list("year", flat=True).order_by("year").first()
            if year is not None:
                raise ValidationError({"first_year": _("Đã có kết quả xếp loại năm %(year)s theo quy định này; khoảng "
                                                       "năm phải bao gồm năm đó.") % {"year": year}})


class Level(models.Model):
    """One level of a scheme, with its labels and its common tier (1 best … 4 worst)."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("quy định"), on_delete=models.CASCADE, related_name="levels")
    tier = models.PositiveSmallIntegerField(_("mức"), choices=TIER_CHOICES)
    label_vi = models.CharField(_("tên mức (tiếng Việt)"), max_length=120)
    label_en = models.CharField(_("tên mức (tiếng Anh)"), max_length=120)
    min_score = models.DecimalField(_("điểm tối thiểu"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")
        ordering = ["scheme", "tier"]
        constraints = [models.UniqueConstraint(fields=["scheme", "tier"], name="level_unique_tier")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The level's name in the active language: the English one where it is kept (the Vietnamese otherwise)."""
        if get_language() == "en" and self.label_en:
            return self.label_en
        return self.label_vi


def cite(regulation: str, clause: str = "") -> str:
    if not regulation:
        return str(_("không nguồn nào nêu văn bản"))
    return f"{regulation}, {clause}" if clause else regulation


class Rule(models.Model):
    """One rule of a scheme, with where it is written and whether that has been checked against the text.

    A rule in force for a scheme is a row here; a rule whose source is not confirmed only ever warns (a board
    must be able to record what it decided), a confirmed one may refuse a save.
    """

    class Kind(models.TextChoices):
        SCORE_MIN = "score_min", _("Ngưỡng điểm của một mức")
        MEMBER_DISCIPLINE = "member_discipline", _("Đảng viên bị kỷ luật trong năm: mức 4")
        DISCIPLINE_REMEDY = "discipline_remedy", _("Ngoại lệ: đảng viên tự phát hiện, khắc phục vi phạm")
        COLLECTIVE_DISCIPLINE = "collective_discipline", _(
            "Tổ chức có đảng viên hoặc tổ chức trực thuộc bị kỷ luật: không xếp mức 1")
        LEADERSHIP_DISCIPLINE = "leadership_discipline", _(
            "Đơn vị trực thuộc hoặc thành viên tập thể lãnh đạo bị kỷ luật: không xếp mức 1")
        EXCEEDED_TASKS = "exceeded_tasks", _("Mức 1 cần một tỷ lệ nhiệm vụ hoàn thành vượt yêu cầu")
        QUOTA = "quota", _("Trần số đảng viên mức 1 so với số mức 2")
        PARTS = "parts", _("Mức của tổ chức theo mức của các bộ phận")
        WEAK_PARTS = "weak_parts", _("Yếu kém khi quá 1/3 tổ chức trực thuộc yếu kém")
        WEAK_MEMBERS = "weak_members", _("Chi bộ yếu kém khi quá 1/2 đảng viên không hoàn thành nhiệm vụ")
        WEAK_DISCIPLINE = "weak_discipline", _("Yếu kém khi có đảng viên bị kỷ luật vì tham nhũng, tiêu cực, suy thoái")
        NEW_MEMBER = "new_member", _("Không đánh giá đảng viên kết nạp dưới 6 tháng")
        MANUAL = "manual", _("Điều kiện do cấp ủy xem xét (không kiểm tra tự động)")

    scheme = models.ForeignKey(Scheme, verbose_name=_("quy định"), on_delete=models.CASCADE, related_name="rules")
    code = models.SlugField(_("mã"), max_length=40)
    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    tier = models.PositiveSmallIntegerField(_("mức"), choices=TIER_CHOICES, null=True, blank=True,
                                            help_text=_("Với ngưỡng điểm: mức có ngưỡng này."))
    value = models.DecimalField(_("tham số"), max_digits=5, decimal_places=2, null=True, blank=True,
                                help_text=_("Ví dụ 30: tỷ lệ nhiệm vụ vượt yêu cầu tối thiểu (%)."))
    statement = models.TextField(_("nội dung"))
    regulation = models.CharField(_("văn bản"), max_length=200, blank=True)
    clause = models.CharField(_("điều, khoản"), max_length=120, blank=True)
    confirmed = models.BooleanField(
        _("đã đối chiếu"), default=False,
        help_text=_("Chưa đối chiếu: chỉ cảnh báo, không chặn việc lưu."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("quy tắc")
        verbose_name_plural = _("quy tắc")
        ordering = ["scheme", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="rule_unique_code")]

    def __str__(self) -> str:
        return self.statement

    @property
    def source(self) -> str:
        return cite(self.regulation or self.scheme.regulation, self.clause)


class Rating(models.Model):
    """One subject's classification for one year: an organization or a member, never both."""

    class NotReviewed(models.TextChoices):
        EXEMPTED = "exempted", _("Miễn đánh giá (miễn sinh hoạt, công tác)")
        SUSPENDED = "suspended", _("Đang bị đình chỉ")
        NEW_MEMBER = "new_member", _("Kết nạp dưới 6 tháng")
        NEW_ORGANIZATION = "new_organization", _("Mới thành lập")

    year = models.PositiveSmallIntegerField(_("năm"))
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("tổ chức đảng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    level = models.ForeignKey(Level, verbose_name=_("mức"), null=True, blank=True, on_delete=models.PROTECT)
    not_reviewed = models.CharField(_("không đánh giá"), max_length=20, choices=NotReviewed.choices, blank=True)
    score = models.DecimalField(
        _("điểm"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # Regulation 366-QĐ/TW, article 11: "excellent" needs at least 30% of the tasks done above the requirement.
    # The share is kept, not a yes/no, so that the figure the board counted stays and the threshold stays a rule.
    exceeded_share = models.DecimalField(
        _("nhiệm vụ vượt yêu cầu (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Tỷ lệ nhiệm vụ hoàn thành vượt yêu cầu (Quy định 366-QĐ/TW, Điều 11: mức 1 cần ít nhất 30%)."),
    )
    is_exemplary = models.BooleanField(_("tiêu biểu"), default=False)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    deciding_body = models.CharField(_("cấp quyết định"), max_length=200, blank=True)
    override_reason = models.TextField(
        _("lý do vượt quy định"), blank=True, help_text=_("Ghi lý do khi chấp nhận vượt trần hoặc trái quy tắc."),
        validators=[note_validator()],
    )
    note = models.TextField(_("ghi chú"), blank=True, validators=[note_validator()])
    version = models.PositiveIntegerField(default=1, editable=False)
    # Where the rating was given, recorded when it is written and never moved afterwards: a member's transfer or
    # a merger of units or organizations leaves past figures, the year's lock and the rules where they were.
    # A member's cell is the one on 31 December of the year reviewed (the last one that year if the member left).
    # Indexed: PostgreSQL checks a deleted cell against it row by row (no index: a scan of all ratings per cell).
    # Province and unit are not: units are hardly ever deleted, and each index costs gigabytes at national scale.
    cell = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name=_("chi bộ khi xếp loại"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )
    gpo = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name=_("tổ chức cơ sở đảng khi xếp loại"),
        on_delete=models.PROTECT, related_name="+", db_index=False, editable=False,
    )
    province = models.ForeignKey(
        "organizations.AdministrativeUnit", verbose_name=_("tỉnh, thành phố khi xếp loại"),
        on_delete=models.PROTECT, related_name="+", db_index=False, editable=False,
    )
    admin_unit = models.ForeignKey(
        "organizations.AdministrativeUnit", verbose_name=_("địa bàn khi xếp loại"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_index=False, editable=False,
    )

    # The place never changes after the rating is written: the audit rows need no index on it (four indexes more
    # on every history row cost an import of 100,000 ratings seconds).
    history = HistoricalRecords(no_db_index=["cell", "gpo", "province", "admin_unit"])

    class Meta:
        verbose_name = _("kết quả xếp loại")
        verbose_name_plural = _("kết quả xếp loại")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=False) & Q(member__isnull=True))
                | (Q(organization__isnull=True) & Q(member__isnull=False)),
                name="rating_one_subject",
            ),
            models.CheckConstraint(
                condition=(Q(level__isnull=False) & Q(not_reviewed=""))
                | (Q(level__isnull=True) & ~Q(not_reviewed="")),
                name="rating_level_or_not_reviewed",
            ),
            models.UniqueConstraint(
                fields=["organization", "year"], condition=Q(organization__isnull=False), name="rating_org_year"
            ),
            models.UniqueConstraint(
                fields=["member", "year"], condition=Q(member__isnull=False), name="rating_member_year"
            ),
        ]
        # (gpo, year): a GPO's ratings of a year, read by every summary refresh, lock and rule check.
        indexes = [models.Index(fields=["year", "level"]), models.Index(fields=["gpo", "year"], name="rating_gpo_year")]

    def __str__(self) -> str:
        return f"{self.organization or self.member} {self.year}: {self.level or self.get_not_reviewed_display()}"


class ReviewCycle(models.Model):
    """A reporting organization's year of ratings: draft → submitted → approved (read-only until reopened)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang nhập")
        SUBMITTED = "submitted", _("Đã trình")
        APPROVED = "approved", _("Đã phê duyệt")

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="review_cycles",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    reason = models.TextField(_("lý do"), blank=True, help_text=_("Bắt buộc khi mở lại năm đã phê duyệt."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ đánh giá")
        verbose_name_plural = _("kỳ đánh giá")
        ordering = ["-year", "organization"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="reviewcycle_org_year")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}: {self.get_status_display()}"


class SummaryReturn(models.Model):
    """Counts per level reported by an organization for a year, for units whose details are not in the system."""

    reporting_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="summary_returns",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    subject = models.CharField(_("đối tượng"), max_length=12, choices=Subject.choices)
    population = models.CharField(
        _("phạm vi"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: chi bộ trực thuộc đảng ủy xã; để trống nếu là toàn bộ."),
    )
    total = models.PositiveIntegerField(_("tổng số"), null=True, blank=True)
    reviewed = models.PositiveIntegerField(_("số được đánh giá"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True, validators=[note_validator()])
    version = models.PositiveIntegerField(default=1, editable=False)
    # The reporting organization's province and unit when the return was entered: a later merger of units does
    # not move its figures (like a rating's place, see Rating).
    province = models.ForeignKey(
        "organizations.AdministrativeUnit", verbose_name=_("tỉnh, thành phố khi báo cáo"),
        on_delete=models.PROTECT, related_name="+", editable=False,
    )
    admin_unit = models.ForeignKey(
        "organizations.AdministrativeUnit", verbose_name=_("địa bàn khi báo cáo"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")
        ordering = ["-year", "reporting_organization", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporting_organization", "year", "subject", "population"], name="summaryreturn_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reporting_organization} {self.year} {self.get_subject_display()}"


class SummaryCount(models.Model):
    """One tier's figure in a summary return: a count, a share, or both, as the source gives them."""

    summary_return = models.ForeignKey(SummaryReturn, on_delete=models.CASCADE, related_name="counts")
    tier = models.PositiveSmallIntegerField(_("mức"), choices=TIER_CHOICES)
    count = models.PositiveIntegerField(_("số lượng"), null=True, blank=True)
    share = models.DecimalField(
        _("tỷ lệ (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    exemplary = models.PositiveIntegerField(_("trong đó tiêu biểu"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu theo mức")
        verbose_name_plural = _("số liệu theo mức")
        ordering = ["summary_return", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["summary_return", "tier"], name="summarycount_unique_tier"),
            models.CheckConstraint(
                condition=Q(count__isnull=False) | Q(share__isnull=False), name="summarycount_count_or_share"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.summary_return} mức {self.tier}"


class PendingImport(models.Model):
    """A spreadsheet checked on the web and waiting for its confirmation.

    Kept in the database, not on one server's disk, so that the confirmation may reach any app server.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The version of each row's rating when the file was checked ({row: version}, 0 where none): a rating changed
    # between the preview and the confirmation is a conflict, not overwritten unseen.
    versions = models.JSONField(default=dict)
    # The rows that change or warn, field by field, as the preview shows them (paged from here, not re-read).
    preview = models.JSONField(default=list)
    summary = models.JSONField(default=dict)  # counts of the preview; once applied, what was written
    # Set in the transaction that writes the rows (the file's bytes are dropped then): a repeat is told so.
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tệp chờ xác nhận")
        verbose_name_plural = _("tệp chờ xác nhận")

    def __str__(self) -> str:
        return self.name
