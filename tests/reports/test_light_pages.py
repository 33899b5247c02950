"""The comparison page stays light at national scale: every province over ten years fits in 100 KB of HTML, the
table shows a page of lines with the whole table a download away, and the filters show what was chosen."""

from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse

from reports import dashboards
from reports.forms import ReportFilterForm
from reports.models import ProvinceSummary
from tests import factories

YEARS = range(2015, 2025)


@pytest.fixture
def national(db):
    """34 provinces × 10 years of members' figures, every year provisional: the shape of the national data set."""
    provinces = [factories.ProvinceFactory(name=f"Tỉnh Thừa Thiên Giả Lập {n}") for n in range(34)]
    counts = {1: 9_950, 2: 45_960, 3: 9_050, 4: 880}
    ProvinceSummary.objects.bulk_create([
        ProvinceSummary(province=province, current_province=province, year=year, subject="member", source="detail",
                        tier=tier, count=count, total=sum(counts.values()),
                        share=Decimal(count * 100 / sum(counts.values())).quantize(Decimal("0.01")), provisional=True)
        for province in provinces for year in YEARS for tier, count in counts.items()
    ])
    return provinces


def test_every_province_over_ten_years_fits_in_100_kb(analyst_client, national):
    response = analyst_client.get(reverse("reports:comparison"), {"subject": "member", "boundaries": "today"})
    assert response.status_code == 200
    assert len(response.content) <= 100_000, len(response.content)
    chart = response.context["data"]["chart"]
    assert len(chart["groups"]) == 34 and len(chart["traces"]) == 4 and len(chart["traces"][0]["count"]) == 340


def test_the_table_shows_thirty_lines_a_page_and_links_the_whole_table(analyst_client, national):
    url = reverse("reports:comparison")
    html = analyst_client.get(url, {"subject": "member", "page": "2"}).content.decode()
    table = html[html.index('id="comparison-table"'):]
    table = table[:table.index("</table>")]
    assert table.count("<tr>") == 1 + dashboards.TABLE_LINES
    pages = html[html.index('id="table-pages"'):]
    assert "Dòng 31–60 trong 340 dòng." in pages
    assert "page=1" in pages and "page=3" in pages and "format=csv" in pages and "page=2&amp;format" not in pages
    last = analyst_client.get(url, {"subject": "member", "page": "99"}).content.decode()
    assert "Dòng 331–340 trong 340 dòng." in last  # beyond the end: the last page, not an error


def test_a_page_number_that_is_not_one_shows_the_first_page():
    lines = [{"province": f"P{n}", "province_id": 1, "year": 2020, "population": "", "source": "detail",
              "conflict": False, "provisional": False, "protected": False, "cells": [None] * 4} for n in range(120)]
    for page in ("abc", "", "²", "1.5"):
        table = dashboards.table_page(lines, QueryDict(f"page={page}&subject=member&apply=Xem"))
        assert table["page"].number == 1 and table["query"] == "subject=member"


def test_the_filters_show_the_choices_made_and_escape_the_names(db):
    province = factories.ProvinceFactory(name="Tỉnh <b>Thử</b>")
    form = ReportFilterForm(QueryDict(f"subject=member&provinces={province.pk}&years=2016&measure=share"),
                            years=[2015, 2016])
    assert form.is_valid(), form.errors
    html = str(form["provinces"]) + str(form["years"]) + str(form["measure"]) + str(form["subject"])
    assert f'<option value="{province.pk}" selected>Tỉnh &lt;b&gt;Thử&lt;/b&gt;</option>' in html
    assert 'value="2016" id="id_years_1" checked>' in html and 'value="2015" id="id_years_0">' in html
    assert 'name="measure" value="share" id="id_measure_1" checked required>' in html
    assert '<option value="member" selected>' in html

