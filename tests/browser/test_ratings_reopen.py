"""An approver reopens an approved year with a reason; staff correct it; the subject's history page shows who
changed what, and the reopening with its reason."""

import datetime

import pytest
from playwright.sync_api import expect

from ratings import services
from ratings.models import Rating
from ratings.reference import load_schemes
from ratings.schemes import ORGANIZATION, SchemeBook
from ratings.services import GridEntry
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_an_approved_year_is_reopened_with_a_reason_corrected_and_the_history_shows_it(
    page, live_server, login, console_errors, staff_nghe_an, approver_nghe_an, nghe_an
):
    load_schemes()  # a transactional test may have flushed the migration's rows
    year = datetime.date.today().year - 1
    gpo = factories.GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Tiền Phong")
    cell = factories.CellFactory(parent=gpo, code="CB-01", name="Chi bộ bản Mường Hinh")
    good, completed = (SchemeBook().level_by_tier(ORGANIZATION, year, tier) for tier in (2, 3))
    services.grid_save(user=staff_nghe_an, organization=gpo, year=year,
                       entries=[GridEntry(subject_id=u.pk, level_id=good.pk) for u in (gpo, cell)])
    services.cycle_submit(user=staff_nghe_an, organization=gpo, year=year)
    services.cycle_approve(user=approver_nghe_an, organization=gpo, year=year)
    grid_url = f"{live_server.url}/ratings/grid/{gpo.pk}/{year}/"

    login("approver")
    page.goto(grid_url)
    expect(page.locator("#cycle-status")).to_have_text("Đã phê duyệt")
    page.click("#reopen-cycle")  # the reason is asked with "Mở lại", in its dialog
    expect(page.locator("#confirm-reopen textarea[name=reason]")).to_be_visible()
    page.click("#reopen-cycle-confirm")  # without a reason: refused
    expect(page.locator("#cycle-status")).to_have_text("Đã phê duyệt")
    page.fill("textarea[name=reason]", "Chi bộ Mường Hinh xếp nhầm mức")
    page.click("#reopen-cycle-confirm")
    expect(page.locator("#cycle-status")).to_have_text("Đang nhập")
    expect(page.locator("#status-bar")).to_contain_text("Chi bộ Mường Hinh xếp nhầm mức")

    page.context.clear_cookies()
    login("staff")
    page.goto(grid_url)
    page.select_option(f"#id_level_{cell.pk}", str(completed.pk))
    page.click("#save-grid")
    expect(page.locator(".alert-success")).to_contain_text("1 thay đổi")
    assert Rating.objects.get(organization=cell, year=year).level == completed

    page.goto(f"{live_server.url}/ratings/history/organization/{cell.pk}/")
    history = page.locator("#ratings-history")
    expect(history).to_contain_text("staff")
    expect(history).to_contain_text("2. Hoàn thành tốt nhiệm vụ → 3. Hoàn thành nhiệm vụ")
    page.goto(f"{live_server.url}/ratings/history/organization/{gpo.pk}/")
    expect(page.locator("body")).to_contain_text("Chi bộ Mường Hinh xếp nhầm mức")
    assert console_errors == []
