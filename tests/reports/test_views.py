"""Pages: who may see them, bad input answered with a message (never a 500), panel and drill-down contents."""

import pytest
from django.templatetags.static import static
from django.urls import reverse

from organizations.models import PartyOrganization
from reports.services import summaries_refresh
from tests import factories
from tests.reports.test_summaries import _rated_commune


def _nghe_an_historic():
    return PartyOrganization.objects.get(code="HIST-DB-40").province


def _urls(province_pk, gpo_pk):
    return [
        reverse("reports:index"),
        reverse("reports:comparison"),
        reverse("reports:trends"),
        reverse("reports:province", args=[province_pk]),
        reverse("reports:communes", args=[province_pk]),
        reverse("reports:cells", args=[gpo_pk]),
    ]


@pytest.fixture
def rated(nghe_an):
    gpo, cells, members = _rated_commune(nghe_an)
    summaries_refresh(organization_ids=[gpo.pk], years=[2024])
    return gpo


def test_anonymous_visitors_are_sent_to_the_login_page(client, rated):
    for url in _urls(rated.province_id, rated.pk):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_a_user_without_a_role_is_refused(client, rated):
    client.force_login(factories.UserFactory(username="nobody"))
    for url in _urls(rated.province_id, rated.pk):
        assert client.get(url).status_code == 403, url


def test_an_analyst_sees_every_page(analyst_client, rated):
    for url in _urls(rated.province_id, rated.pk):
        assert analyst_client.get(url).status_code == 200, url


def test_staff_of_another_province_cannot_open_a_communes_cells(client, staff_cao_bang, rated):
    client.force_login(staff_cao_bang)
    assert client.get(reverse("reports:cells", args=[rated.pk])).status_code == 404
    response = client.get(reverse("reports:communes", args=[rated.province_id]))
    assert response.status_code == 200 and response.context["rows"] == []


@pytest.mark.parametrize("query", [
    {"years": "abc"}, {"year_from": "2020", "year_to": "2010"}, {"provinces": "999999"}, {"subject": "cat"},
    {"tier": "9"}, {"measure": "both"}, {"boundaries": "1900"},
])
def test_bad_filters_are_answered_with_400_and_the_field_named(analyst_client, articles, query):
    response = analyst_client.get(reverse("reports:comparison"), query)
    assert response.status_code == 400
    response = analyst_client.get(reverse("reports:comparison"), {**query, "format": "csv"})
    assert response.status_code == 400 and response.content.decode().strip()


def test_an_unknown_export_format_is_refused_with_a_message(analyst_client, articles):
    response = analyst_client.get(reverse("reports:comparison"), {"format": "pdf"})
    assert response.status_code == 400 and "pdf" in response.content.decode()


def test_the_comparison_page_loads_plotly_from_static_and_passes_the_figure_as_json(analyst_client, articles):
    response = analyst_client.get(reverse("reports:comparison"), {"subject": "member"})
    html = response.content.decode()
    assert static("vendor/plotly/plotly-bar-scatter.min.js") in html and static("reports/charts.js") in html
    assert '<script id="comparison-data" type="application/json">' in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html, "no inline script: the page must work under a Content-Security-Policy"


def test_years_straddling_a_scheme_change_get_a_footnote(analyst_client, articles):
    response = analyst_client.get(reverse("reports:comparison"), {"subject": "cell", "years": [2010, 2018]})
    footnote = response.context["data"]["footnote"]
    assert "20-HD/BTCTW" in footnote and "132-QĐ/TW" in footnote
    single = analyst_client.get(reverse("reports:comparison"), {"subject": "cell", "years": [2010]})
    assert single.context["data"]["footnote"] == ""


