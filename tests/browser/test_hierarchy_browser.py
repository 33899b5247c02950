import pytest

from tests.factories import CellFactory, GrassrootsFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_log_in_search_a_commune_without_diacritics_and_open_it(page, live_server, login, staff_nghe_an,
                                                                          console_errors):
    gpo = GrassrootsFactory(parent=staff_nghe_an.scope.organization, name="Đảng bộ xã Mường Phăng",
                            admin_unit__name="Xã Mường Phăng")
    CellFactory(parent=gpo, name="Chi bộ bản Yên 2")
    login("staff")
    page.click("text=Hệ thống tổ chức")
    assert page.locator("#provinces").is_visible()
    page.fill("input[name=q]", "muong phang")
    page.keyboard.press("Enter")
    page.click("#search-results >> text=Xã Mường Phăng")
    assert page.locator("h1").inner_text().startswith("Xã Mường Phăng")
    page.click("#unit-organizations >> text=Đảng bộ xã Mường Phăng")
    assert "Chi bộ bản Yên 2" in page.locator("#organization-children").inner_text()
    assert console_errors == []
