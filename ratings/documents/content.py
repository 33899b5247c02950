"""What the board's documents say: the annual report of a reporting unit and a cell's record of its members' ratings.

Built once as plain data (texts already formatted as printed), then written as .docx (ratings.documents.word) or
as a print view (templates/ratings/documents/), so that both carry the same words and figures. The documents are
Vietnamese party documents whatever the page's language: they are built under the Vietnamese locale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from organizations.models import PartyOrganization
from organizations.selectors import reporting_unit
from ratings import selectors, tallies
from ratings.models import Rating, Subject
from ratings.schemes import MEMBER, ORGANIZATION, SchemeBook

Kind = PartyOrganization.Kind
BLANK = "…"
FILL = "……………………"  # a line left to be filled by hand

# Party committees are named after their organization: "Đảng bộ tỉnh Nghệ An" is led by the "Tỉnh ủy Nghệ An".
_COMMITTEES = (
    ("đảng bộ tỉnh ", "Tỉnh ủy ", "TU"),
    ("đảng bộ thành phố ", "Thành ủy ", "TU"),
    ("đảng bộ huyện ", "Huyện ủy ", "HU"),
    ("đảng bộ quận ", "Quận ủy ", "QU"),
    ("đảng bộ thị xã ", "Thị ủy ", "TU"),
    ("đảng bộ ", "Đảng ủy ", "ĐU"),
)
_PLACE_PREFIXES = ("thành phố ", "tỉnh ", "huyện ", "quận ", "thị xã ", "thị trấn ", "xã ", "phường ", "đặc khu ")


def committee(organization: PartyOrganization) -> tuple[str, str]:
    """The body that issues the organization's documents and its abbreviation in the number line."""
    name = organization.name.strip()
    if organization.kind == Kind.CELL or organization.is_grassroots_cell or name.lower().startswith("chi bộ"):
        return name, "CB"
    for prefix, body, short in _COMMITTEES:
        if name.lower().startswith(prefix):
            return body + name[len(prefix):], short
    return name, "ĐU"


def place_of(organization: PartyOrganization) -> str:
    """The place written before the date: the organization's commune or province without its kind."""
    unit = organization.admin_unit
    if unit is None:
        gpo = reporting_unit(organization)
        unit = gpo.admin_unit if gpo is not None else None
    name = unit.name if unit is not None else (organization.province.name if organization.province_id else "")
    for prefix in _PLACE_PREFIXES:
        if name.lower().startswith(prefix):
            return name[len(prefix):]
    return name or BLANK


def share_text(value: Decimal | None) -> str:
    """A share as Vietnamese documents write it: 66,67; 20 (no decimals when whole)."""
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value:.2f}".replace(".", ",")


def count_text(value: int | None) -> str:
    return "—" if value is None else f"{value:,}".replace(",", ".")


@dataclass
class Letterhead:
    superior: str  # the superior organization, upper case ("ĐẢNG BỘ TỈNH NGHỆ AN"); empty at the top
    issuer: str  # the issuing body, upper case ("ĐẢNG ỦY XÃ TIỀN PHONG")
    number: str  # "Số …-BC/ĐU"; empty where the document has no number
    place_date: str  # "Tiền Phong, ngày … tháng … năm …"
    party: str = "ĐẢNG CỘNG SẢN VIỆT NAM"


@dataclass
class Signature:
    on_behalf: str  # "T/M ĐẢNG ỦY"
    title: str = FILL
    name: str = FILL


@dataclass
class FigureRow:
    label: str
    total: str
    reviewed: str
    cells: list[tuple[str, str]]  # (count, share) for tiers 1–4
    source: str  # DETAIL or RETURN
    subject: str


@dataclass
class FigureTable:
    key: str  # "organizations" or "members"
    levels: list[str]  # the year's scheme's label of tiers 1–4
    rows: list[FigureRow]
    notes: list[str] = field(default_factory=list)


@dataclass
class Override:
    subject: str
    level: str
    warnings: str
    reason: str


@dataclass
class AnnualReport:
    organization: PartyOrganization
    year: int
    letterhead: Letterhead
    title: str
    subtitle: str
    intro: str
    tables: list[FigureTable]
    overrides: list[Override]
    recipients: list[str]
    signature: Signature
    headings: dict[str, str]


@dataclass
class RecordRow:
    number: int
    name: str
    level: str
    score: str
    exceeded: str
    note: str
    rated: bool = True


@dataclass
class CellRecord:
    organization: PartyOrganization
    year: int
    letterhead: Letterhead
    title: str
    subtitle: str
    show_score: bool
    show_exceeded: bool
    rows: list[RecordRow]
    summary: list[str]
    recipients: list[str]
    signature: Signature
    headings: dict[str, str]


