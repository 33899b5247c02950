"""Printing on A4: charts are drawn at the paper's width and height (never cut, never over the text below), and the
grids, check reports, returns, dashboards and documents fit the 18 cm between the margins."""

import pytest
from django.core.cache import cache

from organizations.models import PartyOrganization
from ratings.reference import load_schemes
from reports.articles import articles_load
from tests.ratings.year_world import YEAR, rated_year

PAPER = 680  # px: 18 cm, A4 less the 1.5 cm margins of static/css/app.css, at 96 px per inch

_OVERFLOW = """() => {
  const limit = document.documentElement.clientWidth + 1;
  return Array.from(document.querySelectorAll('main *')).filter(e => !e.closest('svg') && e.offsetParent !== null
    && e.getBoundingClientRect().right > limit).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5);
}"""


def _print(page):
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")


@pytest.mark.django_db(transaction=True)
def test_the_comparison_chart_prints_at_the_papers_width_above_the_text(page, live_server, login, console_errors,
                                                                         analyst):
    cache.clear()
    load_schemes()  # a transactional test starts from a flushed database on PostgreSQL
    articles_load()
    ids = [PartyOrganization.objects.get(code=code).province_id for code in ("HIST-DB-04", "HIST-DB-10")]
    login("analyst")
    query = "&".join([f"provinces={pk}" for pk in ids] + ["subject=cell", "years=2010", "years=2015", "years=2018"])
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/reports/comparison/?{query}")
    page.wait_for_selector("#comparison-chart[data-drawn=true]")
    assert page.evaluate("document.querySelector('#comparison-chart svg.main-svg').width.baseVal.value") > PAPER

    _print(page)
    page.wait_for_function(f"document.querySelector('#comparison-chart svg.main-svg').width.baseVal.value <= {PAPER}")
    chart = page.evaluate("""() => { const c = document.getElementById('comparison-chart');
      const svg = c.querySelector('svg.main-svg'); const box = c.getBoundingClientRect();
      let next = c.nextElementSibling;
      while (next && next.getClientRects().length === 0) { next = next.nextElementSibling; }
      return {width: svg.width.baseVal.value, height: svg.height.baseVal.value, bottom: box.bottom,
              next: next.getBoundingClientRect().top}; }""")
    assert chart["height"] == 420 and chart["next"] >= chart["bottom"] - 1
    assert page.pdf(format="A4")[:4] == b"%PDF"

    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    page.wait_for_function(f"document.querySelector('#comparison-chart svg.main-svg').width.baseVal.value > {PAPER}")
    assert console_errors == []


@pytest.mark.django_db(transaction=True)
def test_grids_checks_returns_dashboards_and_documents_fit_between_the_margins(page, live_server, login,
                                                                             console_errors, nghe_an, staff_nghe_an):
    cache.clear()
    load_schemes()
    world = rated_year(nghe_an, staff_nghe_an)
    login("staff")
    pages = [
        f"/ratings/grid/{world.gpo.pk}/{YEAR}/", f"/ratings/cell/{world.cells[0].pk}/{YEAR}/",
        f"/ratings/checks/{world.gpo.pk}/{YEAR}/", f"/ratings/returns/{world.gpo.pk}/{YEAR}/",
        f"/ratings/documents/report/{world.gpo.pk}/{YEAR}/", f"/ratings/documents/cell/{world.cells[0].pk}/{YEAR}/",
        f"/reports/provinces/{nghe_an.province_id}/", f"/reports/provinces/{nghe_an.province_id}/communes/",
        f"/reports/organizations/{world.gpo.pk}/cells/",
        f"/reports/trends/?provinces={nghe_an.province_id}", "/help/",
    ]
    for path in pages:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.emulate_media(media="screen")
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        # The printed page's width between the margins (a screen's scroll bar takes some of the window).
        scroll_bar = page.evaluate("window.innerWidth - document.documentElement.clientWidth")
        page.set_viewport_size({"width": PAPER + scroll_bar, "height": 900})
        _print(page)
        page.wait_for_timeout(100)  # the charts' relayout
        assert page.evaluate("document.documentElement.clientWidth") == PAPER
        assert page.evaluate(_OVERFLOW) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= PAPER, path
        assert not page.is_visible("nav.app-navbar"), path
    assert console_errors == []


_GROUPS = "() => Array.from(document.querySelectorAll('#comparison-chart g.xtick2 text')).map(t => t.textContent)"


@pytest.mark.django_db(transaction=True)
def test_shares_of_figures_published_as_counts_print_a_note_not_an_empty_chart(page, live_server, login,
                                                                               console_errors, analyst):
    cache.clear()
    load_schemes()
    articles_load()
    ids = [PartyOrganization.objects.get(code=code).province_id for code in ("HIST-DB-04", "HIST-DB-10")]
    login("analyst")
    query = "&".join([f"provinces={pk}" for pk in ids] + ["subject=cell", "years=2010", "years=2018"])
    page.goto(f"{live_server.url}/reports/comparison/?{query}")
    page.wait_for_selector("#comparison-chart[data-drawn=true]")
    assert page.evaluate(_GROUPS) == ["Cao Bằng", "Lào Cai"]  # the article's counts of 2010 and 2018
    assert not page.is_visible("#no-shares")
    page.click("button[data-measure=share]")
    page.wait_for_function("document.getElementById('comparison-chart').dataset.measure === 'share'")
    _print(page)
    assert not page.is_visible("#comparison-chart") and page.is_visible("#no-shares")
    assert "Cao Bằng" in page.inner_text("#comparison-table")  # the table still lists the counts
    assert page.pdf(format="A4")[:4] == b"%PDF"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    page.click("button[data-measure=count]")
    page.wait_for_function("document.getElementById('comparison-chart').dataset.measure === 'count'")
    assert page.is_visible("#comparison-chart") and not page.is_visible("#no-shares")
    assert page.evaluate(_GROUPS) == ["Cao Bằng", "Lào Cai"]
    assert page.evaluate("document.querySelector('#comparison-chart svg.main-svg').width.baseVal.value") > PAPER / 2
    assert console_errors == []
