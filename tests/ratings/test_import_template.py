"""The import template people fill in Excel: a named sheet, an example row, drop-downs, notes; and it reads back."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from organizations.spreadsheets.reader import read_table
from ratings.models import Rating
from ratings.spreadsheets import resources
from tests.ratings.factories import commune, level

pytestmark = pytest.mark.django_db
THIS_YEAR = datetime.date.today().year


@pytest.fixture
def unit(nghe_an):
    return commune(nghe_an, cells=1, members_per_cell=2)


def _template(client, subject: str, year: int | str | None = None, file_format: str = "xlsx"):
    query = {} if year is None else {"year": year}
    response = client.get(reverse("ratings:template", args=[subject, file_format]), query)
    assert response.status_code == 200
    return response


def _book(client, subject: str, year=None):
    return load_workbook(io.BytesIO(_template(client, subject, year).content))


def _list(book, reference: str) -> list:
    sheet_name, cells = reference.split("!")
    sheet = book[sheet_name.strip("'")]
    return [row[0].value for row in sheet[cells.replace("$", "")]]


def _validations(sheet) -> dict[str, str]:
    """Column title → the validation's source range, for every drop-down of the sheet."""
    titles = {cell.column_letter: cell.value for cell in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            found[titles[cell_range.coord.split(":")[0].rstrip("0123456789")]] = validation.formula1
    return found


@pytest.mark.parametrize("subject, title", [("member", "Xếp loại đảng viên"),
                                            ("organization", "Xếp loại tổ chức đảng")])
def test_the_template_has_a_named_sheet_with_the_columns_and_an_example_row(client, staff_nghe_an, subject, title):
    client.force_login(staff_nghe_an)
    book = _book(client, subject, 2024)
    sheet = book.worksheets[0]
    assert sheet.title == title and "Tablib" not in " ".join(book.sheetnames)
    assert [cell.value for cell in sheet[1]] == [title for _n, title, _note in resources.columns(subject)]
    example = {head.value: cell.value for head, cell in zip(sheet[1], sheet[2])}
    assert example["Năm"] == 2024
    assert example["Mức xếp loại"] == level(subject if subject == "member" else "organization", 2024, 2).label_vi
    assert example["Bậc (1-4)"] == 2
    assert "ví dụ" in example["Ghi chú"].lower()


def test_every_column_title_carries_a_note_saying_what_it_takes(client, staff_nghe_an):
    client.force_login(staff_nghe_an)
    sheet = _book(client, "member", 2024).worksheets[0]
    notes = {title: note for _name, title, note in resources.columns("member")}
    for cell in sheet[1]:
        assert cell.comment is not None and cell.comment.text == notes[cell.value]


def test_the_level_drop_down_offers_the_labels_of_the_chosen_years_scheme(client, staff_nghe_an):
    client.force_login(staff_nghe_an)
    for year, first in ((2012, "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ"), (2024, "Hoàn thành xuất sắc nhiệm vụ")):
        book = _book(client, "member", year)
        lists = _validations(book.worksheets[0])
        levels = _list(book, lists["Mức xếp loại"])
        assert levels == [level("member", year, tier).label_vi for tier in (1, 2, 3, 4)]
        assert levels[0] == first  # a label with a comma stays one choice
    organizations = _book(client, "organization", 2012)
    assert _list(organizations, _validations(organizations.worksheets[0])["Mức xếp loại"])[0] == "Trong sạch, vững mạnh"


def test_tiers_not_reviewed_reasons_and_exemplary_have_drop_downs_too(client, staff_nghe_an):
    client.force_login(staff_nghe_an)
    book = _book(client, "member", 2024)
    lists = _validations(book.worksheets[0])
    assert _list(book, lists["Bậc (1-4)"]) == [1, 2, 3, 4]
    reasons = _list(book, lists["Không đánh giá"])
    assert reasons == [str(Rating.NotReviewed(code).label) for code in ("exempted", "suspended", "new_member")]
    assert _list(book, lists["Tiêu biểu"]) == ["có"]
    organizations = _book(client, "organization", 2024)
    assert _list(organizations, _validations(organizations.worksheets[0])["Không đánh giá"]) == ["Mới thành lập"]


def test_the_card_number_column_is_text_so_leading_zeros_stay(client, staff_nghe_an):
    client.force_login(staff_nghe_an)
    sheet = _book(client, "member", 2024).worksheets[0]
    assert sheet.column_dimensions["A"].number_format == "@"


def test_a_year_that_is_not_a_year_gives_this_years_template(client, staff_nghe_an):
    client.force_login(staff_nghe_an)
    for bad in ("abc", "1800", str(THIS_YEAR + 5), "２０２４"):
        sheet = _book(client, "member", bad).worksheets[0]
        assert sheet["D2"].value == THIS_YEAR


def _fill_and_import(client, content: bytes, name: str, values: dict[str, object]) -> None:
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for title, value in values.items():
        sheet.cell(row=2, column=columns[title], value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.name = name
    buffer.seek(0)
    response = client.post(reverse("ratings:import"), {"file": buffer})
    assert response.status_code == 200
    assert 'id="import-preview"' in response.content.decode(), response.content.decode()
    confirm = client.post(reverse("ratings:import_confirm"), {"token": client.session["ratings_import"]["token"]})
    assert confirm.status_code == 302


def test_a_template_downloaded_filled_on_its_example_row_and_uploaded_is_written(client, unit, staff_nghe_an):
    _gpo, _constituent, cells, members = unit
    member = members[cells[0].pk][0]
    client.force_login(staff_nghe_an)
    content = _template(client, "member", 2024).content
    _fill_and_import(client, content, "mau.xlsx", {"Số thẻ đảng viên": member.card_number,
                                                    "Ghi chú": "Đã kiểm tra"})
    rating = Rating.objects.get(member=member, year=2024)
    assert rating.level == level("member", 2024, 2)
    assert rating.decided_on == datetime.date(2024, 12, 15) and rating.note == "Đã kiểm tra"


def test_an_organization_template_filled_with_a_drop_down_choice_is_written(client, unit, staff_nghe_an):
    gpo = unit[0]
    client.force_login(staff_nghe_an)
    content = _template(client, "organization", 2012).content
    _fill_and_import(client, content, "mau.xlsx", {"Mã tổ chức": gpo.code, "Mức xếp loại": "Trong sạch, vững mạnh",
                                                    "Bậc (1-4)": 1})
    assert Rating.objects.get(organization=gpo, year=2012).level == level("organization", 2012, 1)


def test_the_csv_template_has_the_example_row_and_reads_back(client, staff_nghe_an):
    client.force_login(staff_nghe_an)
    content = _template(client, "member", 2024, "csv").content
    table = read_table(content, "mau.csv")
    assert table.headers == [title for _n, title, _note in resources.columns("member")]
    (_number, values), = table.rows
    assert values[3] in ("2024", 2024) and values[4] == "Hoàn thành tốt nhiệm vụ" and values[10] == "15/12/2024"


def test_the_example_row_left_as_it_is_writes_nothing(client, unit, staff_nghe_an):
    client.force_login(staff_nghe_an)
    upload = io.BytesIO(_template(client, "member", 2024).content)
    upload.name = "mau.xlsx"
    page = client.post(reverse("ratings:import"), {"file": upload}).content.decode()
    assert 'id="import-errors"' in page and "VD-040012345" in page
    assert not Rating.objects.exists()


def test_the_import_page_offers_templates_of_the_chosen_year_and_a_busy_upload_form(client, staff_nghe_an):
    client.force_login(staff_nghe_an)
    page = client.get(reverse("ratings:import"), {"year": 2015}).content.decode()
    assert f'{reverse("ratings:template", args=["member", "xlsx"])}?year=2015' in page
    assert 'id="upload-form"' in page and "data-busy-text=" in page
    assert "<script>" not in page and "onsubmit" not in page
