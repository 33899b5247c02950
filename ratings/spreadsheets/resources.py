"""django-import-export resources of Rating: one column set for members, one for organizations.

Subjects are named by their codes (party card number, organization code), levels by label and tier, so that
a file can be read by people and read back by `import_ratings` unchanged.
"""

from __future__ import annotations

import tablib
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from organizations.access import subtree_filter
from organizations.models import PartyOrganization
# render is offered here too: the ratings views and commands export through this module.
from organizations.spreadsheets.cells import render, safe_text  # noqa: F401
from ratings.models import Rating

# Column titles (Vietnamese, as users see them); the reader also accepts them typed without diacritics.
CARD = _("Số thẻ đảng viên")
NAME = _("Họ và tên")
CELL = _("Chi bộ")
ORG_CODE = _("Mã tổ chức")
ORG_NAME = _("Tên tổ chức")
YEAR = _("Năm")
LEVEL = _("Mức xếp loại")
TIER = _("Bậc (1-4)")
SCORE = _("Điểm")
EXCEEDED = _("Nhiệm vụ vượt yêu cầu (%)")
EXEMPLARY = _("Tiêu biểu")
NOT_REVIEWED = _("Không đánh giá")
DECIDED_ON = _("Ngày quyết định")
DECIDING_BODY = _("Cấp quyết định")
OVERRIDE = _("Lý do vượt quy định")
NOTE = _("Ghi chú")

YES = "có"

# What each column takes, in the users' words: shown as a note on the template's header cells and on the help page.
COLUMN_NOTES = {
    "card_number": _("Bắt buộc với đảng viên. Số thẻ đảng viên như trong hồ sơ. Cột định dạng Văn bản để giữ các "
                     "chữ số 0 ở đầu."),
    "full_name": _("Để người đọc đối chiếu; khi nhập không đọc cột này."),
    "cell": _("Để người đọc đối chiếu; khi nhập không đọc cột này."),
    "org_code": _("Bắt buộc với tổ chức đảng. Mã tổ chức trong hệ thống (ghi trên trang của tổ chức)."),
    "org_name": _("Để người đọc đối chiếu; khi nhập không đọc cột này."),
    "year": _("Bắt buộc. Năm đánh giá, 4 chữ số (ví dụ 2024); không ghi năm chưa tới."),
    "level": _("Tên mức theo quy định của năm (chọn trong danh sách; gõ không dấu cũng được). Có thể để trống khi "
               "đã ghi bậc, khi năm chấm điểm và đã ghi điểm, hoặc khi ghi lý do không đánh giá."),
    "tier": _("1, 2, 3 hoặc 4 (1 là mức cao nhất). Ghi cả tên mức thì hai cột phải khớp nhau."),
    "score": _("Điểm trên thang 100, tối đa 2 chữ số thập phân, với các năm chấm điểm; để trống nếu không chấm. "
               "Không ghi mức thì mức theo ngưỡng điểm của quy định."),
    "exceeded_share": _("Tỷ lệ nhiệm vụ hoàn thành vượt yêu cầu, từ 0 đến 100 (Quy định 366-QĐ/TW, Điều 11: mức 1 "
                        "cần ít nhất 30%); để trống nếu không ghi nhận."),
    "is_exemplary": _("Ghi “có” nếu được công nhận tiêu biểu, “không” nếu không."),
    "not_reviewed": _("Chỉ ghi khi không đánh giá (chọn lý do trong danh sách); khi đó để trống mức và bậc."),
    "decided_on": _("Ngày quyết định, dạng dd/mm/yyyy; có thể để trống."),
    "deciding_body": _("Cấp ủy quyết định; có thể để trống."),
    "override_reason": _("Ghi khi cấp ủy quyết định vượt trần hoặc trái một quy tắc: lý do của quyết định."),
    "note": _("Ghi chú tùy ý; có thể để trống."),
}
# A blank cell keeps what is stored (a file may carry only the columns someone filled in); clearing is explicit.
_KEEPS = _("Ô trống giữ giá trị đang lưu; ghi “(xóa)” để xóa giá trị đó.")
for _name in ("score", "exceeded_share", "is_exemplary", "decided_on", "deciding_body", "override_reason", "note"):
    COLUMN_NOTES[_name] = format_lazy("{} {}", COLUMN_NOTES[_name], _KEEPS)


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class _RatingColumns(resources.ModelResource):
    year = fields.Field(column_name=YEAR)
    level = fields.Field(column_name=LEVEL)
    tier = fields.Field(column_name=TIER)
    score = fields.Field(column_name=SCORE)
    exceeded_share = fields.Field(column_name=EXCEEDED)
    is_exemplary = fields.Field(column_name=EXEMPLARY)
    not_reviewed = fields.Field(column_name=NOT_REVIEWED)
    decided_on = fields.Field(column_name=DECIDED_ON)
    deciding_body = fields.Field(column_name=DECIDING_BODY)
    override_reason = fields.Field(column_name=OVERRIDE)
    note = fields.Field(column_name=NOTE)

    def dehydrate_year(self, rating: Rating) -> int:
        return rating.year

    def dehydrate_level(self, rating: Rating) -> str:
        return rating.level.label_vi if rating.level_id else ""

    def dehydrate_tier(self, rating: Rating):
        return rating.level.tier if rating.level_id else ""

    def dehydrate_score(self, rating: Rating) -> str:
        return "" if rating.score is None else format(rating.score.normalize(), "f")

    def dehydrate_exceeded_share(self, rating: Rating) -> str:
        return "" if rating.exceeded_share is None else format(rating.exceeded_share.normalize(), "f")

    def dehydrate_is_exemplary(self, rating: Rating) -> str:
        return YES if rating.is_exemplary else ""

    def dehydrate_not_reviewed(self, rating: Rating) -> str:
        return rating.get_not_reviewed_display() if rating.not_reviewed else ""

    def dehydrate_decided_on(self, rating: Rating) -> str:
        return _date(rating.decided_on)

    def dehydrate_deciding_body(self, rating: Rating) -> str:
        return safe_text(rating.deciding_body)

    def dehydrate_override_reason(self, rating: Rating) -> str:
        return safe_text(rating.override_reason)

    def dehydrate_note(self, rating: Rating) -> str:
        return safe_text(rating.note)


