"""An import changes only what the file says: a blank cell keeps the stored value, a marker clears it; the preview
lists every change field by field, paged and filtered; every error of a file is found in one round; a checked file is
applied once, and a rating changed after its preview is a conflict naming the subject."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ratings import services
from ratings.models import PendingImport, Rating
from ratings.spreadsheets import preview
from ratings.spreadsheets.importer import ImportFailed, import_table
from organizations.spreadsheets.reader import read_table
from tests.ratings.factories import commune, level

pytestmark = pytest.mark.django_db
YEAR = 2024
HEADER = ["Số thẻ đảng viên", "Năm", "Mức xếp loại"]


@pytest.fixture
def people(nghe_an, staff_nghe_an):
    _gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=3, constituent_cells=0)
    people = members[cells[0].pk]
    for person in people:
        services.rating_set(user=staff_nghe_an, year=YEAR, member=person, level=level("member", YEAR, 2),
                            note="ghi chú cũ", deciding_body="Đảng ủy xã", decided_on=datetime.date(2024, 12, 20))
    return people


def _csv(rows: list[list]) -> bytes:
    return "\n".join(",".join(str(v) for v in row) for row in rows).encode()


def _import(rows: list[list], **kwargs):
    return import_table(read_table(_csv(rows), "r.csv"), **kwargs)


def test_a_blank_cell_keeps_the_stored_value(people):
    report = _import([[*HEADER, "Ghi chú", "Cấp quyết định"], [people[0].card_number, YEAR, 3, "", ""]])
    rating = Rating.objects.get(member=people[0])
    assert rating.level.tier == 3 and rating.note == "ghi chú cũ" and rating.deciding_body == "Đảng ủy xã"
    assert report.updated == 1
    assert [change.fields for change in report.changes if change.action == "updated"][0][0][0] == "level"


@pytest.mark.parametrize("marker", ["(xoá)", "(xóa)", "(XOA)", "-"])
def test_a_clearing_marker_empties_the_field_and_only_that_one(people, marker):
    _import([[*HEADER, "Ghi chú", "Ngày quyết định"], [people[0].card_number, YEAR, 2, marker, ""]])
    rating = Rating.objects.get(member=people[0])
    assert rating.note == "" and rating.decided_on == datetime.date(2024, 12, 20)


def test_re_importing_an_unchanged_file_reports_no_change(people):
    rows = [[*HEADER, "Ghi chú"], *[[p.card_number, YEAR, 2, "ghi chú cũ"] for p in people]]
    report = _import(rows)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert preview.rows_of(report.changes, report.row_warnings) == []


def test_every_error_of_a_file_is_found_in_one_round(people):
    future = datetime.date.today().year + 1
    rows = [
        [*HEADER, "Điểm", "Ngày quyết định"],
        ["99999999", YEAR, 2, "", ""],  # unknown card
        [people[0].card_number, YEAR, "Không có mức này", "", ""],  # unknown level
        [people[1].card_number, future, 2, "", ""],  # future year
        [people[2].card_number, YEAR, 2, "95", ""],  # a score where the year's scheme has none (the rules)
        [people[0].card_number, YEAR, 2, "abc", "32/13/2024"],  # two bad columns in one row
        [people[1].card_number, YEAR, 7, "", ""],  # a tier that does not exist
    ]
    with pytest.raises(ImportFailed) as caught:
        _import(rows)
    where = sorted((e.row, e.column) for e in caught.value.errors)
    assert where == sorted([(2, "Số thẻ đảng viên"), (3, "Mức xếp loại"), (4, "Năm"), (5, "Điểm"), (6, "Điểm"),
                            (6, "Ngày quyết định"), (7, "Bậc (1-4)")]), caught.value.errors


def test_the_preview_lists_each_changed_field_old_and_new_paged_and_filtered(people, staff_nghe_an, client,
                                                                             monkeypatch):
    monkeypatch.setattr(preview, "PER_PAGE", 1)
    client.force_login(staff_nghe_an)
    rows = [[*HEADER, "Ghi chú"], [people[0].card_number, YEAR, 3, "mới"], [people[1].card_number, YEAR, 2, ""],
            [people[2].card_number, YEAR, 2, "khác"]]
    page = client.post(reverse("ratings:import"), {"file": SimpleUploadedFile("r.csv", _csv(rows))}).content.decode()
    assert 'id="change-preview"' in page and "Trang 1/2" in page
    assert "ghi chú cũ</span> → mới" in page and "Hoàn thành nhiệm vụ" in page
    token = PendingImport.objects.get().token
    second = client.get(reverse("ratings:import"), {"token": token, "show": "changed", "page": 2}).content.decode()
    assert "ghi chú cũ</span> → khác" in second and "</span> → mới" not in second
    assert "Dòng thay đổi (2)" in second and "Có cảnh báo (0)" in second
    assert 'id="confirm-import"' in second


def test_a_confirmed_file_is_applied_once_and_a_repeat_says_so(people, staff_nghe_an, client):
    client.force_login(staff_nghe_an)
    rows = [[*HEADER, "Ghi chú"], [people[0].card_number, YEAR, 3, "mới"]]
    client.post(reverse("ratings:import"), {"file": SimpleUploadedFile("r.csv", _csv(rows))})
    token = PendingImport.objects.get().token
    client.post(reverse("ratings:import_confirm"), {"token": token})
    repeat = client.post(reverse("ratings:import_confirm"), {"token": token}, follow=True).content.decode()
    assert "đã được ghi lúc" in repeat and "không ghi lại lần nữa" in repeat
    rating = Rating.objects.get(member=people[0])
    assert rating.history.count() == 2  # created, then this file once
    stored = PendingImport.objects.get()
    assert stored.applied_at is not None and bytes(stored.data) == b""


def test_a_rating_changed_after_the_preview_is_a_conflict_naming_the_member(people, staff_nghe_an, client):
    client.force_login(staff_nghe_an)
    rows = [[*HEADER, "Ghi chú"], [people[0].card_number, YEAR, 3, "theo tệp"]]
    client.post(reverse("ratings:import"), {"file": SimpleUploadedFile("r.csv", _csv(rows))})
    services.rating_set(user=staff_nghe_an, year=YEAR, member=people[0], level=level("member", YEAR, 1),
                        note="sửa trên bảng")  # a colleague, meanwhile
    token = PendingImport.objects.get().token
    page = client.post(reverse("ratings:import_confirm"), {"token": token}, follow=True).content.decode()
    assert f"đảng viên {people[0].full_name} (thẻ {people[0].card_number}) vừa được người khác sửa" in page
    assert Rating.objects.get(member=people[0]).note == "sửa trên bảng"
