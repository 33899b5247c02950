"""The printable comparison: folded tables (each year's level labels) print open, and the filters print in words."""

import pytest
from django.core.cache import cache

from organizations.models import PartyOrganization
from ratings.reference import load_schemes
from reports.articles import articles_load


@pytest.mark.django_db(transaction=True)
def test_printing_the_comparison_opens_the_labels_table_and_closes_it_afterwards(
    page, live_server, login, console_errors, analyst
):
    cache.clear()
    # A transactional test starts from a flushed database on PostgreSQL: the schemes of the data migration are gone.
    load_schemes()
    articles_load()
    ids = [PartyOrganization.objects.get(code=code).province_id for code in ("HIST-DB-04", "HIST-DB-10")]
    login("analyst")
    query = "&".join([f"provinces={pk}" for pk in ids] + ["subject=cell", "years=2010", "years=2018"])
    page.goto(f"{live_server.url}/reports/comparison/?{query}")
    page.wait_for_selector("#comparison-chart[data-drawn=true]")
    details = page.locator("details").first
    assert details.evaluate("node => node.open") is False

    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert details.evaluate("node => node.open") is True
    assert page.is_visible("#report-selection") and not page.is_visible("#report-filters")
    assert "Hoàn thành xuất sắc nhiệm vụ" in page.inner_text("details table")
    legend = page.text_content("#comparison-chart .legend")
    assert "Trong sạch, vững mạnh (2010)" in legend and "Hoàn thành xuất sắc nhiệm vụ (2018)" in legend

    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert details.evaluate("node => node.open") is False
    assert console_errors == []