def _letterhead(organization: PartyOrganization, *, number: bool) -> Letterhead:
    issuer, short = committee(organization)
    return Letterhead(
        superior=organization.parent.name.upper() if organization.parent_id else "",
        issuer=issuer.upper(),
        number=f"Số {BLANK}-BC/{short}" if number else "",
        place_date=_("%(place)s, ngày %(b)s tháng %(b)s năm %(b)s") % {"place": place_of(organization), "b": BLANK},
    )


def _on_behalf(organization: PartyOrganization) -> str:
    if organization.kind in (Kind.PROVINCIAL, Kind.DISTRICT):
        return _("T/M BAN THƯỜNG VỤ")
    _issuer, short = committee(organization)
    return _("T/M CHI BỘ") if short == "CB" else _("T/M ĐẢNG ỦY")


def _recipients(organization: PartyOrganization) -> list[str]:
    if organization.parent_id is None:
        return [_("Ban Tổ chức Trung ương (để báo cáo),"), _("Lưu Văn phòng.")]
    superior, short = committee(organization.parent)
    if organization.kind == Kind.CELL or short == "CB":
        return [_("%(body)s (để báo cáo),") % {"body": superior}, _("Lưu chi bộ.")]
    return [_("Ban Thường vụ %(body)s (để báo cáo),") % {"body": superior},
            _("Ban Tổ chức %(body)s,") % {"body": superior}, _("Lưu Văn phòng.")]


def _figure_rows(lines: list[tallies.Line]) -> list[FigureRow]:
    rows = []
    for line in lines:
        label = line.subject_label
        if line.source == tallies.RETURN:
            scope = f"{line.population}; " if line.population else ""
            label = _("%(subject)s (%(scope)stheo báo cáo tổng hợp)") % {"subject": label, "scope": scope}
        rows.append(FigureRow(label=label, total=count_text(line.total), reviewed=count_text(line.reviewed),
                              cells=[(count_text(count), share_text(share)) for _t, count, share in line.cells],
                              source=line.source, subject=line.subject))
    return rows


def _table(key: str, lines: list[tallies.Line], levels) -> FigureTable:
    table = FigureTable(key=key, levels=[level.label_vi for level in levels] or [BLANK] * 4, rows=_figure_rows(lines))
    if any(line.is_detail for line in lines):
        table.notes.append(_("Số liệu tính từ kết quả xếp loại chi tiết đã nhập; tỷ lệ trên số được đánh giá."))
    for line in lines:
        if line.source == tallies.RETURN and line.reference:
            table.notes.append(_("%(subject)s: theo %(source)s.") % {"subject": line.subject_label,
                                                                   "source": line.reference})
    return table


def _overrides(organization: PartyOrganization, year: int) -> list[Override]:
    """Ratings recorded with a reason against a rule, with what the rules say of them without that reason."""
    organizations, members = tallies.detail_scope(organization)
    ratings = list(Rating.objects.filter(organizations | members, year=year).exclude(override_reason="")
                   .select_related("organization", "member", "level")
                   .order_by("gpo__code", "organization__code", "cell__code", "member__search_name", "pk"))
    gpo_ids = {rating.gpo_id for rating in ratings}
    found: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for gpo in PartyOrganization.objects.filter(pk__in=gpo_ids):
        report = selectors.unit_check_report(gpo, year, ignore_reasons=True)
        labels.update(report.labels)
        for issue in report.issues:
            found.setdefault(issue.ref, []).append(str(issue))
    overrides = []
    for rating in ratings:
        ref = f"o{rating.organization_id}" if rating.organization_id else f"m{rating.member_id}"
        subject = labels.get(ref) or str(rating.organization or rating.member)
        level = rating.level.label_vi if rating.level_id else rating.get_not_reviewed_display()
        overrides.append(Override(subject=subject, level=level, warnings="; ".join(found.get(ref, [])) or "—",
                                  reason=rating.override_reason))
    return overrides


