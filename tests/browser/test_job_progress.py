"""A large rating file in the browser: the upload ends at once on the job's page, whose bar follows the job to
the end; the check's result leads to the confirmation, whose own job writes the file."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from ratings import jobs as import_jobs
from ratings.models import Rating
from ratings.reference import load_schemes
from tests.background import run_queued_jobs
from tests.ratings.factories import commune

YEAR = datetime.date.today().year - 1


def _finished(page, message: str) -> None:
    """The page polls the job's state; once the job is done it shows the full bar and the result."""
    expect(page.locator("[data-job-result]")).to_contain_text(message, timeout=20_000)
    expect(page.locator("[data-job-progress]")).to_have_attribute("aria-valuenow", "100")
    expect(page.locator("[data-job-bar]")).to_have_text("100%")
    expect(page.locator("[data-job-status]")).to_have_text("Xong")


@pytest.mark.django_db(transaction=True)
def test_a_large_file_is_followed_by_its_progress_bar_to_the_result(page, live_server, login, console_errors,
                                                                    staff_nghe_an, nghe_an, monkeypatch):
    load_schemes()  # a transactional test may have flushed the migration's rows
    monkeypatch.setattr(import_jobs, "INLINE_MAX_BYTES", 10)  # every file is "large" here
    _gpo, _committee, cells, members = commune(nghe_an, cells=2, members_per_cell=5)
    people = [person for cell in cells for person in members[cell.pk]]
    rows = "".join(f"{person.card_number},{YEAR},2\n" for person in people)

    login("staff")
    page.goto(f"{live_server.url}/ratings/import/")
    page.set_input_files("input[type=file]", files=[{
        "name": "lon.csv", "mimeType": "text/csv",
        "buffer": f"Số thẻ đảng viên,Năm,Bậc (1-4)\n{rows}".encode()}])
    page.click("#upload-button")
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    expect(page.locator("h1")).to_contain_text("Kiểm tra tệp lon.csv")
    expect(page.locator("[data-job-status]")).to_have_text("Đang chờ")
    expect(page.locator("[data-job-progress]")).to_have_attribute("aria-valuenow", "0")

    run_queued_jobs()  # the worker's part, while the page keeps polling
    _finished(page, f"{len(people)} dòng hợp lệ")
    page.click("text=Xem lại và xác nhận")
    expect(page.locator("#import-preview")).to_contain_text(f"sẽ ghi {len(people)} mới")
    page.click("#confirm-import")
    expect(page.locator("h1")).to_contain_text("Ghi tệp lon.csv")
    assert not Rating.objects.exists()

    run_queued_jobs()
    _finished(page, f"Đã ghi {len(people)} dòng: {len(people)} mới")
    assert Rating.objects.filter(member__in=people).count() == len(people)
    page.click("text=Về trang đánh giá, xếp loại")
    expect(page).to_have_url(f"{live_server.url}/ratings/")
    assert console_errors == []
