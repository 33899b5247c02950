"""The ratings pages: scope (404 outside, 403 for a read-only role), grids, workflow buttons, files, history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ratings import services
from ratings.models import Rating, ReviewCycle
from ratings.services import GridEntry
from tests.ratings.factories import MemberRatingFactory, OrganizationRatingFactory, commune, level

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def unit(nghe_an):
    return commune(nghe_an, cells=2, members_per_cell=2)


def _urls(gpo, cell, member):
    return [
        reverse("ratings:grid", args=[gpo.pk, YEAR]),
        reverse("ratings:cell_grid", args=[cell.pk, YEAR]),
        reverse("ratings:checks", args=[gpo.pk, YEAR]),
        reverse("ratings:organization_history", args=[cell.pk]),
        reverse("ratings:member_history", args=[member.pk]),
    ]


def test_every_page_asks_anonymous_visitors_to_log_in(client, unit):
    gpo, _c, cells, members = unit
    for url in _urls(gpo, cells[0], members[cells[0].pk][0]) + [reverse("ratings:index"), reverse("ratings:import")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_staff_see_their_pages_and_other_provinces_get_404(client, unit, staff_nghe_an, staff_cao_bang):
    gpo, _c, cells, members = unit
    urls = _urls(gpo, cells[0], members[cells[0].pk][0])
    client.force_login(staff_nghe_an)
    assert [client.get(u).status_code for u in urls] == [200] * 5
    client.force_login(staff_cao_bang)
    assert [client.get(u).status_code for u in urls] == [404] * 5


def test_analysts_see_organization_grids_but_no_member_data(client, unit, analyst):
    gpo, _c, cells, members = unit
    client.force_login(analyst)
    grid = client.get(reverse("ratings:grid", args=[gpo.pk, YEAR]))
    assert grid.status_code == 200 and 'id="save-grid"' not in grid.content.decode()
    assert client.get(reverse("ratings:cell_grid", args=[cells[0].pk, YEAR])).status_code == 403
    assert client.get(reverse("ratings:member_history", args=[members[cells[0].pk][0].pk])).status_code == 403
    assert client.post(reverse("ratings:grid", args=[gpo.pk, YEAR]), {}).status_code == 403


def test_a_future_year_or_a_cell_as_gpo_is_not_found(client, unit, staff_nghe_an):
    gpo, _c, cells, _m = unit
    client.force_login(staff_nghe_an)
    assert client.get(reverse("ratings:grid", args=[gpo.pk, datetime.date.today().year + 1])).status_code == 404
    assert client.get(reverse("ratings:grid", args=[cells[0].pk, YEAR])).status_code == 404


def test_the_grid_lists_every_unit_with_last_years_level_and_saves_them(client, unit, staff_nghe_an):
    gpo, constituent, cells, _m = unit
    OrganizationRatingFactory(organization=cells[0], year=YEAR - 1, level=level("organization", YEAR - 1, 3))
    client.force_login(staff_nghe_an)
    url = reverse("ratings:grid", args=[gpo.pk, YEAR])
    page = client.get(url).content.decode()
    for org in [gpo, constituent, *cells]:
        assert f'name="level_{org.pk}"' in page
    assert "3. Hoàn thành nhiệm vụ" in page and "autofocus" in page
    good = level("organization", YEAR, 2)
    data = {f"level_{c.pk}": str(good.pk) for c in cells}
    response = client.post(url, data)
    assert response.status_code == 302
    assert set(Rating.objects.filter(year=YEAR).values_list("organization_id", flat=True)) == {c.pk for c in cells}


def test_a_grid_error_is_shown_next_to_the_member_with_its_source_and_nothing_is_saved(client, unit, staff_nghe_an):
    _gpo, _c, cells, members = unit
    from members.models import MemberEvent
    disciplined = members[cells[0].pk][0]
    MemberEvent.objects.create(member=disciplined, kind=MemberEvent.Kind.DISCIPLINE, date=datetime.date(YEAR, 2, 1))
    client.force_login(staff_nghe_an)
    good = level("member", YEAR, 2)
    response = client.post(reverse("ratings:cell_grid", args=[cells[0].pk, YEAR]),
                           {f"level_{m.pk}": str(good.pk) for m in members[cells[0].pk]})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{disciplined}: Đảng viên bị kỷ luật trong năm {YEAR} phải xếp mức 4" in page
    assert "Căn cứ: Quy định 124-QĐ/TW ngày 04/10/2023, Điều 12 (đã đối chiếu)" in page
    assert not Rating.objects.exists()


def test_an_unconfirmed_rule_warns_beside_the_unit_with_its_source_and_the_grid_is_saved(client, unit, staff_nghe_an):
    gpo, _c, cells, members = unit
    from members.models import MemberEvent
    MemberEvent.objects.create(member=members[cells[0].pk][0], kind=MemberEvent.Kind.DISCIPLINE,
                               date=datetime.date(YEAR, 2, 1))
    client.force_login(staff_nghe_an)
    excellent = level("organization", YEAR, 1)
    response = client.post(reverse("ratings:grid", args=[gpo.pk, YEAR]),
                           {f"level_{c.pk}": str(excellent.pk) for c in cells}, follow=True)
    page = response.content.decode()
    assert f"{cells[0].name}: Tổ chức có đảng viên hoặc tổ chức trực thuộc bị kỷ luật" in page
    assert "Căn cứ: Quy định 124-QĐ/TW ngày 04/10/2023 (chưa khẳng định)" in page
    assert Rating.objects.filter(organization=cells[0], level=excellent).exists()


def test_a_level_of_another_years_scheme_is_an_invalid_choice(client, unit, staff_nghe_an):
    gpo, _c, cells, _m = unit
    client.force_login(staff_nghe_an)
    wrong = level("organization", 2015, 1)
    response = client.post(reverse("ratings:grid", args=[gpo.pk, YEAR]), {f"level_{cells[0].pk}": str(wrong.pk)})
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert not Rating.objects.exists()


def test_the_member_grid_saves_levels_and_not_reviewed_reasons(client, unit, staff_nghe_an):
    _gpo, _c, cells, members = unit
    first, second = members[cells[0].pk]
    client.force_login(staff_nghe_an)
    response = client.post(reverse("ratings:cell_grid", args=[cells[0].pk, YEAR]), {
        f"level_{first.pk}": str(level("member", YEAR, 3).pk), f"level_{second.pk}": "nr:exempted"})
    assert response.status_code == 302
    assert Rating.objects.get(member=second).not_reviewed == "exempted"
    history = client.get(reverse("ratings:member_history", args=[first.pk])).content.decode()
    assert "Hoàn thành nhiệm vụ" in history and "staff" in history


def test_the_grid_page_runs_a_fixed_number_of_queries(client, nghe_an, staff_nghe_an, django_assert_max_num_queries):
    small = commune(nghe_an, cells=2)[0]
    big = commune(nghe_an, cells=20)[0]
    client.force_login(staff_nghe_an)
    # 30 for the grid, and a fixed number more for the check report whose counts the submit confirmation shows.
    with django_assert_max_num_queries(40) as small_queries:
        client.get(reverse("ratings:grid", args=[small.pk, YEAR]))
    with django_assert_max_num_queries(40) as big_queries:
        client.get(reverse("ratings:grid", args=[big.pk, YEAR]))
    assert len(big_queries.captured_queries) == len(small_queries.captured_queries)


def test_submit_approve_and_reopen_through_the_status_bar(client, unit, staff_nghe_an, approver_nghe_an):
    gpo, _c, cells, _m = unit
    services.grid_save(user=staff_nghe_an, organization=gpo, year=YEAR,
                       entries=[GridEntry(subject_id=c.pk, level_id=level("organization", YEAR, 2).pk) for c in cells])
    grid = reverse("ratings:grid", args=[gpo.pk, YEAR])
    client.force_login(staff_nghe_an)
    assert client.post(reverse("ratings:cycle", args=[gpo.pk, YEAR, "approve"])).status_code == 403
    assert ReviewCycle.objects.get(organization=gpo, year=YEAR).status == "draft"
    client.post(reverse("ratings:cycle", args=[gpo.pk, YEAR, "submit"]))
    client.force_login(approver_nghe_an)
    client.post(reverse("ratings:cycle", args=[gpo.pk, YEAR, "approve"]))
    assert ReviewCycle.objects.get(organization=gpo, year=YEAR).status == "approved"
    client.force_login(staff_nghe_an)
    page = client.get(grid).content.decode()
    assert 'id="save-grid"' not in page and "disabled" in page and 'id="read-only-note"' in page
    assert client.post(grid, {}).status_code == 403
    client.force_login(approver_nghe_an)
    client.post(reverse("ratings:cycle", args=[gpo.pk, YEAR, "reopen"]), {"reason": ""})
    assert ReviewCycle.objects.get(organization=gpo, year=YEAR).status == "approved"
    client.post(reverse("ratings:cycle", args=[gpo.pk, YEAR, "reopen"]), {"reason": "Sửa chi bộ 2"})
    assert ReviewCycle.objects.get(organization=gpo, year=YEAR).status == "draft"
    history = client.get(reverse("ratings:organization_history", args=[gpo.pk])).content.decode()
    assert "Sửa chi bộ 2" in history


def test_upload_preview_then_confirm_writes_the_file(client, unit, staff_nghe_an):
    _gpo, _c, cells, members = unit
    person = members[cells[0].pk][0]
    client.force_login(staff_nghe_an)
    content = f"Số thẻ đảng viên,Năm,Mức xếp loại\n{person.card_number},{YEAR},hoan thanh tot nhiem vu\n".encode()
    response = client.post(reverse("ratings:import"), {"file": SimpleUploadedFile("r.csv", content)})
    page = response.content.decode()
    assert 'id="import-preview"' in page and not Rating.objects.exists()
    token = client.session["ratings_import"]["token"]
    response = client.post(reverse("ratings:import_confirm"), {"token": token})
    assert response.status_code == 302
    assert Rating.objects.get(member=person).level.tier == 2


def test_the_checked_file_waits_in_the_database_so_any_app_server_can_confirm_it(client, unit, staff_nghe_an):
    from ratings.models import PendingImport
    _gpo, _c, cells, members = unit
    person = members[cells[0].pk][0]
    client.force_login(staff_nghe_an)
    content = f"Số thẻ đảng viên,Năm,Mức xếp loại\n{person.card_number},{YEAR},2\n".encode()
    client.post(reverse("ratings:import"), {"file": SimpleUploadedFile("r.csv", content)})
    assert bytes(PendingImport.objects.get().data) == content  # not on this server's disk
    token = client.session["ratings_import"]["token"]
    other_server = Client()  # another process: only the database and the session cookie are shared
    other_server.cookies = client.cookies
    assert other_server.post(reverse("ratings:import_confirm"), {"token": token}).status_code == 302
    assert Rating.objects.get(member=person).level.tier == 2
    stored = PendingImport.objects.get()  # marked applied, its bytes dropped: a repeat is told so
    assert stored.applied_at is not None and bytes(stored.data) == b""


def test_upload_errors_are_listed_by_row_and_column(client, unit, staff_nghe_an):
    client.force_login(staff_nghe_an)
    content = "Số thẻ đảng viên,Năm,Mức xếp loại\n00000000X,2024,tốt\n".encode()
    page = client.post(reverse("ratings:import"), {"file": SimpleUploadedFile("r.csv", content)}).content.decode()
    assert 'id="import-errors"' in page and "<td>2</td><td>Số thẻ đảng viên</td>" in page


@pytest.mark.parametrize(("name", "content", "message"), [
    ("r.pdf", b"%PDF", "Chỉ nhận tệp .xlsx hoặc .csv"),
    ("r.csv", b"", "rỗng"),
    ("r.xlsx", b"garbage", "Không đọc được tệp .xlsx"),
])
def test_bad_uploads_get_a_clear_message(client, unit, staff_nghe_an, name, content, message):
    client.force_login(staff_nghe_an)
    page = client.post(reverse("ratings:import"), {"file": SimpleUploadedFile(name, content)}).content.decode()
    assert message in page


def test_a_50_mb_upload_is_refused_by_size_before_reading():
    from ratings.forms import UploadForm

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("the content must not be read")

    big = Unreadable("big.csv", b"x")
    big.size = 50 * 1024 * 1024
    form = UploadForm({}, {"file": big})
    assert not form.is_valid()
    assert "Tệp quá lớn (50.0 MB)" in form.errors["file"][0]


def test_the_template_and_the_export_download(client, unit, staff_nghe_an):
    _gpo, _c, cells, members = unit
    services.rating_set(user=staff_nghe_an, year=YEAR, member=members[cells[0].pk][0], level=level("member", YEAR, 2))
    client.force_login(staff_nghe_an)
    template = client.get(reverse("ratings:template", args=["member", "csv"]))
    assert template.content.decode("utf-8-sig").startswith("Số thẻ đảng viên,Họ và tên")
    export = client.get(reverse("ratings:export"), {"year": YEAR, "subject": "member", "file_format": "csv"})
    assert members[cells[0].pk][0].card_number in export.content.decode("utf-8-sig")
    xlsx = client.get(reverse("ratings:export"), {"year": YEAR, "subject": "organization", "file_format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_the_check_report_lists_rule_violations(client, unit, staff_nghe_an):
    gpo, _c, cells, members = unit
    from members.models import MemberEvent
    person = members[cells[0].pk][0]
    MemberRatingFactory(member=person, year=YEAR, level=level("member", YEAR, 2))
    MemberEvent.objects.create(member=person, kind=MemberEvent.Kind.DISCIPLINE, date=datetime.date(YEAR, 2, 1))
    client.force_login(staff_nghe_an)
    page = client.get(reverse("ratings:checks", args=[gpo.pk, YEAR])).content.decode()
    assert 'id="error-count">1<' in page and "mức 4" in page and person.full_name in page


def test_the_index_finds_a_gpo_without_diacritics(client, unit, staff_nghe_an):
    gpo = unit[0]
    client.force_login(staff_nghe_an)
    page = client.get(reverse("ratings:index"), {"q": "dang bo xa thu nghiem", "year": YEAR}).content.decode()
    assert gpo.name in page


def test_the_admin_applies_the_rules_and_keeps_history(client, unit, admin_user):
    _gpo, _c, cells, members = unit
    from members.models import MemberEvent
    person = members[cells[0].pk][0]
    MemberEvent.objects.create(member=person, kind=MemberEvent.Kind.DISCIPLINE, date=datetime.date(2021, 2, 1))
    client.force_login(admin_user)
    url = reverse("admin:ratings_rating_add")
    data = {"year": 2021, "member": person.pk, "level": level("member", 2021, 2).pk, "not_reviewed": "",
            "deciding_body": "", "override_reason": "", "note": ""}
    page = client.post(url, data).content.decode()
    assert "mức 4" in page and not Rating.objects.exists()
    data["level"] = level("member", 2021, 4).pk
    assert client.post(url, data).status_code == 302
    rating = Rating.objects.get(member=person)
    assert rating.level.tier == 4 and rating.history.get().history_user == admin_user


def test_the_admin_refuses_summary_counts_above_the_total(client, unit, admin_user):
    gpo = unit[0]
    client.force_login(admin_user)
    data = {"reporting_organization": gpo.pk, "year": 2012, "subject": "cell", "population": "", "total": 5,
            "reviewed": "", "source": "", "note": "",
            "counts-TOTAL_FORMS": 2, "counts-INITIAL_FORMS": 0, "counts-MIN_NUM_FORMS": 0, "counts-MAX_NUM_FORMS": 4,
            "counts-0-tier": 1, "counts-0-count": 4, "counts-1-tier": 2, "counts-1-count": 3}
    page = client.post(reverse("admin:ratings_summaryreturn_add"), data).content.decode()
    assert "Tổng các mức (7) lớn hơn tổng số (5)" in page
    from ratings.models import SummaryReturn
    assert not SummaryReturn.objects.exists()
    data["counts-1-count"] = 1
    page = client.post(reverse("admin:ratings_summaryreturn_add"), {**data, "reviewed": 4}).content.decode()
    assert "Tổng các mức (5) lớn hơn số được đánh giá (4)" in page
    assert client.post(reverse("admin:ratings_summaryreturn_add"), data).status_code == 302


@pytest.mark.parametrize(("resource", "name", "fields"), [
    (0, "memberratingresource", ["card_number", "year", "level"]),
    (1, "organizationratingresource", ["org_code", "year", "level"]),
])
def test_the_admin_exports_ratings_with_either_resource(client, unit, admin_user, staff_nghe_an, resource, name,
                                                        fields):
    gpo, _c, cells, members = unit
    person = members[cells[0].pk][0]
    services.rating_set(user=staff_nghe_an, year=YEAR, member=person, level=level("member", YEAR, 2))
    services.rating_set(user=staff_nghe_an, year=YEAR, organization=cells[0], level=level("organization", YEAR, 2))
    client.force_login(admin_user)
    data = {"format": "0", "resource": str(resource),
            "export_items": list(Rating.objects.values_list("pk", flat=True))}
    data.update({f"{name}_{field}": "on" for field in fields})
    response = client.post(reverse("admin:ratings_rating_export"), data)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    expected = person.card_number if resource == 0 else cells[0].code
    assert lines[1:] == [f"{expected},{YEAR},Hoàn thành tốt nhiệm vụ"]


def test_staff_enter_a_summary_return_and_analysts_only_read_it(client, unit, staff_nghe_an, analyst):
    gpo = unit[0]
    url = reverse("ratings:returns", args=[gpo.pk, 2013])
    client.force_login(staff_nghe_an)
    data = {"subject": "cell", "population": "", "total": 10, "reviewed": 10, "source": "Báo cáo năm 2013",
            "note": "", "count_1": 7, "count_2": 3}
    assert client.post(url, {**data, "count_2": 4}).status_code == 200  # 11 > 10: refused
    from ratings.models import SummaryReturn
    assert not SummaryReturn.objects.exists()
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert 'id="returns-table"' in page and "Báo cáo năm 2013" in page
    assert "lớn hơn số đơn vị" in page  # 10 cells reported, 3 exist in the system
    assert dict(SummaryReturn.objects.get().counts.values_list("tier", "count")) == {1: 7, 2: 3}
    client.force_login(analyst)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403


def _rate_cells(gpo, cells, staff, tier: int = 2) -> None:
    services.grid_save(user=staff, organization=gpo, year=YEAR,
                       entries=[GridEntry(subject_id=c.pk, level_id=level("organization", YEAR, tier).pk) for c in cells])


def test_a_grid_post_missing_a_rated_row_is_refused_instead_of_deleting_its_rating(client, unit, staff_nghe_an):
    gpo, _c, cells, _m = unit
    _rate_cells(gpo, cells, staff_nghe_an)
    client.force_login(staff_nghe_an)
    kept = Rating.objects.get(organization=cells[1], year=YEAR)
    data = {f"level_{cells[0].pk}": str(level("organization", YEAR, 3).pk),
            f"version_{cells[0].pk}": "1", f"version_{cells[1].pk}": str(kept.version)}  # no level_ for cells[1]
    page = client.post(reverse("ratings:grid", args=[gpo.pk, YEAR]), data).content.decode()
    assert "Thiếu ô mức của dòng này" in page
    assert Rating.objects.filter(year=YEAR).count() == len(cells)
    assert Rating.objects.get(organization=cells[0], year=YEAR).level.tier == 2
    data = {f"level_{cells[0].pk}": str(level("organization", YEAR, 3).pk)}  # a rated row without its version
    page = client.post(reverse("ratings:grid", args=[gpo.pk, YEAR]), data).content.decode()
    assert "Thiếu phiên bản của dòng này" in page
    assert Rating.objects.get(organization=cells[0], year=YEAR).level.tier == 2


def test_a_tampered_version_is_shown_as_an_error_on_its_row(client, unit, staff_nghe_an):
    gpo, _c, cells, _m = unit
    client.force_login(staff_nghe_an)
    response = client.post(reverse("ratings:grid", args=[gpo.pk, YEAR]), {
        f"level_{cells[0].pk}": str(level("organization", YEAR, 2).pk), f"version_{cells[0].pk}": "abc"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dữ liệu của dòng này bị sửa ngoài trang" in page
    assert not Rating.objects.exists()


def test_a_rating_entered_by_someone_else_after_the_page_was_shown_is_not_overwritten(client, unit, staff_nghe_an):
    gpo, _c, cells, _m = unit
    client.force_login(staff_nghe_an)
    url = reverse("ratings:grid", args=[gpo.pk, YEAR])
    page = client.get(url).content.decode()
    assert f'name="version_{cells[0].pk}" value="0"' in page
    _rate_cells(gpo, cells[:1], staff_nghe_an, tier=2)  # another user, meanwhile
    page = client.post(url, {f"level_{cells[0].pk}": str(level("organization", YEAR, 3).pk),
                             f"version_{cells[0].pk}": "0"}).content.decode()
    assert "vừa được người khác sửa" in page
    assert Rating.objects.get(organization=cells[0], year=YEAR).level.tier == 2
    # left empty, the row keeps the other user's rating
    assert client.post(url, {f"level_{cells[0].pk}": "", f"version_{cells[0].pk}": "0"}).status_code == 302
    assert Rating.objects.get(organization=cells[0], year=YEAR).level.tier == 2


def _approve(gpo, staff, approver) -> None:
    services.cycle_submit(user=staff, organization=gpo, year=YEAR)
    services.cycle_approve(user=approver, organization=gpo, year=YEAR)


def test_the_admin_cannot_delete_ratings_of_an_approved_year(client, unit, staff_nghe_an, approver_nghe_an,
                                                             admin_user):
    gpo, _c, cells, members = unit
    person = members[cells[0].pk][0]
    _rate_cells(gpo, cells, staff_nghe_an)
    services.rating_set(user=staff_nghe_an, year=YEAR, member=person, level=level("member", YEAR, 2))
    _approve(gpo, staff_nghe_an, approver_nghe_an)
    client.force_login(admin_user)
    organization_rating = Rating.objects.get(organization=cells[0], year=YEAR)
    member_rating = Rating.objects.get(member=person, year=YEAR)
    for rating in (organization_rating, member_rating):
        url = reverse("admin:ratings_rating_delete", args=[rating.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
    selection = {"action": "delete_selected", "_selected_action": [organization_rating.pk, member_rating.pk]}
    confirm = client.post(reverse("admin:ratings_rating_changelist"), selection)
    assert confirm.status_code == 200 and confirm.context["perms_lacking"]  # the page says it cannot delete them
    assert client.post(reverse("admin:ratings_rating_changelist"), {**selection, "post": "yes"}).status_code == 403
    assert Rating.objects.filter(year=YEAR).count() == len(cells) + 1
    services.cycle_reopen(user=approver_nghe_an, organization=gpo, year=YEAR, reason="Sửa sai sót")
    assert client.post(reverse("admin:ratings_rating_delete", args=[member_rating.pk]),
                       {"post": "yes"}).status_code == 302
    assert not Rating.objects.filter(member=person).exists()
    assert Rating.history.filter(member_id=person.pk, history_type="-").get().history_user == admin_user


def test_the_admin_shows_review_cycles_read_only(client, unit, staff_nghe_an, approver_nghe_an, admin_user):
    gpo, _c, cells, _m = unit
    _rate_cells(gpo, cells, staff_nghe_an)
    _approve(gpo, staff_nghe_an, approver_nghe_an)
    cycle = ReviewCycle.objects.get(organization=gpo, year=YEAR)
    client.force_login(admin_user)
    url = reverse("admin:ratings_reviewcycle_change", args=[cycle.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"organization": gpo.pk, "year": YEAR, "status": "draft", "reason": ""})
    assert ReviewCycle.objects.get(pk=cycle.pk).status == ReviewCycle.Status.APPROVED
    assert client.get(reverse("admin:ratings_reviewcycle_add")).status_code == 403


def test_the_admin_cannot_delete_a_summary_return_of_an_approved_year(client, unit, staff_nghe_an, approver_nghe_an,
                                                                      admin_user):
    gpo = unit[0]
    summary, _warnings = services.returns_save(user=staff_nghe_an, reporting_organization=gpo, year=YEAR,
                                               subject="cell", counts={1: {"count": 2}}, total=3)
    _approve(gpo, staff_nghe_an, approver_nghe_an)
    client.force_login(admin_user)
    assert client.post(reverse("admin:ratings_summaryreturn_delete", args=[summary.pk]),
                       {"post": "yes"}).status_code == 403
    client.post(reverse("admin:ratings_summaryreturn_changelist"),
                {"action": "delete_selected", "post": "yes", "_selected_action": [summary.pk]})
    from ratings.models import SummaryReturn
    assert SummaryReturn.objects.filter(pk=summary.pk).exists()


def test_changes_to_a_summary_return_are_shown_with_who_and_before_and_after(client, unit, staff_nghe_an):
    gpo = unit[0]
    url = reverse("ratings:returns", args=[gpo.pk, 2013])
    client.force_login(staff_nghe_an)
    data = {"subject": "cell", "population": "", "total": 10, "reviewed": 10, "source": "Báo cáo 2013", "note": "",
            "count_1": 7, "count_2": 3}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "count_1": 6, "count_2": 4, "source": "Báo cáo sửa"}).status_code == 302
    for page in (client.get(url).content.decode(),
                 client.get(reverse("ratings:organization_history", args=[gpo.pk])).content.decode()):
        history = page.split('id="returns-history"', 1)[1]
        assert "staff" in history
        assert "Báo cáo 2013 → Báo cáo sửa" in history
        assert "mức 1" in history and "7 → 6" in history and "3 → 4" in history


def test_cells_and_constituents_have_no_cycle_of_their_own(client, unit, staff_nghe_an):
    gpo, constituent, cells, _m = unit
    client.force_login(staff_nghe_an)
    for organization in (cells[0], constituent):
        assert client.post(reverse("ratings:cycle", args=[organization.pk, YEAR, "submit"])).status_code == 404
        with pytest.raises(ValidationError):
            services.cycle_submit(user=staff_nghe_an, organization=organization, year=YEAR)
    assert not ReviewCycle.objects.exists()


def test_a_provinces_summary_returns_go_through_the_workflow_on_their_page(client, nghe_an, staff_nghe_an,
                                                                         approver_nghe_an):
    url = reverse("ratings:returns", args=[nghe_an.pk, 2013])
    data = {"subject": "gpo", "population": "", "total": 10, "reviewed": 10, "source": "Báo cáo 2013", "note": "",
            "count_1": 7, "count_2": 3}
    client.force_login(staff_nghe_an)
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert 'id="submit-cycle"' in page and "Báo cáo kiểm tra" not in page
    response = client.post(reverse("ratings:cycle", args=[nghe_an.pk, 2013, "submit"]))
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "Lưu báo cáo tổng hợp" not in page  # the form is gone while the year is submitted
    assert client.post(url, {**data, "count_1": 6}).status_code == 403
    client.force_login(approver_nghe_an)
    client.post(reverse("ratings:cycle", args=[nghe_an.pk, 2013, "approve"]))
    assert ReviewCycle.objects.get(organization=nghe_an, year=2013).status == ReviewCycle.Status.APPROVED


def test_a_cells_summary_return_is_locked_with_its_gpos_year(unit, staff_nghe_an, approver_nghe_an):
    gpo, _c, cells, _m = unit
    _rate_cells(gpo, cells, staff_nghe_an)
    _approve(gpo, staff_nghe_an, approver_nghe_an)
    with pytest.raises(ValidationError):
        services.returns_save(user=staff_nghe_an, reporting_organization=cells[0], year=YEAR, subject="member",
                              counts={1: {"count": 2}}, total=3)


def test_the_admin_refuses_a_scheme_whose_years_overlap_another_for_the_same_subject(client, admin_user):
    from ratings.models import Scheme
    client.force_login(admin_user)
    data = {"code": "member-2027", "name": "Đảng viên theo quy định mới", "applies_to": "member", "first_year": 2027,
            "last_year": "", "regulation": "Quy định mới", "note": "",
            "levels-TOTAL_FORMS": 0, "levels-INITIAL_FORMS": 0, "levels-MIN_NUM_FORMS": 0, "levels-MAX_NUM_FORMS": 4,
            "rules-TOTAL_FORMS": 0, "rules-INITIAL_FORMS": 0, "rules-MIN_NUM_FORMS": 0, "rules-MAX_NUM_FORMS": 1000}
    page = client.post(reverse("admin:ratings_scheme_add"), data).content.decode()
    assert "Trùng năm với quy định" in page and not Scheme.objects.filter(code="member-2027").exists()
    Scheme.objects.filter(applies_to="member", last_year__isnull=True).update(last_year=2026)
    assert client.post(reverse("admin:ratings_scheme_add"), data).status_code == 302


def test_a_too_long_reason_is_shown_under_the_reason_field(client, unit, staff_nghe_an):
    gpo, _c, cells, _m = unit
    client.force_login(staff_nghe_an)
    response = client.post(reverse("ratings:grid", args=[gpo.pk, YEAR]), {
        f"level_{cells[0].pk}": str(level("organization", YEAR, 2).pk), "override_reason": "x" * 2001})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="override-reason-errors"' in page and "2000" in page.split('id="override-reason-errors"')[1][:300]
    assert not Rating.objects.exists()


def test_the_admin_refuses_a_cells_summary_return_in_its_gpos_approved_year(client, unit, staff_nghe_an,
                                                                          approver_nghe_an, admin_user):
    gpo, _c, cells, _m = unit
    _rate_cells(gpo, cells, staff_nghe_an)
    _approve(gpo, staff_nghe_an, approver_nghe_an)
    client.force_login(admin_user)
    data = {"reporting_organization": cells[0].pk, "year": YEAR, "subject": "member", "population": "", "total": 5,
            "reviewed": "", "source": "", "note": "",
            "counts-TOTAL_FORMS": 1, "counts-INITIAL_FORMS": 0, "counts-MIN_NUM_FORMS": 0, "counts-MAX_NUM_FORMS": 4,
            "counts-0-tier": 1, "counts-0-count": 4}
    page = client.post(reverse("admin:ratings_summaryreturn_add"), data).content.decode()
    assert "đã trình hoặc đã phê duyệt" in page
    from ratings.models import SummaryReturn
    assert not SummaryReturn.objects.exists()


def test_a_rating_saved_by_someone_else_in_the_same_instant_is_a_message_not_a_server_error(
    client, unit, staff_nghe_an, monkeypatch
):
    from django.db import IntegrityError

    gpo, _c, cells, members = unit

    def collide(*args, **kwargs):
        raise IntegrityError("ratings_rating_one_per_organization_year")

    monkeypatch.setattr("ratings.engine.bulk_create_with_history", collide)
    client.force_login(staff_nghe_an)
    page = client.post(reverse("ratings:grid", args=[gpo.pk, YEAR]),
                       {f"level_{cells[0].pk}": str(level("organization", YEAR, 2).pk)}).content.decode()
    assert "Có người vừa lưu kết quả của bảng này cùng lúc" in page
    person = members[cells[0].pk][0]
    content = f"Số thẻ đảng viên,Năm,Mức xếp loại\n{person.card_number},{YEAR},2\n".encode()
    client.post(reverse("ratings:import"), {"file": SimpleUploadedFile("r.csv", content)})
    response = client.post(reverse("ratings:import_confirm"), {"token": client.session["ratings_import"]["token"]},
                           follow=True)
    assert "Có người vừa ghi kết quả của cùng đối tượng và năm" in response.content.decode()
    assert not Rating.objects.exists()


def test_the_import_preview_pages_its_rows_and_filters_those_with_a_warning(client, nghe_an, staff_nghe_an,
                                                                           monkeypatch):
    from ratings.spreadsheets import preview
    from tests import factories
    cell = factories.CellFactory(parent=factories.GrassrootsFactory(parent=nghe_an))
    newcomers = [factories.MemberFactory(cell=cell, admitted_on=datetime.date(YEAR, 9, 1), official_on=None,
                                         status="probationary") for _ in range(3)]
    monkeypatch.setattr(preview, "PER_PAGE", 1)
    client.force_login(staff_nghe_an)
    rows = "".join(f"{person.card_number},{YEAR},3\n" for person in newcomers)
    page = client.post(reverse("ratings:import"), {"file": SimpleUploadedFile(
        "r.csv", f"Số thẻ đảng viên,Năm,Bậc (1-4)\n{rows}".encode())}).content.decode()
    assert page.count("chưa đủ 6 tháng") == 1
    assert "Có cảnh báo (3)" in page and "Trang 1/3" in page


def _rule_forms(scheme) -> dict:
    """The admin's rules inline as a browser posts it back unchanged."""
    rules = list(scheme.rules.all())
    data = {"rules-TOTAL_FORMS": len(rules), "rules-INITIAL_FORMS": len(rules), "rules-MIN_NUM_FORMS": 0,
            "rules-MAX_NUM_FORMS": 1000}
    for index, rule in enumerate(rules):
        data.update({f"rules-{index}-{name}": "" if value is None else value for name, value in (
            ("id", rule.pk), ("scheme", scheme.pk), ("code", rule.code), ("kind", rule.kind), ("tier", rule.tier),
            ("value", rule.value), ("position", rule.position), ("statement", rule.statement),
            ("regulation", rule.regulation), ("clause", rule.clause), ("note", rule.note))})
        if rule.confirmed:
            data[f"rules-{index}-confirmed"] = "on"
    return data


