"""Staff admit a new member into a cell, later record official membership, and see the cell's counts change."""

import datetime

import pytest
from playwright.sync_api import expect

from members.history import earliest_official_date
from members.models import Member
from members.reference import load_ethnicities
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_staff_admit_a_member_then_recognise_them_official_and_the_cell_counts_follow(
    page, live_server, login, console_errors, staff_nghe_an, nghe_an
):
    load_ethnicities()
    gpo = factories.GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Tiền Phong")
    cell = factories.CellFactory(parent=gpo, name="Chi bộ bản Mường Hinh")
    kinh = factories.EthnicityFactory(code="01")
    factories.MemberFactory.create_batch(2, cell=cell, ethnicity=kinh)
    admitted = datetime.date.today() - datetime.timedelta(days=420)
    due = earliest_official_date(admitted)

    login("staff")
    page.goto(f"{live_server.url}/members/cells/{cell.pk}/")
    counts = page.locator("#cell-counts")
    expect(counts.locator("[data-count=active]")).to_have_text("2")
    expect(counts.locator("[data-count=probationary]")).to_have_text("0")
    expect(page.locator("#statute-flag")).to_contain_text("Chưa đủ 3 đảng viên chính thức")

    page.get_by_role("link", name="Kết nạp đảng viên mới").click()
    expect(page.locator("#id_cell")).to_have_value("Chi bộ bản Mường Hinh — Đảng bộ xã Tiền Phong")
    page.fill("#id_full_name", "Lương Thị Xoan")
    page.select_option("#id_gender", "F")
    page.fill("#id_birth_date", "1999-08-21")
    page.select_option("#id_ethnicity", label="Thái")
    page.fill("#id_card_number", "40765432")
    page.fill("#id_admitted_on", admitted.isoformat())
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator(".alert-success")).to_contain_text("Đã kết nạp Lương Thị Xoan")
    expect(counts.locator("[data-count=active]")).to_have_text("3")
    expect(counts.locator("[data-count=probationary]")).to_have_text("1")
    expect(counts.locator("[data-count=official]")).to_have_text("2")

    row = page.locator("#cell-members tr", has_text="Lương Thị Xoan")
    row.get_by_role("link", name="Công nhận chính thức").click()
    expect(page.locator("#id_kind")).to_have_value("official")
    page.fill("#id_date", (due - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#id_date").locator("xpath=..")).to_contain_text("Chưa đủ 12 tháng dự bị")
    assert Member.objects.get(card_number="40765432").status == Member.Status.PROBATIONARY

    page.fill("#id_date", due.isoformat())
    page.get_by_role("button", name="Lưu").click()

    expect(page).to_have_url(f"{live_server.url}/members/cells/{cell.pk}/")
    expect(counts.locator("[data-count=official]")).to_have_text("3")
    expect(counts.locator("[data-count=probationary]")).to_have_text("0")
    expect(page.locator("#statute-flag")).to_have_count(0)
    member = Member.objects.get(card_number="40765432")
    assert (member.status, member.official_on) == (Member.Status.OFFICIAL, due)
    # The shared base template's language selector (not this app's) may trip the CSP on inline handlers.
    assert [e for e in console_errors if "inline event handler" not in e] == []
