"""Importing party organizations from a table: upsert by code, parents later in the file, cycles and orphans named
by row and column, all or nothing, scope, idempotent, and the command line."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from organizations.imports import import_organizations
from organizations.models import PartyOrganization
from organizations.spreadsheets.cells import ImportFailed
from organizations.spreadsheets.reader import Table
from tests import factories

pytestmark = pytest.mark.django_db
HEADERS = ["Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Mã tổ chức cấp trên", "Mã đơn vị hành chính",
           "Ngày thành lập", "Ngày giải thể", "Ghi chú"]
Kind = PartyOrganization.Kind


def _table(*rows, headers=HEADERS) -> Table:
    return Table(headers=list(headers), rows=[(number, list(values)) for number, values in enumerate(rows, start=2)])


@pytest.fixture
def tien_phong(nghe_an):
    return factories.CommuneFactory(code="17125", name="Xã Tiền Phong", parent=nghe_an.province)


def _errors(table, **kwargs) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        import_organizations(table, **kwargs)
    return [str(error) for error in failure.value.errors]


def test_a_gpo_its_committee_and_cells_are_created_with_children_before_their_parents(nghe_an, tien_phong):
    table = _table(
        ["CB-1", "Chi bộ bản Piềng Cu", "Chi bộ", "DBBP-1", "", "01/02/2015", "", ""],
        ["DBBP-1", "Đảng bộ bộ phận khối cơ quan", "Đảng bộ bộ phận", "DB-TP", "", "", "", ""],
        ["DB-TP", "Đảng bộ xã Tiền Phong", "Tổ chức cơ sở đảng", "DB-40", "17125", "01/07/2025", "", "mới"],
        ["CB-2", "Chi bộ Quân sự xã", "chi bo", "DB-TP", "", "", "", ""],
    )
    report = import_organizations(table)
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    gpo = PartyOrganization.objects.get(code="DB-TP")
    assert gpo.kind == Kind.GRASSROOTS and gpo.parent == nghe_an and gpo.admin_unit == tien_phong
    assert gpo.province == nghe_an.province and gpo.search_name == "dang bo xa tien phong"
    cell = PartyOrganization.objects.get(code="CB-1")
    assert cell.parent.code == "DBBP-1" and cell.founded == datetime.date(2015, 2, 1)
    assert cell.history.count() == 1
    assert PartyOrganization.objects.get(code="CB-2").kind == Kind.CELL


def test_the_same_file_twice_changes_nothing_and_a_changed_file_previews_old_and_new(nghe_an, tien_phong):
    rows = [["DB-TP", "Đảng bộ xã Tiền Phong", "Tổ chức cơ sở đảng", "DB-40", "17125", "", "", ""],
            ["CB-1", "Chi bộ bản Piềng Cu", "Chi bộ", "DB-TP", "", "", "", ""]]
    import_organizations(_table(*rows))
    again = import_organizations(_table(*rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    rows[1][1] = "Chi bộ bản Piềng Cu 1"
    preview = import_organizations(_table(*rows), dry_run=True)
    assert preview.updated == 1 and PartyOrganization.objects.get(code="CB-1").name == "Chi bộ bản Piềng Cu"
    (change,) = preview.changes
    assert change.row == 3 and change.fields == [("Tên tổ chức", "Chi bộ bản Piềng Cu", "Chi bộ bản Piềng Cu 1")]


def test_a_blank_cell_keeps_the_value_and_the_clear_word_empties_it(nghe_an):
    gpo = factories.GrassrootsFactory(code="DB-TP", parent=nghe_an, province=nghe_an.province, note="cũ",
                                      founded=datetime.date(2000, 1, 1))
    import_organizations(_table(["DB-TP", "", "", "", "", "", "", "(xóa)"]))
    gpo.refresh_from_db()
    assert gpo.note == "" and gpo.founded == datetime.date(2000, 1, 1)


def test_orphans_cycles_wrong_kinds_and_dates_are_all_named_by_row_and_column_and_nothing_is_written(nghe_an):
    table = _table(
        ["CB-1", "Chi bộ 1", "Chi bộ", "KHONG-CO", "", "", "", ""],
        ["DB-A", "Đảng bộ A", "Tổ chức cơ sở đảng", "DB-B", "", "", "", ""],
        ["DB-B", "Đảng bộ B", "Tổ chức cơ sở đảng", "DB-A", "", "", "", ""],
        ["CB-2", "Chi bộ 2", "Chi bộ", "DB-40", "", "", "", ""],
        ["DB-C", "Đảng bộ C", "Tổ chức cơ sở đảng", "DB-40", "", "01/01/2020", "01/01/2019", ""],
        ["DB-D", "Đảng bộ D", "Hội đồng", "DB-40", "", "31/02/2020", "", ""],
        ["DB-E", "", "", "", "", "", "", ""],
        ["CB-1", "Chi bộ 1 lặp", "Chi bộ", "DB-40", "", "", "", ""],
    )
    errors = _errors(table)
    assert any(e.startswith("Dòng 2, cột “Mã tổ chức cấp trên”") and "KHONG-CO" in e for e in errors)
    assert any(e.startswith("Dòng 3, cột “Mã tổ chức cấp trên”") and "Vòng lặp" in e for e in errors)
    assert any(e.startswith("Dòng 5, cột “Mã tổ chức cấp trên”") and "không thể trực thuộc" in e for e in errors)
    assert any(e.startswith("Dòng 6, cột “Ngày giải thể”") for e in errors)
    assert any(e.startswith("Dòng 7, cột “Loại tổ chức”") for e in errors)
    assert any(e.startswith("Dòng 7, cột “Ngày thành lập”") for e in errors)
    assert sum(e.startswith("Dòng 8,") and "Bắt buộc" in e for e in errors) == 3
    assert any(e.startswith("Dòng 9, cột “Mã tổ chức”") and "trùng" in e for e in errors)
    assert not PartyOrganization.objects.filter(code__in=["CB-1", "DB-A", "DB-B", "CB-2", "DB-C"]).exists()


def test_staff_cannot_create_under_or_change_organizations_of_another_province(staff_nghe_an, nghe_an, cao_bang):
    factories.GrassrootsFactory(code="DB-CB", parent=cao_bang, province=cao_bang.province)
    table = _table(["CB-X", "Chi bộ X", "Chi bộ", "DB-CB", "", "", "", ""],
                   ["DB-CB", "Đổi tên", "", "", "", "", "", ""],
                   ["DB-NA", "Đảng bộ Nghệ An mới", "Tổ chức cơ sở đảng", "DB-40", "", "", "", ""])
    errors = _errors(table, user=staff_nghe_an)
    assert any(e.startswith("Dòng 2, cột “Mã tổ chức cấp trên”") and "ngoài phạm vi" in e for e in errors)
    assert any(e.startswith("Dòng 3, cột “Mã tổ chức”") and "ngoài phạm vi" in e for e in errors)
    assert len(errors) == 2
    assert import_organizations(_table(table.rows[2][1]), user=staff_nghe_an).created == 1


def test_a_former_commune_code_is_read_by_the_founding_date(nghe_an):
    old = factories.CommuneFactory(code="17200", name="Xã Cũ", parent=nghe_an.province, valid_from=None,
                                   valid_to=datetime.date(2025, 6, 30))
    new = factories.CommuneFactory(code="17200", name="Xã Mới", parent=nghe_an.province,
                                   valid_from=datetime.date(2025, 7, 1))
    import_organizations(_table(["DB-OLD", "Đảng bộ xã Cũ", "Tổ chức cơ sở đảng", "DB-40", "17200", "01/01/2010",
                                 "30/06/2025", ""],
                                ["DB-NEW", "Đảng bộ xã Mới", "Tổ chức cơ sở đảng", "DB-40", "17200", "01/07/2025",
                                 "", ""]))
    assert PartyOrganization.objects.get(code="DB-OLD").admin_unit == old
    assert PartyOrganization.objects.get(code="DB-NEW").admin_unit == new
    errors = _errors(_table(["DB-X", "Đảng bộ X", "Tổ chức cơ sở đảng", "DB-40", "99999", "", "", ""]))
    assert errors[0].startswith("Dòng 2, cột “Mã đơn vị hành chính”")


def test_the_command_writes_or_with_dry_run_does_not_and_exits_with_every_error(nghe_an, tmp_path, capsys):
    good = tmp_path / "to-chuc.csv"
    good.write_text(",".join(HEADERS) + "\nDB-TP,Đảng bộ xã Tiền Phong,Tổ chức cơ sở đảng,DB-40,,,,\n",
                    encoding="utf-8")
    call_command("import_organizations", str(good), "--dry-run")
    assert not PartyOrganization.objects.filter(code="DB-TP").exists()
    call_command("import_organizations", str(good))
    assert PartyOrganization.objects.filter(code="DB-TP").exists()
    bad = tmp_path / "sai.csv"
    bad.write_text(",".join(HEADERS) + "\nCB-1,Chi bộ,Chi bộ,KHONG-CO,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_organizations", str(bad))
    assert "Dòng 2" in capsys.readouterr().err
