"""The officer's year in a browser: staff type scores on the grid (the level follows the year's thresholds, the
rules answer on the row with their source), submit after a confirmation counting the open warnings; the approver
finds the year in the queue, approves it after the same confirmation, and downloads the year's report as .docx
(read back with python-docx). The grid fits a 390 px phone."""

import datetime
import io
import re

import docx
import pytest
from playwright.sync_api import expect

from ratings.models import Rating, ReviewCycle
from ratings.reference import load_schemes
from tests import factories

CHECK = 20_000  # ms: a row's check is a request to the server, slow on a loaded machine

YEAR = 2025  # 366-QĐ/TW: 100 points; level 1 also needs 30% of the tasks above the requirement (art. 11)


@pytest.fixture
def commune(nghe_an):
    load_schemes()  # a transactional test may have flushed the migration's rows
    gpo = factories.GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Tiền Phong")
    cells = [factories.CellFactory(parent=gpo, code="CB-01", name="Chi bộ bản Mường Hinh"),
             factories.CellFactory(parent=gpo, code="CB-02", name="Chi bộ bản Piềng Cu")]
    return gpo, cells


@pytest.mark.django_db(transaction=True)
def test_staff_submit_the_approver_approves_from_the_queue_and_downloads_the_report(
    page, live_server, login, console_errors, staff_nghe_an, approver_nghe_an, commune, tmp_path
):
    gpo, cells = commune
    grid_url = f"{live_server.url}/ratings/grid/{gpo.pk}/{YEAR}/"
    login("staff")
    page.goto(grid_url)
    page.wait_for_load_state("load")
    # A score without a share: the thresholds give level 1, the row warns that the share is not recorded.
    page.fill(f"#id_score_{gpo.pk}", "92")
    issues = page.locator(f"#issues-{gpo.pk}")
    expect(issues).to_contain_text("30%", timeout=CHECK)
    expect(issues).to_contain_text("366-QĐ/TW")
    expect(issues).to_contain_text("đã đối chiếu")
    expect(page.locator(f"#id_level_{gpo.pk} option:checked")).to_have_text(re.compile(r"^1\. "), timeout=CHECK)
    for cell, score in zip(cells, ("75", "80")):
        page.fill(f"#id_score_{cell.pk}", score)
        expect(page.locator(f"#id_level_{cell.pk} option:checked")).to_have_text(re.compile(r"^2\. "), timeout=CHECK)
    page.click("#save-grid")
    expect(page.locator(".alert-success")).to_contain_text("3 mới")
    assert dict(Rating.objects.filter(year=YEAR).values_list("organization__code", "level__tier")) == {
        gpo.code: 1, "CB-01": 2, "CB-02": 2}

    page.click("#submit-cycle")
    dialog = page.locator("#confirm-submit")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".open-warnings")).not_to_have_text("0")
    dialog.locator("#submit-cycle-confirm").click()
    expect(page.locator("#cycle-status")).to_have_text("Đã trình")

    page.context.clear_cookies()
    login("approver")
    page.goto(f"{live_server.url}/ratings/queue/")
    row = page.locator("#approval-queue tbody tr", has_text="Đảng bộ xã Tiền Phong")
    expect(row).to_contain_text(str(YEAR))
    row.get_by_role("link", name="Xem và phê duyệt").click()
    page.click("#approve-cycle")
    expect(page.locator("#confirm-approve .open-warnings")).to_be_visible()
    page.click("#approve-cycle-confirm")
    expect(page.locator("#cycle-status")).to_have_text("Đã phê duyệt")
    assert ReviewCycle.objects.get(organization=gpo, year=YEAR).status == ReviewCycle.Status.APPROVED
    page.goto(f"{live_server.url}/ratings/queue/")
    expect(page.locator("#queue-empty")).to_be_visible()

    page.goto(grid_url)
    page.click("#annual-report-link")
    with page.expect_download() as download:
        page.click("#document-docx")
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    letterhead = document.tables[0].rows[0].cells[1].paragraphs[0].text
    assert letterhead == "ĐẢNG CỘNG SẢN VIỆT NAM"
    texts = "\n".join(p.text for p in document.paragraphs)
    assert f"năm {YEAR}" in texts
    assert document.tables[-1].rows[0].cells[1].paragraphs[0].text == "T/M ĐẢNG ỦY"  # the signature block
    # As saved on the grid: the GPO at level 1, its two cells at level 2 (subject, total, reviewed, then a count
    # and a share per level).
    lines = {row.cells[0].text: [cell.text for cell in row.cells] for table in document.tables[1:-1]
             for row in table.rows}
    assert lines["Tổ chức cơ sở đảng"][3] == "1" and lines["Chi bộ"][5] == "2", lines
    assert console_errors == []


@pytest.mark.django_db(transaction=True)
def test_the_grid_fits_a_390_px_phone(page, live_server, login, console_errors, staff_nghe_an, commune, tmp_path):
    gpo, cells = commune
    page.set_viewport_size({"width": 390, "height": 844})
    login("staff")
    page.goto(f"{live_server.url}/ratings/grid/{gpo.pk}/{YEAR}/")
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the grid page is {width} px wide on a 390 px screen"
    select = page.locator(f"#id_level_{cells[0].pk}")
    box = select.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=str(tmp_path / "grid-390.png"), full_page=True)
    assert (tmp_path / "grid-390.png").stat().st_size > 0
    assert console_errors == []
