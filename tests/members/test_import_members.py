"""Importing party members with their past events: upsert by card number, citizen IDs, dates in order, scope,
errors by row and column, all or nothing, idempotent, and the export/import round trip."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from members.history import cell_on
from members.models import Member, MemberEvent, PersonalDataAccess
from members.spreadsheets import columns as cols
from members.spreadsheets.importer import import_members
from organizations.spreadsheets.cells import ImportFailed
from organizations.spreadsheets.reader import Table
from tests import factories

pytestmark = pytest.mark.django_db
HEADERS = [str(label) for label in cols.MEMBER_LABELS.values()]
EVENT_HEADERS = [str(label) for label in cols.EVENT_LABELS.values()]


def _table(*rows, headers=HEADERS) -> Table:
    return Table(headers=list(headers), rows=[(number, list(values)) for number, values in enumerate(rows, start=2)])


def _person(card="40000001", citizen_id="040095001234", name="Lương Thị Hoa", birth="12/04/1995", gender="Nữ",
            ethnicity="Thái", cell="", admitted="15/03/2020", official="20/03/2021", status="", note=""):
    return [card, citizen_id, name, birth, gender, ethnicity, cell, admitted, official, status, note]


@pytest.fixture
def place(nghe_an, ethnicities):
    gpo = factories.GrassrootsFactory(parent=nghe_an, code="DB-TP", name="Đảng bộ xã Tiền Phong")
    return (factories.CellFactory(parent=gpo, code="CB-1", name="Chi bộ bản Mường Hinh"),
            factories.CellFactory(parent=gpo, code="CB-2", name="Chi bộ bản Piềng Cu"))


def _errors(*args, **kwargs) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        import_members(*args, **kwargs)
    return [str(error) for error in failure.value.errors]


def test_a_new_member_gets_the_record_and_the_admission_and_official_events(place, ethnicities):
    cell, _other = place
    report = import_members(_table(_person(cell="CB-1")))
    assert (report.created, report.updated, report.unchanged) == (1, 0, 0)
    member = Member.objects.get(card_number="40000001")
    assert member.citizen_id == "040095001234" and member.ethnicity == ethnicities["Thái"] and member.gender == "F"
    assert member.cell == cell and member.status == Member.Status.OFFICIAL
    assert member.official_on == datetime.date(2021, 3, 20) and member.search_name == "luong thi hoa"
    assert list(member.events.values_list("kind", flat=True)) == ["admission", "official"]
    assert member.history.count() == 1
    assert PersonalDataAccess.objects.filter(action="import", records=1).exists()


def test_past_transfers_become_the_history_so_the_cell_of_a_past_year_is_where_they_were(place):
    cell, other = place
    events = _table(["40000001", "Chuyển sinh hoạt", "01/06/2022", "CB-1", "CB-2", "", "Đảng ủy xã", ""],
                    headers=EVENT_HEADERS)
    import_members(_table(_person(cell="CB-2")), events)
    member = Member.objects.get(card_number="40000001")
    assert member.cell == other
    history = list(member.events.all())
    assert cell_on(history, datetime.date(2021, 12, 31)) == cell.pk
    assert cell_on(history, datetime.date(2022, 12, 31)) == other.pk
    again = import_members(_table(_person(cell="CB-2")), events)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert member.events.count() == 3


def test_the_same_file_twice_changes_nothing_and_a_change_is_previewed_field_by_field(place):
    import_members(_table(_person(cell="CB-1")))
    assert import_members(_table(_person(cell="CB-1"))).unchanged == 1
    preview = import_members(_table(_person(cell="CB-1", name="Lương Thị Hoà")), dry_run=True)
    assert preview.updated == 1 and Member.objects.get().full_name == "Lương Thị Hoa"
    assert preview.changes[0].fields == [("Họ và tên", "Lương Thị Hoa", "Lương Thị Hoà")]
    import_members(_table(_person(cell="", name="", birth="", gender="", ethnicity="", admitted="", official="",
                                  note="ghi chú mới")))
    member = Member.objects.get()
    assert member.full_name == "Lương Thị Hoa" and member.note == "ghi chú mới" and member.version == 2


def test_every_error_is_named_by_row_and_column_and_nothing_is_written(place, staff_cao_bang):
    factories.MemberFactory(card_number="40999999", citizen_id="040080009999", cell=place[0])
    table = _table(
        _person(card="A1", citizen_id="040095", cell="CB-1"),
        _person(card="A2", citizen_id="999095001234", cell="CB-1"),
        _person(card="A3", citizen_id="040095001111", cell="CB-1", official="01/09/2020"),
        _person(card="A4", citizen_id="040095001111", cell="CB-1"),
        _person(card="A5", citizen_id="040080009999", cell="CB-1"),
        _person(card="A6", citizen_id="", birth="01/01/2005", cell="CB-1", admitted="01/01/2020", official=""),
        _person(card="A7", citizen_id="", cell="KHONG-CO", ethnicity="Sao Hỏa", gender="?"),
        _person(card="A8", citizen_id="", cell="CB-1"),
    )
    events = _table(["A8", "Từ trần", "01/01/2019", "", "", "", "", ""], headers=EVENT_HEADERS)
    errors = _errors(table, events)
    expect = [("Dòng 2", "Số định danh cá nhân", "12 chữ số"), ("Dòng 3", "Số định danh cá nhân", "mã tỉnh"),
              ("Dòng 4", "Ngày chính thức", "12 tháng"), ("Dòng 5", "Số định danh cá nhân", "dòng 4"),
              ("Dòng 6", "Số định danh cá nhân", "40999999"), ("Dòng 7", "Ngày vào Đảng", "18 tuổi"),
              ("Dòng 8", "Mã chi bộ", "KHONG-CO"), ("Dòng 8", "Dân tộc", "Sao Hỏa"), ("Dòng 8", "Giới tính", ""),
              ("Trang “Sự kiện”, dòng 2", "Ngày", "trước ngày kết nạp")]
    for where, column, words in expect:
        assert any(e.startswith(f"{where}, cột “{column}”") and words in e for e in errors), (where, errors)
    assert not Member.objects.filter(card_number__startswith="A").exists()
    errors = _errors(_table(_person(cell="CB-1")), user=staff_cao_bang)
    assert errors == ["Dòng 2, cột “Mã chi bộ”: Chi bộ “CB-1” ở ngoài phạm vi của bạn."]


def test_a_cell_or_status_that_only_an_event_can_change_is_refused_for_a_member_on_record(place):
    import_members(_table(_person(cell="CB-1")))
    errors = _errors(_table(_person(cell="CB-2", status="Đã từ trần")))
    assert any("cột “Mã chi bộ”" in e and "CB-1" in e for e in errors)
    assert any("cột “Tình trạng”" in e for e in errors)


def test_export_then_import_of_the_same_file_changes_nothing(place, tmp_path, capsys):
    events = _table(["40000001", "Chuyển sinh hoạt", "01/06/2022", "CB-1", "CB-2", "", "", ""],
                    ["40000001", "Kỷ luật", "01/02/2023", "", "", "Khiển trách", "Chi bộ", "muộn"],
                    headers=EVENT_HEADERS)
    import_members(_table(_person(cell="CB-2", note="=1+1"), _person(card="40000002", citizen_id="", cell="CB-1",
                                                                       official="")), events)
    target = tmp_path / "dang-vien.xlsx"
    call_command("export_members", str(target), scope="DB-TP")
    book = load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames == ["Đảng viên", "Sự kiện"] and book["Sự kiện"].max_row == 3
    assert PersonalDataAccess.objects.filter(action="export", records=2, full_citizen_ids=True).exists()
    call_command("import_members", str(target))
    assert "2 dòng: 0 mới, 0 thay đổi, 2 không đổi" in capsys.readouterr().out
    assert Member.objects.get(card_number="40000001").note == "=1+1"
    with pytest.raises(CommandError, match="--scope"):
        call_command("export_members", str(target), scope="KHONG-CO")


def test_the_csv_export_reads_back_too_and_the_command_refuses_a_bad_file(place, tmp_path, capsys):
    import_members(_table(_person(cell="CB-1")))
    target = tmp_path / "dang-vien.csv"
    call_command("export_members", str(target))
    call_command("import_members", str(target), "--dry-run")
    assert "0 mới, 0 thay đổi, 1 không đổi" in capsys.readouterr().out
    bad = tmp_path / "sai.csv"
    bad.write_text(",".join(HEADERS) + "\n" + ",".join(_person(card="B1", cell="KHONG-CO")) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="lỗi"):
        call_command("import_members", str(bad))
    assert MemberEvent.objects.count() == 2
