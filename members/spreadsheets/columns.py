"""The columns of the members file (a sheet of members, an optional sheet of past events), as users see them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from members.models import Member, MemberEvent
from organizations.text import loose

MEMBER_SHEET = _("Đảng viên")
EVENT_SHEET = _("Sự kiện")

MEMBER_LABELS = {
    "card": _("Số thẻ đảng viên"),
    "citizen_id": _("Số định danh cá nhân"),
    "full_name": _("Họ và tên"),
    "birth": _("Ngày sinh"),
    "gender": _("Giới tính"),
    "ethnicity": _("Dân tộc"),
    "cell": _("Mã chi bộ"),
    "admitted_on": _("Ngày vào Đảng"),
    "official_on": _("Ngày chính thức"),
    "status": _("Tình trạng"),
    "note": _("Ghi chú"),
}
EVENT_LABELS = {
    "card": _("Số thẻ đảng viên"),
    "kind": _("Loại sự kiện"),
    "date": _("Ngày"),
    "from_cell": _("Từ chi bộ (mã)"),
    "to_cell": _("Đến chi bộ (mã)"),
    "discipline_level": _("Hình thức kỷ luật"),
    "deciding_body": _("Cấp quyết định"),
    "note": _("Ghi chú"),
}
MEMBER_NOTES = {
    "card": _("Bắt buộc. Số thẻ đảng viên; dòng có số thẻ đã có trong hệ thống sửa hồ sơ đó. Cột định dạng Văn "
              "bản để giữ các chữ số 0 ở đầu."),
    "citizen_id": _("12 chữ số của căn cước; ba chữ số đầu là mã tỉnh nơi đăng ký khai sinh. Mỗi số chỉ thuộc "
                    "một đảng viên."),
    "full_name": _("Bắt buộc với đảng viên mới."),
    "birth": _("Ngày sinh dd/mm/yyyy, hoặc chỉ năm sinh (4 chữ số) khi không rõ ngày."),
    "gender": _("Nam hoặc Nữ (chọn trong danh sách)."),
    "ethnicity": _("Tên dân tộc (chọn trong danh sách) hoặc mã của Tổng cục Thống kê (01–54)."),
    "cell": _("Bắt buộc với đảng viên mới: mã chi bộ đang sinh hoạt, trong phạm vi của bạn."),
    "admitted_on": _("Bắt buộc với đảng viên mới: ngày kết nạp dd/mm/yyyy (đủ 18 tuổi, không trước năm 1930)."),
    "official_on": _("Ngày công nhận chính thức, ít nhất 12 tháng sau ngày vào Đảng; để trống nếu còn dự bị."),
    "status": _("Để trống để tính từ các sự kiện; nếu ghi thì phải khớp (đã chuyển đi, xóa tên, từ trần cần sự "
                "kiện ở trang “Sự kiện”)."),
    "note": _("Ghi chú tùy ý. Ô trống giữ giá trị đang có; ghi “(xóa)” để xóa số định danh hoặc ghi chú."),
}
EVENT_NOTES = {
    "card": _("Số thẻ của một đảng viên ở trang “Đảng viên”."),
    "kind": _("Chuyển sinh hoạt, kỷ luật, xóa tên, từ trần, miễn hoặc thôi miễn sinh hoạt (chọn trong danh sách). "
              "Kết nạp và chính thức ghi ở trang “Đảng viên”."),
    "date": _("Bắt buộc: ngày của sự kiện, dd/mm/yyyy."),
    "from_cell": _("Mã chi bộ nơi đi; để trống thì lấy chi bộ đảng viên đang sinh hoạt vào ngày đó."),
    "to_cell": _("Với chuyển sinh hoạt: mã chi bộ nơi đến; để trống khi chuyển ra ngoài hệ thống."),
    "discipline_level": _("Với kỷ luật: khiển trách, cảnh cáo, cách chức hoặc khai trừ."),
    "deciding_body": _("Cấp quyết định (bắt buộc với kỷ luật)."),
    "note": _("Ghi chú tùy ý."),
}
IMPORTED_EVENT_KINDS = (
    MemberEvent.Kind.TRANSFER, MemberEvent.Kind.DISCIPLINE, MemberEvent.Kind.REMOVAL, MemberEvent.Kind.DEATH,
    MemberEvent.Kind.EXEMPTION, MemberEvent.Kind.EXEMPTION_END,
)


class Choices:
    """Choices read by label or value, typed with or without diacritics; folded once per import (at 100,000 rows,
    translating and folding every label of every row costs seconds)."""

    def __init__(self, choices, extra: dict[str, str] | None = None):
        self.by_text = {str(label): value for value, label in choices}  # as typed from the drop-down
        self.by_text.update({loose(str(label)): value for value, label in choices})
        self.by_text.update({loose(value): value for value, _label in choices})
        self.by_text.update(extra or {})
        self.labels = {value: str(label) for value, label in choices}

    def __call__(self, written: str) -> str | None:
        return self.by_text.get(written) or self.by_text.get(loose(written))


def member_choices() -> dict[str, Choices]:
    return {
        "gender": Choices(Member.Gender.choices, {"male": "M", "female": "F", "nu": "F"}),
        "status": Choices(Member.Status.choices),
        "kind": Choices(MemberEvent.Kind.choices),
        "discipline_level": Choices(MemberEvent.DisciplineLevel.choices),
    }
