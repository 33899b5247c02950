"""Staff find a member by a name typed without accents, record a discipline, then cancel it as a correction."""

import datetime

import pytest
from playwright.sync_api import expect

from members import services
from members.models import MemberEvent
from members.reference import load_ethnicities
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_staff_find_a_member_without_accents_and_correct_an_event_keeping_the_old_one(
    page, live_server, login, console_errors, staff_nghe_an, nghe_an
):
    load_ethnicities()
    from members.models import Ethnicity

    cell = factories.CellFactory(parent=factories.GrassrootsFactory(parent=nghe_an))
    member = services.member_admit(
        cell=cell, full_name="Lương Thị Hoà", gender="F", ethnicity=Ethnicity.objects.get(name="Thái"),
        birth_date=datetime.date(1990, 1, 2), admitted_on=datetime.date(2015, 3, 1), card_number="40123",
    )
    services.member_admit(
        cell=cell, full_name="Vi Văn Bình", gender="M", ethnicity=Ethnicity.objects.get(name="Thái"),
        birth_date=datetime.date(1990, 1, 2), admitted_on=datetime.date(2015, 3, 1), card_number="40124",
    )

    login("staff")
    page.goto(f"{live_server.url}/members/")
    page.fill("#id_q", "luong thi hoa")
    page.get_by_role("button", name="Lọc").click()
    table = page.locator("#member-table")
    expect(table).to_contain_text("Lương Thị Hoà")
    expect(table).not_to_contain_text("Vi Văn Bình")
    table.get_by_role("link", name="Lương Thị Hoà").click()

    page.get_by_role("link", name="Ghi nhận sự kiện").click()
    page.select_option("#id_kind", "discipline")
    page.fill("#id_date", "2020-05-04")
    page.select_option("#id_discipline_level", "warning")
    page.fill("#id_deciding_body", "Ủy ban Kiểm tra Đảng ủy xã")
    page.get_by_role("button", name="Lưu").click()
    events = page.locator("#member-events")
    expect(events).to_contain_text("Cảnh cáo")

    events.locator("tr", has_text="Cảnh cáo").get_by_role("link", name="Đính chính").click()
    page.check("#id_cancel")
    page.fill("#id_note", "Ghi nhầm người")
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator(".alert-success")).to_contain_text("sự kiện cũ vẫn được lưu")
    expect(events.locator("s", has_text="04/05/2020")).to_have_count(1)
    expect(events).to_contain_text("Ghi nhầm người")
    assert MemberEvent.objects.filter(member=member).count() == 3
    assert not MemberEvent.objects.effective().filter(member=member, kind="discipline").exists()
    assert [e for e in console_errors if "inline event handler" not in e] == []
