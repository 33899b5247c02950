"""An analyst compares the five northern border provinces in 2010, 2015 and 2018, switches to shares, downloads CSV."""

import csv
import io

import pytest
from django.core.cache import cache

from organizations.models import PartyOrganization
from reports.articles import articles_load

BORDER_CODES = ["HIST-DB-10", "HIST-DB-02", "HIST-DB-04", "HIST-DB-20", "HIST-DB-22"]


@pytest.mark.django_db(transaction=True)
def test_analyst_compares_border_provinces_switches_to_shares_and_downloads_csv(
    page, live_server, login, console_errors, analyst
):
    cache.clear()
    articles_load()
    province_ids = [str(PartyOrganization.objects.get(code=code).province_id) for code in BORDER_CODES]
    login("analyst")
    page.goto(f"{live_server.url}/reports/comparison/")
    page.select_option("select[name=subject]", "member")
    page.select_option("select[name=provinces]", province_ids)
    for year in ("2010", "2015", "2018"):
        page.check(f"input[name=years][value='{year}']")
    page.click("#report-filters input[type=submit], #report-filters button[type=submit]")
    page.wait_for_selector("#comparison-chart[data-drawn=true]")
    assert page.locator("#comparison-chart .bars .point").count() == 6
    assert "Quảng Ninh" in page.inner_text("#findings-count")
    assert page.url.count("provinces=") == 5 and "years=2010" in page.url

    page.click("button[data-measure=share]")
    page.wait_for_function("document.getElementById('comparison-chart').dataset.measure === 'share'")
    assert page.is_visible("#findings-share") and not page.is_visible("#findings-count")
    # The article gives counts only: a note says so instead of an empty chart of shares.
    assert page.is_visible("#no-shares") and not page.is_visible("#comparison-chart")
    assert "measure=share" in page.url
    assert "Tỷ lệ" in page.text_content("#comparison-chart .ytitle")

    with page.expect_download() as download_info:
        page.click("a:has-text('Tải CSV')")
    path = download_info.value.path()
    with open(path, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    assert sorted((r["province"], r["year"], r["count"]) for r in rows) == sorted([
        ("Quảng Ninh", "2010", "126"), ("Quảng Ninh", "2015", "83"), ("Quảng Ninh", "2018", "71"),
        ("Cao Bằng", "2010", "24"), ("Cao Bằng", "2015", "37"), ("Cao Bằng", "2018", "58"),
    ])
    assert console_errors == []