def test_the_comparison_costs_a_fixed_number_of_queries(analyst_client, articles, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        analyst_client.get(reverse("reports:comparison"), {"subject": "member"})
    with django_assert_max_num_queries(6):
        analyst_client.get(reverse("reports:comparison"), {"subject": "member"})


def test_the_trends_page_draws_lines_with_dashed_trend_lines(analyst_client, articles):
    response = analyst_client.get(reverse("reports:trends"), {"subject": "member", "tier": 4, "measure": "count"})
    traces = response.context["data"]["chart"]["figure"]["data"]
    assert [t["name"] for t in traces if t.get("line", {}).get("dash") != "dash"] == ["Cao Bằng", "Quảng Ninh"]
    assert sum(1 for t in traces if t.get("line", {}).get("dash") == "dash") == 2
    csv = analyst_client.get(reverse("reports:trends"), {"subject": "member", "tier": 4, "format": "csv"})
    assert csv.status_code == 200 and "Quảng Ninh" in csv.content.decode("utf-8-sig")


def test_the_nghe_an_panel_shows_2001_and_2013_figures_and_targets(analyst_client, articles):
    response = analyst_client.get(reverse("reports:province", args=[_nghe_an_historic().pk]))
    html = response.content.decode()
    for figure in ("63,04", "68,60", "2,64", "0,13", "269", "93", "147", "73", "85,5%", "1,06%", "0,27%"):
        assert figure in html, figure
    cadres = {(row["indicator"], row["is_target"], row["group"]): row["display"] for row in response.context["cadres"]}
    assert cadres[("cadres_professional_intermediate", True, "xã miền núi")] == "60%"
    assert cadres[("cadres_professional_intermediate", False, "cán bộ chủ chốt xã, thị trấn")] == "78%"
    assert cadres[("key_cadres_university_per_commune", True, "xã vùng cao")] == "1–2"


def test_the_panel_shows_que_phong_member_development_as_the_article_gives_it(analyst_client, articles):
    response = analyst_client.get(reverse("reports:province", args=[_nghe_an_historic().pk]))
    development = {(row["unit"], row["indicator"], row["year"]): row["display"] for row in response.context["development"]}
    assert development[("Huyện Quế Phong", "members_total", 2020)] == "5.251"
    assert development[("Huyện Quế Phong", "members_total", 2022)] == "5.417"
    assert development[("Huyện Quế Phong", "members_admitted", 2020)] == "286"
    assert development[("Huyện Quế Phong", "members_removed", 2020)] == "20"
    assert development[("Huyện Quế Phong", "members_disciplined", 2020)] == "51"
    export = analyst_client.get(reverse("reports:province", args=[_nghe_an_historic().pk]),
                                {"format": "csv", "table": "indicators"})
    assert "members_admitted" in export.content.decode("utf-8-sig")


def test_drill_down_goes_from_province_to_communes_to_cells(analyst_client, rated):
    response = analyst_client.get(reverse("reports:communes", args=[rated.province_id]), {"subject": "cell"})
    (row,) = response.context["rows"]
    assert row["organization_id"] == rated.pk and row["total"] == 4
    cells = analyst_client.get(reverse("reports:cells", args=[rated.pk]))
    grid = cells.context["grid"]
    assert len(grid) == 4 and sorted(values[0]["tier"] for _name, values in grid) == [1, 1, 2, 3]
    export = analyst_client.get(reverse("reports:cells", args=[rated.pk]), {"format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_member_drill_down_hides_counts_under_five(analyst_client, rated):
    response = analyst_client.get(reverse("reports:communes", args=[rated.province_id]), {"subject": "member"})
    (row,) = response.context["rows"]
    cells = {cell["tier"]: cell for cell in row["cells"]}
    assert cells[1]["suppressed"] and cells[1]["count"] is None
    assert cells[2]["count"] == 10


def test_the_panel_reads_member_development_through_members_selectors_and_hides_small_counts(analyst_client, rated):
    import datetime

    from members.models import Member, MemberEvent

    cell = PartyOrganization.objects.filter(kind="cell", parent=rated).first()
    year = datetime.date.today().year
    members = list(Member.objects.filter(cell=cell))[:3] + list(Member.objects.exclude(cell=cell))[:3]
    for member in members:
        MemberEvent.objects.create(member=member, kind="admission", date=datetime.date(year, 3, 1), to_cell=member.cell)
    for member in members[:2]:
        MemberEvent.objects.create(member=member, kind="discipline", date=datetime.date(year, 5, 1),
                                   from_cell=member.cell, discipline_level="reprimand")
    response = analyst_client.get(reverse("reports:province", args=[rated.province_id]))
    (row,) = [r for r in response.context["member_development"] if r["year"] == year]
    assert row["admissions"] == 6 and row["disciplines"] == "<5"


def test_the_nghe_an_panel_says_in_words_what_rose_and_what_fell(analyst_client, articles):
    response = analyst_client.get(reverse("reports:province", args=[_nghe_an_historic().pk]))
    findings = response.context["charts"]["findings"]
    assert "Tổ chức cơ sở đảng mức 1 (Trong sạch, vững mạnh): tăng từ 63,04% (2001) lên 68,60% (2013)." in findings
    assert "Tổ chức cơ sở đảng mức 4 (Yếu kém): giảm từ 2,64% (2001) xuống 0,13% (2013)." in findings
    assert "Thôn, bản chưa có chi bộ: giảm từ 269 (2001) xuống 93 (2013)." in findings
    assert "Đảng viên vi phạm kỷ luật: giảm từ 1,06% (2011) xuống 0,27% (2013)." in findings
