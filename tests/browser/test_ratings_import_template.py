"""The spreadsheet import in a browser: the template downloaded, filled on its example row, uploaded and confirmed;
the upload button is disabled and says it is working as soon as it is pressed."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ratings.models import Rating
from ratings.reference import load_schemes
from tests.ratings.factories import commune, level


@pytest.mark.django_db(transaction=True)
def test_a_downloaded_template_filled_and_uploaded_is_written(page, live_server, login, console_errors, nghe_an,
                                                                staff_nghe_an, tmp_path):
    load_schemes()  # a transactional test may have flushed the migration's rows
    _gpo, _constituent, cells, members = commune(nghe_an, cells=1, members_per_cell=1)
    member = members[cells[0].pk][0]
    login("staff")
    page.goto(f"{live_server.url}/ratings/import/")
    page.select_option("#template-year", "2024")
    page.wait_for_url("**/ratings/import/?year=2024")
    with page.expect_download() as download:
        page.click("#template-links a:has-text('đảng viên (.xlsx)')")
    assert download.value.suggested_filename == "mau-xep-loai-member-2024.xlsx"
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = book.worksheets[0]
    sheet["A2"] = member.card_number
    filled = tmp_path / "xep-loai-2024.xlsx"
    book.save(filled)

    page.set_input_files("#id_file", str(filled))
    page.click("#upload-button")
    expect(page.locator("#import-preview")).to_contain_text("1 dòng hợp lệ")
    page.click("#confirm-import")
    expect(page.locator(".alert-success")).to_contain_text("1 mới")
    assert Rating.objects.get(member=member, year=2024).level == level("member", 2024, 2)
    assert console_errors == []


@pytest.mark.django_db(transaction=True)
def test_the_upload_button_is_disabled_and_shows_it_is_working_once_pressed(page, live_server, login, console_errors,
                                                                          staff_nghe_an, tmp_path):
    load_schemes()
    upload = tmp_path / "a.csv"
    upload.write_bytes("Số thẻ đảng viên,Năm,Mức xếp loại\n1,2024,1\n".encode())
    login("staff")
    page.goto(f"{live_server.url}/ratings/import/")
    # Keep the page where it is after the submit event, to look at the button while the server would be working.
    page.evaluate("document.getElementById('upload-form').addEventListener('submit', e => e.preventDefault())")
    page.set_input_files("#id_file", str(upload))
    page.click("#upload-button")
    button = page.locator("#upload-button")
    expect(button).to_be_disabled()
    expect(button).to_have_text("Đang kiểm tra tệp…")
    expect(button.locator(".spinner-border")).to_have_count(1)
    expect(page.locator("#upload-form [data-busy-status]")).to_have_text("Đang kiểm tra tệp…")
    assert page.get_attribute("#upload-form", "aria-busy") == "true"
    assert console_errors == []
