"""Staff rate every unit of their committee for the year in progress and submit; the approver approves; the grid
is then read-only for staff."""

import datetime

import pytest
from playwright.sync_api import expect

from ratings.models import Rating, ReviewCycle
from ratings.reference import load_schemes
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_staff_rate_every_cell_submit_and_the_approved_grid_is_read_only(
    page, live_server, login, console_errors, staff_nghe_an, approver_nghe_an, nghe_an
):
    load_schemes()  # a transactional test may have flushed the migration's rows
    year = datetime.date.today().year
    gpo = factories.GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Tiền Phong")
    constituent = factories.ConstituentFactory(parent=gpo, name="Đảng bộ bộ phận khối cơ quan")
    cells = [
        factories.CellFactory(parent=gpo, code="CB-01", name="Chi bộ bản Mường Hinh"),
        factories.CellFactory(parent=gpo, code="CB-02", name="Chi bộ bản Piềng Cu"),
        factories.CellFactory(parent=constituent, code="CB-03", name="Chi bộ Ủy ban nhân dân xã"),
    ]
    grid_url = f"{live_server.url}/ratings/grid/{gpo.pk}/{year}/"

    login("staff")
    page.goto(f"{live_server.url}/ratings/?q=tien phong")
    page.get_by_role("link", name="Đảng bộ xã Tiền Phong").click()
    expect(page).to_have_url(grid_url)
    page.wait_for_load_state("load")  # the keyboard script runs at the end of the page
    expect(page.locator("#cycle-status")).to_have_text("Đang nhập")
    # Keyboard only: the first row has the focus; typing a tier picks it and moves to the next row.
    expect(page.locator(f"#id_level_{gpo.pk}")).to_be_focused()
    page.keyboard.press("2")
    expect(page.locator(f"#id_level_{cells[0].pk}")).to_be_focused()
    for key in ("2", "3", "2", "1"):  # the two affiliated cells, the constituent committee, its cell
        page.keyboard.press(key)
    page.keyboard.press("Control+Enter")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu: 5 mới")
    tiers = dict(Rating.objects.filter(year=year).values_list("organization__code", "level__tier"))
    assert tiers == {gpo.code: 2, constituent.code: 2, "CB-03": 1, "CB-01": 2, "CB-02": 3}
    page.click("#submit-cycle")
    page.click("#submit-cycle-confirm")
    expect(page.locator("#cycle-status")).to_have_text("Đã trình")
    expect(page.locator("#save-grid")).to_have_count(0)

    page.context.clear_cookies()
    login("approver")
    page.goto(grid_url)
    page.click("#approve-cycle")
    page.click("#approve-cycle-confirm")
    expect(page.locator("#cycle-status")).to_have_text("Đã phê duyệt")
    assert ReviewCycle.objects.get(organization=gpo, year=year).status == ReviewCycle.Status.APPROVED

    page.context.clear_cookies()
    login("staff")
    page.goto(grid_url)
    expect(page.locator("#read-only-note")).to_be_visible()
    expect(page.locator("#save-grid")).to_have_count(0)
    expect(page.locator("#submit-cycle")).to_have_count(0)
    for cell in cells:
        expect(page.locator(f"#id_level_{cell.pk}")).to_be_disabled()
    expect(page.locator(f"#id_level_{cells[1].pk} option:checked")).to_have_text("3. Hoàn thành nhiệm vụ")
    assert console_errors == []