def annual_report(organization: PartyOrganization, year: int) -> AnnualReport:
    """The annual report of a reporting unit (a GPO, a district or a provincial committee) for a year."""
    with translation.override("vi"):
        book = SchemeBook()
        lines = tallies.unit_lines(organization, year)
        scheme = book.scheme(ORGANIZATION, year)
        issuer, _short = committee(organization)
        basis = scheme.regulation if scheme and scheme.regulation else _("hướng dẫn của cấp ủy cấp trên")
        tables = [
            _table("organizations", [line for line in lines if line.subject != Subject.MEMBER],
                   book.levels(ORGANIZATION, year)),
            _table("members", [line for line in lines if line.subject == Subject.MEMBER], book.levels(MEMBER, year)),
        ]
        return AnnualReport(
            organization=organization, year=year, letterhead=_letterhead(organization, number=True),
            title=_("BÁO CÁO"),
            subtitle=_("Kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm %(year)s") % {"year": year},
            intro=_("Thực hiện %(basis)s về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân "
                    "trong hệ thống chính trị, %(issuer)s báo cáo kết quả đánh giá, xếp loại chất lượng tổ chức đảng, "
                    "đảng viên năm %(year)s như sau:") % {"basis": basis, "issuer": issuer, "year": year},
            tables=tables, overrides=_overrides(organization, year), recipients=_recipients(organization),
            signature=Signature(on_behalf=_on_behalf(organization)),
            headings={
                "organizations": _("I. KẾT QUẢ XẾP LOẠI TỔ CHỨC ĐẢNG"),
                "members": _("II. KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN"),
                "overrides": _("III. CÁC TRƯỜNG HỢP CẤP ỦY QUYẾT ĐỊNH KHÁC CẢNH BÁO CỦA QUY ĐỊNH"),
                "subject": _("Đối tượng"), "total": _("Tổng số"), "reviewed": _("Được đánh giá"),
                "count": _("SL"), "share": _("Tỷ lệ %"), "none": _("Chưa có số liệu."),
                "no_overrides": _("Không có trường hợp nào."), "number": _("STT"), "level": _("Mức xếp loại"),
                "warnings": _("Cảnh báo theo quy định"), "reason": _("Lý do của cấp ủy"),
                "recipients": _("Nơi nhận:"),
            },
        )


def _record_rows(cell: PartyOrganization, year: int) -> list[RecordRow]:
    members = list(selectors.cell_members(cell, year))
    ratings = {r.member_id: r for r in Rating.objects.filter(member__in=members, year=year).select_related("level")}
    rows = []
    for number, member in enumerate(members, start=1):
        rating = ratings.get(member.pk)
        notes = []
        if rating is None:
            level = _("Chưa xếp loại")
        elif rating.level_id:
            level = rating.level.label_vi
        else:
            level = _("Không đánh giá (%(reason)s)") % {"reason": rating.get_not_reviewed_display()}
        if rating is not None and rating.note:
            notes.append(rating.note)
        if rating is not None and rating.override_reason:
            notes.append(_("Lý do vượt quy định: %(reason)s") % {"reason": rating.override_reason})
        rows.append(RecordRow(
            number=number, name=member.full_name, level=level,
            score=share_text(rating.score) if rating is not None and rating.score is not None else "",
            exceeded=share_text(rating.exceeded_share) if rating is not None and rating.exceeded_share is not None
            else "",
            note="; ".join(notes), rated=rating is not None))
    return rows


def cell_record(cell: PartyOrganization, year: int) -> CellRecord:
    """A cell's record of its members' ratings for a year, with the counts by level."""
    with translation.override("vi"):
        book = SchemeBook()
        scheme = book.scheme(MEMBER, year)
        rows = _record_rows(cell, year)
        line = next((line for line in tallies.detail_lines(cell, year) if line.subject == Subject.MEMBER), None)
        summary = [_("Tổng số đảng viên trong danh sách: %(n)s.") % {"n": count_text(len(rows))}]
        if line is not None:
            summary.append(_("Được đánh giá, xếp loại: %(r)s; không đánh giá: %(n)s.")
                           % {"r": count_text(line.reviewed), "n": count_text(line.not_reviewed)})
            for level, (_tier, count, share) in zip(book.levels(MEMBER, year), line.cells):
                summary.append(_("%(level)s: %(count)s (%(share)s%%).")
                               % {"level": level.label_vi, "count": count_text(count), "share": share_text(share)})
        missing = sum(1 for row in rows if not row.rated)
        if missing:
            summary.append(_("Chưa xếp loại: %(n)s.") % {"n": count_text(missing)})
        has_rule = bool(scheme and any(rule.kind == "exceeded_tasks" for rule in scheme.rules.all()))
        return CellRecord(
            organization=cell, year=year, letterhead=_letterhead(cell, number=False),
            title=_("DANH SÁCH"),
            subtitle=_("Kết quả đánh giá, xếp loại chất lượng đảng viên năm %(year)s của %(cell)s")
            % {"year": year, "cell": cell.name},
            show_score=bool(scheme and scheme.uses_score) or any(row.score for row in rows),
            show_exceeded=has_rule or any(row.exceeded for row in rows),
            rows=rows, summary=summary, recipients=_recipients(cell),
            signature=Signature(on_behalf=_("T/M CHI BỘ")),
            headings={"number": _("STT"), "name": _("Họ và tên"), "level": _("Mức xếp loại"), "score": _("Điểm"),
                      "exceeded": _("Nhiệm vụ vượt yêu cầu (%)"), "note": _("Ghi chú"),
                      "recipients": _("Nơi nhận:"), "summary": _("Tổng hợp:")},
        )
