"""Reading spreadsheets within limits: every real row read whatever the file declares, over-long cells and
columns past the limit refused with the cell named, CSV from any Excel (CR line ends, UTF-16), the first visible
sheet read and named."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from organizations.spreadsheets.reader import FileRefused, Limits, read_table
from tests.ratings import hostile_files
from tests.ratings.factories import commune

YEAR = 2024


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_stale_dimension_does_not_cut_rows_or_columns():
    table = read_table(hostile_files._stale_dimension(), "stale.xlsx")
    assert table.headers == hostile_files.HEADER
    assert [values for _n, values in table.rows] == [
        [f"04000000{i}", 2024, "Hoàn thành tốt nhiệm vụ", 80 + i, f"ghi chú {i}"] for i in range(3)
    ]
    assert [number for number, _v in table.rows] == [2, 3, 4]


def test_an_absurd_declared_dimension_reads_only_the_real_cells():
    table = read_table(hostile_files._declared("A1:XFD1048576"), "huge.xlsx")
    assert len(table.rows) == 2 and all(len(values) == 3 for _n, values in table.rows)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_csv_reads_the_same_from_any_line_ending_and_unicode_encoding(newline, encoding):
    text = newline.join(["Số thẻ đảng viên,Năm,Ghi chú", '040000001,2024,"Đồng chí Hoà, ở bản Mường"', ""])
    table = read_table(text.encode(encoding), "r.csv")
    assert table.headers == ["Số thẻ đảng viên", "Năm", "Ghi chú"]
    assert table.rows == [(2, ["040000001", "2024", "Đồng chí Hoà, ở bản Mường"])]


def test_excels_unicode_text_with_tabs_is_read():
    table = read_table("Số thẻ đảng viên\tNăm\r\n040000001\t2024\r\n".encode("utf-16"), "unicode.csv")
    assert table.rows == [(2, ["040000001", "2024"])]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_a_cell_longer_than_a_note_is_refused_naming_the_cell(extension):
    rows = [["Số thẻ đảng viên", "Năm", "Ghi chú"], ["040000001", "2024", "đ" * 2001]]
    content = _xlsx(rows) if extension == "xlsx" else "\n".join(",".join(r) for r in rows).encode()
    with pytest.raises(FileRefused, match="Ô C2 dài 2.001 ký tự; mỗi ô tối đa 2.000 ký tự."):
        read_table(content, f"r.{extension}")
    rows[1][2] = "đ" * 2000
    content = _xlsx(rows) if extension == "xlsx" else "\n".join(",".join(r) for r in rows).encode()
    assert read_table(content, f"r.{extension}").rows[0][1][2] == "đ" * 2000


def test_a_value_past_the_last_column_is_refused_but_trailing_empty_cells_are_not():
    header = [f"Cột {i}" for i in range(4)]
    assert read_table(_xlsx([header, ["a", "b", None, None, "", None]]), "r.xlsx", Limits(max_columns=4)).rows == [
        (2, ["a", "b"])]
    with pytest.raises(FileRefused, match="Ô E2 có dữ liệu ở cột E; tối đa 4 cột"):
        read_table(_xlsx([header, ["a", "b", None, None, "x"]]), "r.xlsx", Limits(max_columns=4))


def test_rows_past_the_limit_are_refused_blank_ones_included():
    content = b"a,b\n1,2\n\n\n3,4\n"
    assert len(read_table(content, "r.csv", Limits(max_rows=4)).rows) == 2
    with pytest.raises(FileRefused, match="hơn 3 dòng .tính cả dòng trống, tới dòng 5."):
        read_table(content, "r.csv", Limits(max_rows=3))


def test_the_first_visible_sheet_is_read_and_named_when_the_workbook_has_several():
    book = Workbook()
    book.active.title = "Hướng dẫn"
    book.active.append(["Điền vào trang sau"])
    book.active.append(["mỗi dòng một đảng viên"])
    data = book.create_sheet("Kết quả")
    data.append(["Số thẻ đảng viên", "Năm"])
    data.append(["040000001", 2024])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "two.xlsx")
    assert table.headers == ["Điền vào trang sau"]
    assert table.notices == ["Tệp có 2 trang tính; chỉ đọc trang đầu tiên “Hướng dẫn”."]
    book["Hướng dẫn"].sheet_state = "hidden"
    book.active = 1
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "two.xlsx")
    assert table.headers == ["Số thẻ đảng viên", "Năm"]
    assert table.notices == ["Đã đọc trang tính “Kết quả”; bỏ qua trang ẩn đứng trước: “Hướng dẫn”."]


@pytest.mark.django_db
def test_the_import_preview_says_which_sheet_it_read(client, nghe_an, staff_nghe_an):
    _gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=1)
    person = members[cells[0].pk][0]
    book = Workbook()
    book.active.title = "Danh mục"
    book.active.sheet_state = "hidden"
    sheet = book.create_sheet("Năm 2024")
    sheet.append(["Số thẻ đảng viên", "Năm", "Bậc (1-4)"])
    sheet.append([person.card_number, YEAR, 2])
    book.active = 1
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(staff_nghe_an)
    page = client.post(reverse("ratings:import"), {"file": SimpleUploadedFile("r.xlsx", buffer.getvalue())})
    text = page.content.decode()
    assert 'id="import-preview"' in text
    assert "Đã đọc trang tính “Năm 2024”; bỏ qua trang ẩn đứng trước: “Danh mục”." in text


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "message"), [
    ("note.csv", lambda: hostile_files._CSV_HEADER + b"1,2024,1,90," + b"y" * 131_073 + b"\n", "2.000 ký tự"),
    ("note.xlsx", lambda: hostile_files._giant_note(shared=True), "2.000 ký tự"),
    ("mac.csv", lambda: "Số thẻ đảng viên,Năm,Bậc (1-4)\r0000X,2024,2\r".encode(),
     "<td>2</td><td>Số thẻ đảng viên</td>"),
])
def test_hostile_uploads_get_a_message_on_the_page_not_a_server_error(client, nghe_an, staff_nghe_an, name, make,
                                                                      message):
    commune(nghe_an, cells=1, members_per_cell=1)
    client.force_login(staff_nghe_an)
    response = client.post(reverse("ratings:import"), {"file": SimpleUploadedFile(name, make())})
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.django_db
def test_the_command_line_says_which_sheet_it_read(tmp_path, nghe_an):
    _gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=1)
    path = tmp_path / "hidden.xlsx"
    book = Workbook()
    book.active.sheet_state = "hidden"
    book.active.title = "Cũ"
    sheet = book.create_sheet("Mới")
    sheet.append(["Số thẻ đảng viên", "Năm", "Bậc (1-4)"])
    sheet.append([members[cells[0].pk][0].card_number, YEAR, 2])
    book.active = 1
    book.save(path)
    out = io.StringIO()
    call_command("import_ratings", str(path), dry_run=True, stdout=out)
    assert "Đã đọc trang tính “Mới”; bỏ qua trang ẩn đứng trước: “Cũ”." in out.getvalue()