def test_the_admin_keeps_the_tiers_and_years_of_a_scheme_in_use(client, unit, staff_nghe_an, admin_user):
    from ratings.models import Scheme
    _gpo, _c, cells, _m = unit
    good = level("organization", YEAR, 2)
    services.rating_set(user=staff_nghe_an, year=YEAR, organization=cells[0], level=good)
    scheme = good.scheme
    levels = list(scheme.levels.order_by("tier"))
    data = {"code": scheme.code, "name": scheme.name, "applies_to": scheme.applies_to,
            "first_year": scheme.first_year, "last_year": scheme.last_year or "", "regulation": scheme.regulation,
            "clause": scheme.clause, "confirmed": "on" if scheme.confirmed else "",
            "confirmation": scheme.confirmation, "note": scheme.note, "uses_score": "on" if scheme.uses_score else "",
            "has_exemplary": "on" if scheme.has_exemplary else "",
            "excellent_quota_percent": scheme.excellent_quota_percent or "",
            "levels-TOTAL_FORMS": len(levels), "levels-INITIAL_FORMS": len(levels), "levels-MIN_NUM_FORMS": 0,
            "levels-MAX_NUM_FORMS": 1000}
    for index, lv in enumerate(levels):
        data.update({f"levels-{index}-id": lv.pk, f"levels-{index}-scheme": scheme.pk, f"levels-{index}-tier": lv.tier,
                     f"levels-{index}-label_vi": lv.label_vi, f"levels-{index}-label_en": lv.label_en,
                     f"levels-{index}-min_score": lv.min_score if lv.min_score is not None else ""})
    data.update(_rule_forms(scheme))
    client.force_login(admin_user)
    url = reverse("admin:ratings_scheme_change", args=[scheme.pk])
    swapped = {**data, "levels-1-tier": 3, "levels-2-tier": 2}
    page = client.post(url, swapped).content.decode()
    assert "không đổi được bậc" in page
    page = client.post(url, {**data, "first_year": YEAR + 1}).content.decode()
    assert f"Đã có kết quả xếp loại năm {YEAR}" in page
    assert Scheme.objects.get(pk=scheme.pk).first_year == scheme.first_year
    assert good.__class__.objects.get(pk=good.pk).tier == 2
    assert client.post(url, {**data, "levels-1-label_en": "Good"}).status_code == 302  # a label may be corrected


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example/x", "https://evil.example/", "/\\/evil"])
def test_the_workflow_buttons_never_redirect_to_another_site(client, unit, staff_nghe_an, target):
    gpo = unit[0]
    client.force_login(staff_nghe_an)
    response = client.post(reverse("ratings:cycle", args=[gpo.pk, YEAR, "submit"]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("ratings:grid", args=[gpo.pk, YEAR])


@pytest.mark.parametrize(("reason", "message"), [("", "Lý do mở lại: "), ("x" * 1001, "1000")])
def test_a_reopening_without_a_reason_or_with_one_too_long_says_which(client, unit, staff_nghe_an, approver_nghe_an,
                                                                      reason, message):
    gpo, _c, cells, _m = unit
    _rate_cells(gpo, cells, staff_nghe_an)
    _approve(gpo, staff_nghe_an, approver_nghe_an)
    client.force_login(approver_nghe_an)
    response = client.post(reverse("ratings:cycle", args=[gpo.pk, YEAR, "reopen"]), {"reason": reason}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1 and shown[0].startswith("Lý do mở lại: ") and message in shown[0]
    assert ReviewCycle.objects.get(organization=gpo, year=YEAR).status == ReviewCycle.Status.APPROVED


def test_a_new_summary_return_has_one_history_row_and_a_cleared_source_shows_a_dash(client, unit, staff_nghe_an):
    from ratings.models import SummaryReturn
    gpo = unit[0]
    url = reverse("ratings:returns", args=[gpo.pk, 2013])
    client.force_login(staff_nghe_an)
    data = {"subject": "cell", "population": "", "total": 3, "reviewed": 3, "source": "Báo cáo 2013", "note": "",
            "count_1": 1, "count_2": 2}
    client.post(url, data)
    assert list(SummaryReturn.history.values_list("history_type", flat=True)) == ["+"]
    client.post(url, {**data, "source": ""})
    history = client.get(url).content.decode().split('id="returns-history"', 1)[1]
    assert "Báo cáo 2013 → —" in history


def test_the_index_search_ignores_a_nul_character(client, unit, staff_nghe_an):
    gpo = unit[0]
    client.force_login(staff_nghe_an)
    response = client.get(reverse("ratings:index"), {"q": f"{gpo.name[:8]}\x00", "page": "\x00"})
    assert response.status_code == 200 and gpo.name in response.content.decode()
