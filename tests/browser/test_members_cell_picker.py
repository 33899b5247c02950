"""Staff pick the cell of a new member by typing part of its name without diacritics, among the cells in scope."""

import datetime

import pytest
from playwright.sync_api import expect

from members.models import Member
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_staff_type_a_name_without_diacritics_and_pick_the_cell_of_a_new_member(
    page, live_server, login, console_errors, staff_nghe_an, nghe_an, cao_bang
):
    gpo = factories.GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Tiền Phong")
    wanted = factories.CellFactory(parent=gpo, name="Chi bộ bản Mường Hinh")
    factories.CellFactory(parent=gpo, name="Chi bộ bản Mường Phăng")
    other_gpo = factories.GrassrootsFactory(parent=cao_bang, name="Đảng bộ xã Trà Lĩnh")
    factories.CellFactory(parent=other_gpo, name="Chi bộ bản Mường Hinh Cao Bằng")
    kinh = factories.EthnicityFactory(code="01", name="Kinh")

    login("staff")
    page.goto(f"{live_server.url}/members/new/")
    box = page.get_by_role("combobox", name="Chi bộ")
    box.press_sequentially("muong hi", delay=30)

    suggestions = page.get_by_role("listbox")
    expect(suggestions.get_by_role("option")).to_have_count(1)  # Mường Phăng does not match; Cao Bằng is out of scope
    option = suggestions.get_by_role("option", name="Chi bộ bản Mường Hinh — Đảng bộ xã Tiền Phong")
    expect(option).to_contain_text(wanted.code)
    option.click()
    expect(box).to_have_value("Chi bộ bản Mường Hinh — Đảng bộ xã Tiền Phong")
    expect(suggestions).to_be_hidden()

    page.fill("#id_full_name", "Lò Văn Piên")
    page.select_option("#id_gender", "M")
    page.fill("#id_birth_date", "1995-03-02")
    page.select_option("#id_ethnicity", str(kinh.pk))
    page.fill("#id_admitted_on", (datetime.date.today() - datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator(".alert-success")).to_contain_text("Đã kết nạp Lò Văn Piên vào Chi bộ bản Mường Hinh")
    assert Member.objects.get(full_name="Lò Văn Piên").cell == wanted
    assert console_errors == []


@pytest.mark.django_db(transaction=True)
def test_a_typed_name_matching_several_cells_is_refused_on_the_field_without_saving(
    page, live_server, login, staff_nghe_an, nghe_an
):
    gpo = factories.GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Tiền Phong")
    factories.CellFactory(parent=gpo, name="Chi bộ bản Mường Hinh")
    factories.CellFactory(parent=gpo, name="Chi bộ bản Mường Phăng")
    kinh = factories.EthnicityFactory(code="01", name="Kinh")

    login("staff")
    page.goto(f"{live_server.url}/members/new/")
    page.get_by_role("combobox", name="Chi bộ").fill("muong")  # typed, nothing picked
    page.keyboard.press("Escape")
    page.fill("#id_full_name", "Lò Văn Piên")
    page.select_option("#id_gender", "M")
    page.select_option("#id_ethnicity", str(kinh.pk))
    page.fill("#id_birth_date", "1995-03-02")
    page.fill("#id_admitted_on", datetime.date.today().isoformat())
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator("#div_id_cell")).to_contain_text("Có nhiều kết quả khớp “muong”")
    expect(page.get_by_role("combobox", name="Chi bộ")).to_have_value("muong")
    assert not Member.objects.filter(full_name="Lò Văn Piên").exists()
