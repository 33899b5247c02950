"""Spreadsheets: the command-line round trip and every kind of bad file (nothing written, row and column named)."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula

from organizations.spreadsheets.reader import FileRefused, read_table
from ratings import services
from ratings.models import Rating
from ratings.services import GridEntry
from ratings.spreadsheets.importer import ImportFailed, import_table
from tests.ratings.factories import commune, level

pytestmark = pytest.mark.django_db
HEADER_MEMBER = ["Số thẻ đảng viên", "Năm", "Mức xếp loại"]


@pytest.fixture
def rated(nghe_an, staff_nghe_an):
    gpo, constituent, cells, members = commune(nghe_an, cells=2, members_per_cell=5)
    people = [m for group in members.values() for m in group]
    grades = [level("member", 2024, 2), level("member", 2024, 3)]
    for cell in cells:
        services.grid_save(user=staff_nghe_an, organization=cell, year=2024, entries=[
            GridEntry(subject_id=m.pk, level_id=grades[i % 2].pk) for i, m in enumerate(members[cell.pk])])
    services.rating_set(user=staff_nghe_an, year=2024, member=people[0], level=level("member", 2024, 1),
                        decided_on=datetime.date(2024, 12, 20), deciding_body="Đảng ủy xã", note="ghi chú",
                        override_reason="Thành tích đột xuất")
    services.grid_save(user=staff_nghe_an, organization=gpo, year=2024, entries=[
        GridEntry(subject_id=u.pk, level_id=level("organization", 2024, 2).pk) for u in [gpo, constituent, *cells]])
    services.rating_set(user=staff_nghe_an, year=2024, member=people[-1], not_reviewed="exempted")
    return gpo, people


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(rows: list[list]) -> bytes:
    return "\n".join(",".join(str(v) for v in row) for row in rows).encode()


def _snapshot():
    return sorted(Rating.objects.values_list("member_id", "organization_id", "year", "level_id", "version", "note",
                                             "score", "exceeded_share", "decided_on"), key=str)


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
@pytest.mark.parametrize("subject", ["member", "organization"])
def test_an_exported_file_reads_back_unchanged(rated, tmp_path, extension, subject):
    first = tmp_path / f"first.{extension}"
    call_command("export_ratings", str(first), year=2024, subject=subject)
    before, history = _snapshot(), Rating.history.count()
    out = io.StringIO()
    call_command("import_ratings", str(first), stdout=out)
    assert "0 mới, 0 thay đổi" in out.getvalue()
    assert _snapshot() == before and Rating.history.count() == history
    second = tmp_path / f"second.{extension}"
    call_command("export_ratings", str(second), year=2024, subject=subject)
    assert read_table(first.read_bytes(), first.name) == read_table(second.read_bytes(), second.name)


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_scores_exemplary_marks_and_dates_read_back_unchanged(nghe_an, staff_nghe_an, tmp_path, extension):
    gpo, constituent, cells, _m = commune(nghe_an, cells=2)
    services.rating_set(user=staff_nghe_an, year=2025, organization=gpo, level=level("organization", 2025, 1),
                        score="95.5", exceeded_share="42.5", is_exemplary=True, decided_on=datetime.date(2025, 12, 28),
                        deciding_body="Ban Thường vụ Tỉnh ủy")
    services.rating_set(user=staff_nghe_an, year=2025, organization=cells[0], level=level("organization", 2025, 3),
                        score=72, override_reason="Chi bộ có đảng viên vi phạm")
    services.rating_set(user=staff_nghe_an, year=2025, organization=cells[1], not_reviewed="new_organization")
    first = tmp_path / f"first.{extension}"
    call_command("export_ratings", str(first), year=2025, subject="organization", stdout=io.StringIO())
    before = _snapshot()
    out = io.StringIO()
    call_command("import_ratings", str(first), stdout=out)
    assert "3 dòng: 0 mới, 0 thay đổi, 3 không đổi" in out.getvalue()
    assert _snapshot() == before
    table = read_table(first.read_bytes(), first.name)
    gpo_row = next(values for _n, values in table.rows if values[0] == gpo.code)
    assert ["" if v is None else str(v) for v in gpo_row[:9]] == [
        gpo.code, gpo.name, "2025", "Hoàn thành xuất sắc nhiệm vụ", "1", "95.5", "42.5", "có", ""]
    assert table.headers[6] == "Nhiệm vụ vượt yêu cầu (%)"


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_texts_that_look_like_formulas_are_exported_inert_and_read_back_unchanged(nghe_an, staff_nghe_an, tmp_path,
                                                                                 extension):
    _gpo, _c, cells, _m = commune(nghe_an, cells=1, constituent_cells=0)
    services.rating_set(user=staff_nghe_an, year=2024, organization=cells[0], level=level("organization", 2024, 2),
                        note='=HYPERLINK("http://x","y")', deciding_body="- Đảng ủy xã")
    path = tmp_path / f"notes.{extension}"
    call_command("export_ratings", str(path), year=2024, subject="organization", stdout=io.StringIO())
    if extension == "xlsx":
        from openpyxl import load_workbook
        assert all(cell.data_type != "f" for row in load_workbook(path).active.iter_rows() for cell in row)
    before = _snapshot()
    out = io.StringIO()
    call_command("import_ratings", str(path), stdout=out)
    assert "1 dòng: 0 mới, 0 thay đổi, 1 không đổi" in out.getvalue()
    assert _snapshot() == before


def test_the_scope_option_limits_the_export(rated, tmp_path, nghe_an):
    gpo, people = rated
    target = tmp_path / "scope.csv"
    call_command("export_ratings", str(target), year=2024, subject="member", scope=people[0].cell.code)
    table = read_table(target.read_bytes(), target.name)
    assert len(table.rows) == 5
    with pytest.raises(CommandError, match="--scope"):
        call_command("export_ratings", str(target), year=2024, subject="member", scope="NOPE")


def test_an_import_changes_levels_and_a_dry_run_does_not(rated, tmp_path):
    _gpo, people = rated
    path = tmp_path / "change.csv"
    path.write_bytes(_csv([HEADER_MEMBER, [people[1].card_number, 2024, "Hoàn thành tốt nhiệm vụ"]]))
    before = _snapshot()
    call_command("import_ratings", str(path), dry_run=True, stdout=io.StringIO())
    assert _snapshot() == before
    call_command("import_ratings", str(path), stdout=io.StringIO())
    rating = Rating.objects.get(member=people[1], year=2024)
    assert rating.level.tier == 2 and rating.version == 2


def test_labels_typed_without_diacritics_are_accepted(rated):
    _gpo, people = rated
    table = read_table(_csv([["so the dang vien", "nam", "muc xep loai"],
                             [people[1].card_number, 2024, "hoan thanh tot nhiem vu"],
                             [people[2].card_number, 2024, "KHONG HOAN THANH NHIEM VU"]]), "x.csv")
    report = import_table(table)
    assert report.rows == 2
    assert Rating.objects.get(member=people[2], year=2024).level.tier == 4


def test_a_tier_is_accepted_instead_of_a_label_and_a_score_gives_the_level_under_366(nghe_an):
    gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=2, constituent_cells=0)
    people = members[cells[0].pk]
    table = read_table(_csv([["Số thẻ đảng viên", "Năm", "Bậc (1-4)", "Điểm"],
                             [people[0].card_number, 2023, 2, ""],
                             [people[1].card_number, 2025, "", "75"]]), "x.csv")
    import_table(table)
    assert Rating.objects.get(member=people[0]).level.tier == 2
    assert Rating.objects.get(member=people[1]).level.label_vi == "Hoàn thành tốt nhiệm vụ"


def _errors(rows, name="bad.csv", maker=_csv) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        import_table(read_table(maker(rows), name))
    return [str(e) for e in caught.value.errors]


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(rated, tmp_path):
    _gpo, people = rated
    before = _snapshot()
    future = datetime.date.today().year + 1
    rows = [
        HEADER_MEMBER,
        [people[1].card_number, 2024, "Hoàn thành tốt nhiệm vụ"],  # fine, but the file fails as a whole
        ["99999999", 2024, "Hoàn thành tốt nhiệm vụ"],  # unknown card
        [people[3].card_number, 2024, "Trong sạch, vững mạnh"],  # a level of another scheme
        [people[4].card_number, future, "Hoàn thành tốt nhiệm vụ"],  # future year
        [people[5].card_number, 2024, "Hoàn thành tốt nhiệm vụ"],
        [people[5].card_number, 2024, "Hoàn thành nhiệm vụ"],  # the same subject twice
    ]
    errors = _errors(rows)
    assert any(e.startswith("Dòng 3, cột “Số thẻ đảng viên”") and "99999999" in e for e in errors)
    assert any(e.startswith("Dòng 4, cột “Mức xếp loại”") and "không có trong quy định năm 2024" in e
               for e in errors)
    assert any(e.startswith("Dòng 5, cột “Năm”") and "chưa tới" in e for e in errors)
    assert _snapshot() == before
    path = tmp_path / "bad.csv"
    path.write_bytes(_csv(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="không ghi gì"):
        call_command("import_ratings", str(path), stderr=err)
    assert "Dòng 3" in err.getvalue()
    assert _snapshot() == before


def test_the_same_subject_twice_is_refused(rated):
    _gpo, people = rated
    errors = _errors([HEADER_MEMBER, [people[5].card_number, 2024, "Hoàn thành tốt nhiệm vụ"],
                      [people[5].card_number, 2024, "Hoàn thành nhiệm vụ"]])
    assert errors == ["Dòng 3, cột “Số thẻ đảng viên”: Trùng đối tượng và năm với dòng 2."]


def test_an_approved_year_is_refused(rated, staff_nghe_an, approver_nghe_an):
    gpo, people = rated
    services.cycle_submit(user=staff_nghe_an, organization=gpo, year=2024)
    services.cycle_approve(user=approver_nghe_an, organization=gpo, year=2024)
    errors = _errors([HEADER_MEMBER, [people[1].card_number, 2024, "Hoàn thành tốt nhiệm vụ"]])
    assert errors[0].startswith("Dòng 2, cột “Năm”") and "đã phê duyệt" in errors[0]
    assert Rating.objects.get(member=people[1], year=2024).level.tier == 3


@pytest.mark.parametrize("subject", ["member", "organization"])
def test_an_approved_year_exported_reads_back_unchanged_and_a_change_in_it_is_refused(
    rated, staff_nghe_an, approver_nghe_an, tmp_path, subject
):
    gpo, _people = rated
    services.cycle_submit(user=staff_nghe_an, organization=gpo, year=2024)
    services.cycle_approve(user=approver_nghe_an, organization=gpo, year=2024)
    path = tmp_path / "approved.csv"
    call_command("export_ratings", str(path), year=2024, subject=subject)
    before = _snapshot()
    call_command("import_ratings", str(path))  # nothing changes, so the lock has nothing to refuse
    assert _snapshot() == before
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    level_at, tier_at = rows[0].index("Mức xếp loại"), rows[0].index("Bậc (1-4)")
    rows[1][level_at], rows[1][tier_at] = "Không hoàn thành nhiệm vụ", "4"
    path.write_text("\n".join(",".join(row) for row in rows), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_ratings", str(path))
    assert _snapshot() == before


def test_a_user_cannot_import_outside_their_scope(rated, staff_cao_bang):
    _gpo, people = rated
    with pytest.raises(ImportFailed) as caught:
        import_table(read_table(_csv([HEADER_MEMBER, [people[1].card_number, 2024, "Hoàn thành nhiệm vụ"]]), "x.csv"),
                     user=staff_cao_bang)
    assert "trong phạm vi" in str(caught.value)


def test_an_ambiguous_or_unknown_column_is_refused(rated):
    errors = _errors([["Số thẻ đảng viên", "Năm", "Mức xếp loại", "Màu"], ["1", 2024, "x"]])
    assert errors == ["Dòng 1, cột “Màu”: Cột không nhận ra."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ratings.pdf", b"%PDF-1.4", "không được hỗ trợ"),
        ("ratings.xlsx", b"not a zip at all", "Không đọc được tệp .xlsx"),
        ("ratings.csv", b"", "Tệp rỗng"),
        ("ratings.csv", "Số thẻ đảng viên,Năm\n".encode(), "chỉ có dòng tiêu đề"),
        ("ratings.csv", b"PK\x03\x04\x14\x00\x06\x00", "không phải văn bản CSV"),
        ("ratings.csv", "Năm,Mức\n2024,tốt\n".encode("latin-1", "replace").replace(b"?", b"\xe0"), "UTF-8"),
        ("ratings.csv", b"a,b\n=1+1,2\n", "công thức"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(name, content, message):
    with pytest.raises(FileRefused, match=message):
        read_table(content, name)


def test_a_50_mb_file_is_refused_by_its_size_before_parsing(tmp_path, db):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no need to write 50 MB
    with pytest.raises(CommandError, match="quá lớn"):
        call_command("import_ratings", str(path))


def test_formulas_in_xlsx_are_refused():
    content = _xlsx([["Số thẻ đảng viên", "Năm", "Mức xếp loại"], ["123", "=2020+4", "x"]])
    with pytest.raises(FileRefused, match=r"Ô B2 \(dòng 2, cột B\) chứa công thức"):
        read_table(content, "f.xlsx")


def test_array_formulas_in_xlsx_are_refused():
    book = Workbook()
    book.active.append(["Số thẻ đảng viên", "Năm", "Mức xếp loại"])
    book.active.append(["123", 2024, "x"])
    book.active["C2"] = ArrayFormula("C2", '=UPPER("a")')
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(FileRefused, match=r"Ô C2 \(dòng 2, cột C\) chứa công thức"):
        read_table(buffer.getvalue(), "a.xlsx")


def test_merged_cells_in_xlsx_are_refused():
    book = Workbook()
    book.active.append(["Số thẻ đảng viên", "Năm", "Mức xếp loại"])
    book.active.append(["123", 2024, "x"])
    book.active.merge_cells("A2:B2")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(FileRefused, match="ô gộp .A2:B2."):
        read_table(buffer.getvalue(), "m.xlsx")


def test_an_xlsx_upload_reads_dates_and_numbers(rated):
    _gpo, people = rated
    content = _xlsx([["Số thẻ đảng viên", "Năm", "Mức xếp loại", "Ngày quyết định"],
                     [people[2].card_number, 2024, "Hoàn thành tốt nhiệm vụ", datetime.datetime(2024, 12, 1)]])
    import_table(read_table(content, "ok.xlsx"))
    assert Rating.objects.get(member=people[2], year=2024).decided_on == datetime.date(2024, 12, 1)


def test_an_xlsx_that_inflates_beyond_the_limit_is_refused():
    from organizations.spreadsheets.reader import Limits

    content = _xlsx([["Số thẻ đảng viên", "Năm", "Mức xếp loại"], ["123", 2024, "x"]])
    with pytest.raises(FileRefused, match="giải nén quá lớn"):
        read_table(content, "bomb.xlsx", Limits(max_inflated_bytes=1000))


def test_labels_typed_without_diacritics_or_commas_are_accepted(nghe_an):
    gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=1, constituent_cells=0)
    person = members[cells[0].pk][0]
    import_table(read_table(_csv([["Mã tổ chức", "Năm", "Mức xếp loại"], [cells[0].code, 2012, "trong sach vung manh"]]),
                            "x.csv"))
    import_table(read_table(_csv([HEADER_MEMBER, [person.card_number, 2012, "DU TU CACH HOAN THANH TOT NHIEM VU"]]),
                            "x.csv"))
    assert Rating.objects.get(organization=cells[0]).level.label_vi == "Trong sạch, vững mạnh"
    assert Rating.objects.get(member=person).level.label_vi == "Đủ tư cách, hoàn thành tốt nhiệm vụ"


def test_a_card_number_excel_turned_into_a_number_gets_a_hint(rated):
    _gpo, people = rated
    errors = _errors([HEADER_MEMBER, [int(people[1].card_number), 2024, "Hoàn thành nhiệm vụ"]], "x.xlsx", _xlsx)
    assert len(errors) == 1 and "bỏ các chữ số 0 ở đầu" in errors[0]


def test_not_reviewed_reasons_and_column_titles_typed_loosely_are_accepted(nghe_an):
    _gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=2, constituent_cells=0)
    first, second = members[cells[0].pk]
    import_table(read_table(_csv([["so the dang vien", "nam", "Bac 1-4", "khong danh gia"],
                                  [first.card_number, 2024, "", "mien danh gia"],
                                  [second.card_number, 2024, "", "dang bi dinh chi"]]), "x.csv"))
    assert Rating.objects.get(member=first).not_reviewed == "exempted"
    assert Rating.objects.get(member=second).not_reviewed == "suspended"


def test_the_command_reports_a_collision_with_another_writer_and_exits_non_zero(nghe_an, tmp_path, monkeypatch):
    from django.db import IntegrityError

    _gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=1, constituent_cells=0)
    path = tmp_path / "r.csv"
    path.write_bytes(_csv([HEADER_MEMBER, [members[cells[0].pk][0].card_number, 2024, 2]]))

    def collide(*args, **kwargs):
        raise IntegrityError("ratings_rating_one_per_member_year")

    monkeypatch.setattr("ratings.engine.bulk_create_with_history", collide)
    with pytest.raises(CommandError, match="Có người vừa ghi"):
        call_command("import_ratings", str(path), stdout=io.StringIO())
    assert not Rating.objects.exists()


def test_the_export_command_refuses_a_future_year_and_an_unwritable_path(db, tmp_path):
    with pytest.raises(CommandError, match="ngoài khoảng"):
        call_command("export_ratings", str(tmp_path / "x.csv"), year=datetime.date.today().year + 1, subject="member")
    with pytest.raises(CommandError, match="No such file or directory"):
        call_command("export_ratings", str(tmp_path / "missing" / "x.csv"), year=2024, subject="member",
                     stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_a_deciding_body_too_long_is_refused_not_cut(rated):
    _gpo, people = rated
    errors = _errors([[*HEADER_MEMBER, "Cấp quyết định"],
                      [people[1].card_number, 2024, "Hoàn thành tốt nhiệm vụ", "Đ" * 201]])
    assert errors == ["Dòng 2, cột “Cấp quyết định”: Tối đa 200 ký tự (đang có 201)."]


@pytest.mark.parametrize("score", ["NaN", "sNaN", "Infinity", "-inf"])
def test_a_score_that_is_not_a_number_is_refused_on_its_column(rated, score):
    _gpo, people = rated
    errors = _errors([["Số thẻ đảng viên", "Năm", "Điểm"], [people[1].card_number, 2024, score]])
    assert errors == [f"Dòng 2, cột “Điểm”: Điểm “{score}” không phải số."]


def test_rating_set_refuses_a_score_that_is_not_a_number(rated, staff_nghe_an):
    _gpo, people = rated
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError) as caught:
        services.rating_set(user=staff_nghe_an, year=2024, member=people[1], level=level("member", 2024, 2),
                            score="NaN")
    assert "score" in caught.value.message_dict


def test_a_nul_character_deep_in_a_csv_is_refused_with_its_cell():
    content = ("Số thẻ đảng viên,Năm,Bậc (1-4),Ghi chú\n" + "1,2024,2," + "y" * 1100 + "\x00\n").encode()
    with pytest.raises(FileRefused, match=r"Ô D2 \(dòng 2, cột D\) chứa ký tự NUL"):
        read_table(content, "n.csv")
