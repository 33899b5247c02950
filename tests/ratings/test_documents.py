"""The documents the board files: the annual report and a cell's record, as .docx (read back with python-docx) and as
print views, with the same figures as the summary returns page."""

import datetime
import io
import re

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import html

from members import services as member_services
from ratings import services
from ratings.models import Rating
from tests import factories
from tests.ratings.factories import commune, level
from tests.ratings.year_world import OVERRIDE_REASON, YEAR, rated_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(nghe_an, staff_nghe_an):
    return rated_year(nghe_an, staff_nghe_an)


@pytest.fixture
def staff(client, staff_nghe_an):
    client.force_login(staff_nghe_an)
    return client


def _docx(client, name: str, *args) -> docx.Document:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return docx.Document(io.BytesIO(response.content))


def _page(client, name: str, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def _cells(row) -> list[str]:
    return [cell.text_content().strip() for cell in row.xpath("./td|./th")]


def _html_body(page, table_id: str) -> list[list[str]]:
    return [_cells(row) for row in page.xpath(f"//table[@id='{table_id}']/tbody/tr")]


def _docx_rows(table, skip: int) -> list[list[str]]:
    return [[cell.text.strip() for cell in row.cells] for row in table.rows[skip:]]


def _table_with(document, text: str):
    return next(table for table in document.tables if any(text in cell.text for cell in table.rows[0].cells))


def _returns_lines(client, organization, year=YEAR) -> dict[str, list[tuple[str, str]]]:
    """The computed lines of the returns page: subject → (count, share) per tier."""
    page = _page(client, "ratings:returns", organization.pk, year)
    lines = {}
    for row in page.xpath("//tr[contains(@class, 'computed-line')]"):
        texts = _cells(row)[4:8]
        lines[row.get("data-subject")] = [re.match(r"(\S+)(?: \((\S+)%\))?", text).groups() for text in texts]
    return lines


def test_the_annual_report_has_the_party_letterhead(staff, world):
    document = _docx(staff, "ratings:document_report_docx", world.gpo.pk, YEAR)
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [world.gpo.parent.name.upper(), "ĐẢNG ỦY XÃ TIỀN PHONG", "*",
                                                 "Số …-BC/ĐU"]
    assert left.paragraphs[1].runs[0].bold
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM" and right.paragraphs[0].runs[0].underline
    assert right.paragraphs[-1].text == "Tiền Phong, ngày … tháng … năm …"
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert f"Kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {YEAR}" in texts
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


def test_the_figures_of_the_docx_equal_the_print_view_and_the_returns_page(staff, world):
    document = _docx(staff, "ratings:document_report_docx", world.gpo.pk, YEAR)
    page = _page(staff, "ratings:document_report", world.gpo.pk, YEAR)
    returns = _returns_lines(staff, world.gpo)
    for key, first_label in (("organizations", "Tổ chức cơ sở đảng"), ("members", "Đảng viên")):
        table = next(t for t in document.tables[1:] if t.rows[2].cells[0].text == first_label)
        rows = _docx_rows(table, skip=2)
        assert rows == _html_body(page, f"doc-{key}")
        for row in rows:
            subject = {"Tổ chức cơ sở đảng": "gpo", "Đảng bộ bộ phận": "constituent", "Chi bộ": "cell",
                       "Đảng viên": "member"}[row[0]]
            pairs = [(row[3 + 2 * t], row[4 + 2 * t]) for t in range(4)]
            assert [count for count, _share in pairs] == [count for count, _share in returns[subject]]
            assert [share for _count, share in pairs] == [share for _count, share in returns[subject]]
    members = next(t for t in document.tables[1:] if t.rows[2].cells[0].text == "Đảng viên")
    assert _docx_rows(members, skip=2) == [["Đảng viên", "16", "15", "3", "20", "9", "60", "2", "13,33", "1", "6,67"]]


def test_each_level_is_named_with_the_label_of_the_years_scheme(staff, world, nghe_an, staff_nghe_an):
    document = _docx(staff, "ratings:document_report_docx", world.gpo.pk, YEAR)
    organizations = _table_with(document, "Đối tượng")
    assert organizations.rows[0].cells[3].text == level("organization", YEAR, 1).label_vi
    gpo, _constituent, _cells, _members = commune(nghe_an, cells=1, members_per_cell=1)
    services.rating_set(user=staff_nghe_an, year=2012, organization=gpo, level=level("organization", 2012, 1))
    old = _docx(staff, "ratings:document_report_docx", gpo.pk, 2012)
    assert [old.tables[1].rows[0].cells[i].text for i in (3, 5, 7, 9)] == [
        "Trong sạch, vững mạnh", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Yếu kém"]


def test_the_overridden_warnings_are_listed_with_their_reasons(staff, world):
    document = _docx(staff, "ratings:document_report_docx", world.gpo.pk, YEAR)
    table = _table_with(document, "Lý do của cấp ủy")
    rows = _docx_rows(table, skip=1)
    excellent = Rating.objects.filter(year=YEAR, level__tier=1, member__isnull=False)
    assert len(rows) == excellent.count() == 3
    for row in rows:
        assert row[2] == "Hoàn thành xuất sắc nhiệm vụ" and row[4] == OVERRIDE_REASON
        assert "Vượt trần: 3 đảng viên xuất sắc > 20% của 9 đảng viên tốt" in row[3]
    names = {r.member.full_name for r in excellent}
    assert {row[1].split(" (")[0] for row in rows} == names
    page = _page(staff, "ratings:document_report", world.gpo.pk, YEAR)
    assert _html_body(page, "doc-overrides") == rows


def test_the_report_closes_with_recipients_and_a_signature_block_to_fill(staff, world):
    document = _docx(staff, "ratings:document_report_docx", world.gpo.pk, YEAR)
    left, right = document.tables[-1].rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    assert left.paragraphs[-1].text == "- Lưu Văn phòng."
    signature = [p.text for p in right.paragraphs]
    assert signature[0] == "T/M ĐẢNG ỦY"
    assert signature[1] == signature[-1] == "……………………"  # title and name are written by hand
    page = _page(staff, "ratings:document_report", world.gpo.pk, YEAR)
    assert page.xpath("//*[@id='doc-signature']/div")[0].text_content() == "T/M ĐẢNG ỦY"


def test_a_provincial_committees_report_counts_every_unit_below_it(staff, world, nghe_an, staff_nghe_an):
    rated_year(nghe_an, staff_nghe_an)
    document = _docx(staff, "ratings:document_report_docx", nghe_an.pk, YEAR)
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["TỈNH ỦY NGHỆ AN", "*", "Số …-BC/TU"]
    assert document.tables[-1].rows[0].cells[1].paragraphs[0].text == "T/M BAN THƯỜNG VỤ"
    members = next(t for t in document.tables[1:] if t.rows[2].cells[0].text == "Đảng viên")
    assert _docx_rows(members, skip=2)[0][:4] == ["Đảng viên", "32", "30", "6"]


def test_a_year_known_only_from_returns_reports_the_returns(staff, nghe_an, staff_nghe_an):
    services.returns_save(user=staff_nghe_an, reporting_organization=nghe_an, year=2013, subject="gpo",
                          counts={1: {"count": 1078, "share": None}, 4: {"count": 2, "share": None}},
                          total=1572, reviewed=1572, source="Báo cáo 45-BC/TU")
    document = _docx(staff, "ratings:document_report_docx", nghe_an.pk, 2013)
    rows = _docx_rows(document.tables[1], skip=2)
    assert rows[0][0] == "Tổ chức cơ sở đảng (theo báo cáo tổng hợp)"
    assert rows[0][1:5] == ["1.572", "1.572", "1.078", "68,58"] and rows[0][5] == "—"
    assert "Tổ chức cơ sở đảng: theo Báo cáo 45-BC/TU." in [p.text for p in document.paragraphs]
    assert "Chưa có số liệu." in [p.text for p in document.paragraphs]  # no member figures that year


def test_the_cell_record_lists_each_member_with_level_and_note(staff, world):
    cell = world.cells[0]
    document = _docx(staff, "ratings:document_cell_docx", cell.pk, YEAR)
    left, _right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [world.gpo.name.upper(), cell.name.upper(), "*"]
    table = _table_with(document, "Họ và tên")
    rows = _docx_rows(table, skip=1)
    people = sorted(world.members[cell.pk], key=lambda m: (m.search_name, m.pk))
    assert [row[1] for row in rows] == [m.full_name for m in people]
    ratings = {r.member_id: r for r in Rating.objects.filter(member__in=people, year=YEAR).select_related("level")}
    for row, member in zip(rows, people):
        assert row[2] == ratings[member.pk].level.label_vi
        if ratings[member.pk].override_reason:
            assert f"Lý do vượt quy định: {OVERRIDE_REASON}" in row[-1]
    page = _page(staff, "ratings:document_cell", cell.pk, YEAR)
    assert _html_body(page, "doc-members") == rows
    assert document.tables[-1].rows[0].cells[1].paragraphs[0].text == "T/M CHI BỘ"


def test_the_cell_records_counts_equal_the_cells_returns_page(staff, world):
    cell = world.cells[1]
    document = _docx(staff, "ratings:document_cell_docx", cell.pk, YEAR)
    summary = [p.text for p in document.paragraphs]
    assert "Được đánh giá, xếp loại: 3; không đánh giá: 1." in summary
    returns = _returns_lines(staff, cell)["member"]
    for tier, (count, share) in enumerate(returns, start=1):
        assert f"{level('member', YEAR, tier).label_vi}: {count} ({share}%)." in summary
    record = [row[2] for row in _docx_rows(_table_with(document, "Họ và tên"), skip=1)]
    assert "Không đánh giá (Miễn đánh giá (miễn sinh hoạt, công tác))" in record


def test_the_cell_record_shows_scores_and_tasks_above_the_requirement_where_recorded(staff, nghe_an, staff_nghe_an):
    year = 2025
    _gpo, _constituent, cells, members = commune(nghe_an, cells=1, members_per_cell=2)
    first, second = members[cells[0].pk]
    services.rating_set(user=staff_nghe_an, year=year, member=first, level=level("member", year, 1), score="92.5",
                        exceeded_share=40, note="Dẫn đầu phong trào")
    services.rating_set(user=staff_nghe_an, year=year, member=second, level=level("member", year, 2), score=80)
    document = _docx(staff, "ratings:document_cell_docx", cells[0].pk, year)
    table = _table_with(document, "Họ và tên")
    assert [c.text for c in table.rows[0].cells] == ["STT", "Họ và tên", "Mức xếp loại", "Điểm",
                                                     "Nhiệm vụ vượt yêu cầu (%)", "Ghi chú"]
    rows = {row[1]: row for row in _docx_rows(table, skip=1)}
    assert rows[first.full_name][3:] == ["92,50", "40", "Dẫn đầu phong trào"]
    assert rows[second.full_name][3:] == ["80", "", ""]


def test_documents_stay_vietnamese_when_the_page_is_in_english(staff, world):
    staff.cookies["django_language"] = "en"
    document = _docx(staff, "ratings:document_report_docx", world.gpo.pk, YEAR)
    assert "BÁO CÁO" in [p.text for p in document.paragraphs]
    page = _page(staff, "ratings:document_report", world.gpo.pk, YEAR)
    assert page.xpath("//article[@id='annual-report']/@lang") == ["vi"]


def test_only_reporting_units_have_an_annual_report_and_only_cells_a_record(staff, world):
    assert staff.get(reverse("ratings:document_report", args=[world.constituent.pk, YEAR])).status_code == 404
    assert staff.get(reverse("ratings:document_report_docx", args=[world.cells[0].pk, YEAR])).status_code == 404
    assert staff.get(reverse("ratings:document_cell", args=[world.gpo.pk, YEAR])).status_code == 404
    future = datetime.date.today().year + 1
    assert staff.get(reverse("ratings:document_report", args=[world.gpo.pk, future])).status_code == 404


def test_staff_find_the_documents_from_the_grids_and_analysts_find_no_link(client, world, staff_nghe_an, analyst):
    client.force_login(staff_nghe_an)
    grid = client.get(reverse("ratings:grid", args=[world.gpo.pk, YEAR])).content.decode()
    assert reverse("ratings:document_report", args=[world.gpo.pk, YEAR]) in grid
    cell = client.get(reverse("ratings:cell_grid", args=[world.cells[0].pk, YEAR])).content.decode()
    assert reverse("ratings:document_cell", args=[world.cells[0].pk, YEAR]) in cell
    client.force_login(analyst)
    grid = client.get(reverse("ratings:grid", args=[world.gpo.pk, YEAR])).content.decode()
    assert "/ratings/documents/" not in grid


def test_the_command_writes_the_report_and_the_record(world, tmp_path):
    report, record = tmp_path / "bao-cao.docx", tmp_path / "danh-sach.docx"
    call_command("report_document", str(report), organization=world.gpo.code, year=YEAR)
    assert "ĐẢNG ỦY XÃ TIỀN PHONG" in docx.Document(report).tables[0].rows[0].cells[0].text
    call_command("report_document", str(record), organization=world.cells[0].code, year=YEAR, record=True)
    assert "Họ và tên" in docx.Document(record).tables[1].rows[0].cells[1].text
    with pytest.raises(CommandError, match="không phải đơn vị báo cáo"):
        call_command("report_document", str(report), organization=world.cells[0].code, year=YEAR)
    with pytest.raises(CommandError, match="không có tổ chức đảng"):
        call_command("report_document", str(report), organization="KHONG-CO", year=YEAR)
    with pytest.raises(CommandError, match=".docx"):
        call_command("report_document", str(tmp_path / "x.pdf"), organization=world.gpo.code, year=YEAR)


def test_a_grassroots_cell_has_both_documents(staff, nghe_an, staff_nghe_an):
    cell = factories.GrassrootsFactory(parent=nghe_an, name="Chi bộ cơ sở Trạm Y tế", is_grassroots_cell=True)
    member = factories.MemberFactory(cell=cell)
    services.rating_set(user=staff_nghe_an, year=YEAR, member=member, level=level("member", YEAR, 2))
    report = _docx(staff, "ratings:document_report_docx", cell.pk, YEAR)
    assert report.tables[0].rows[0].cells[0].paragraphs[-1].text == "Số …-BC/CB"
    assert report.tables[-1].rows[0].cells[1].paragraphs[0].text == "T/M CHI BỘ"
    record = _docx(staff, "ratings:document_cell_docx", cell.pk, YEAR)
    assert member.full_name in [row[1] for row in _docx_rows(_table_with(record, "Họ và tên"), skip=1)]


def test_a_member_transferred_after_the_year_stays_in_the_documents_of_that_year(staff, world, nghe_an):
    other, _constituent, other_cells, _members = commune(nghe_an, cells=1, members_per_cell=1)
    moved = world.members[world.cells[2].pk][0]
    member_services.member_transfer(member=moved, date=datetime.date(YEAR + 1, 3, 1), scope="committee",
                                    to_cell=other_cells[0])
    report = _docx(staff, "ratings:document_report_docx", world.gpo.pk, YEAR)
    members = next(t for t in report.tables[1:] if t.rows[2].cells[0].text == "Đảng viên")
    assert _docx_rows(members, skip=2)[0][1] == "16"
    record = _docx(staff, "ratings:document_cell_docx", world.cells[2].pk, YEAR)
    assert moved.full_name in [row[1] for row in _docx_rows(_table_with(record, "Họ và tên"), skip=1)]
    assert "Đảng viên" not in [t.rows[2].cells[0].text for t in _docx(
        staff, "ratings:document_report_docx", other.pk, YEAR).tables[1:] if len(t.rows) > 2]


def test_a_member_not_yet_rated_is_listed_as_such_and_counted(staff, nghe_an, staff_nghe_an):
    _gpo, _constituent, cells, members = commune(nghe_an, cells=1, members_per_cell=2, constituent_cells=0)
    rated, waiting = sorted(members[cells[0].pk], key=lambda m: (m.search_name, m.pk))
    services.rating_set(user=staff_nghe_an, year=YEAR, member=rated, level=level("member", YEAR, 3))
    document = _docx(staff, "ratings:document_cell_docx", cells[0].pk, YEAR)
    rows = {row[1]: row[2] for row in _docx_rows(_table_with(document, "Họ và tên"), skip=1)}
    assert rows == {rated.full_name: "Hoàn thành nhiệm vụ", waiting.full_name: "Chưa xếp loại"}
    assert "Chưa xếp loại: 1." in [p.text for p in document.paragraphs]