class MemberRatingResource(_RatingColumns):
    card_number = fields.Field(column_name=CARD)
    full_name = fields.Field(column_name=NAME)
    cell = fields.Field(column_name=CELL)

    class Meta:
        model = Rating
        fields = ("card_number", "full_name", "cell", "year", "level", "tier", "score", "exceeded_share",
                  "is_exemplary", "not_reviewed", "decided_on", "deciding_body", "override_reason", "note")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        # The admin exports its whole list through either resource: keep this resource's subjects only.
        return queryset.filter(member__isnull=False).select_related("level", "member__cell", "cell")

    def dehydrate_card_number(self, rating: Rating) -> str:
        return rating.member.card_number or ""

    def dehydrate_full_name(self, rating: Rating) -> str:
        return safe_text(rating.member.full_name)

    def dehydrate_cell(self, rating: Rating) -> str:
        # The cell the rating was given in (the member may have moved since).
        return safe_text((rating.cell or rating.member.cell).name)


class OrganizationRatingResource(_RatingColumns):
    org_code = fields.Field(column_name=ORG_CODE)
    org_name = fields.Field(column_name=ORG_NAME)

    class Meta:
        model = Rating
        fields = ("org_code", "org_name", "year", "level", "tier", "score", "exceeded_share", "is_exemplary",
                  "not_reviewed", "decided_on", "deciding_body", "override_reason", "note")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.filter(organization__isnull=False).select_related("level", "organization")

    def dehydrate_org_code(self, rating: Rating) -> str:
        return rating.organization.code

    def dehydrate_org_name(self, rating: Rating) -> str:
        return safe_text(rating.organization.name)


RESOURCES = {"member": MemberRatingResource, "organization": OrganizationRatingResource}


def columns(subject: str) -> list[tuple[str, str, str]]:
    """(field, column title, what it takes) of a subject's file, in the file's order."""
    resource = RESOURCES[subject]()
    return [(name, str(resource.fields[name].column_name), str(COLUMN_NOTES[name]))
            for name in resource._meta.fields]


def export_queryset(*, year: int, subject: str, scope: PartyOrganization | None = None,
                    base: QuerySet | None = None) -> QuerySet:
    """The ratings of one year and subject, optionally within an organization's subtree, in a stable order."""
    qs = base if base is not None else Rating.objects.all()
    qs = qs.filter(year=year).select_related("level")
    if subject == "member":
        qs = qs.filter(member__isnull=False).select_related("member__cell", "cell")
        if scope is not None:
            qs = qs.filter(subtree_filter(scope.pk, "member__cell__"))
        return qs.order_by("member__card_number", "member_id")
    qs = qs.filter(organization__isnull=False).select_related("organization")
    if scope is not None:
        qs = qs.filter(subtree_filter(scope.pk, "organization__"))
    return qs.order_by("organization__code")


def dataset_for(*, year: int, subject: str, scope: PartyOrganization | None = None,
                base: QuerySet | None = None) -> tablib.Dataset:
    return RESOURCES[subject]().export(export_queryset(year=year, subject=subject, scope=scope, base=base))
