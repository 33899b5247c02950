"""Bad filters: a 400 with a message that names the field, in Vietnamese, on the page and in the exports; never a 500."""

import pytest
from django.urls import reverse

from reports.forms import MAX_PROVINCES
from reports.services import summaries_refresh
from tests.reports.test_summaries import _rated_commune


@pytest.mark.parametrize("value", ["99999999999999999999999", "2147483648", "-1", "0", "abc", "1e400", "\x00", "١٢"])
@pytest.mark.parametrize("view", ["reports:comparison", "reports:trends"])
def test_a_province_that_cannot_be_a_key_is_refused_naming_the_field(analyst_client, articles, view, value):
    page = analyst_client.get(reverse(view), {"provinces": value})
    assert page.status_code == 400
    assert "Tỉnh, thành phố" in page.content.decode()
    export = analyst_client.get(reverse(view), {"provinces": value, "format": "csv"})
    assert export.status_code == 400
    message = export.content.decode()
    assert message.startswith("Tỉnh, thành phố:") and "is not a valid value" not in message


def test_an_unknown_province_is_named_in_vietnamese(analyst_client, articles):
    response = analyst_client.get(reverse("reports:comparison"), {"provinces": "999999", "format": "csv"})
    assert response.status_code == 400
    assert response.content.decode() == "Tỉnh, thành phố: Không có tỉnh, thành phố mã 999999."


def test_a_huge_list_of_provinces_is_refused_with_the_limit(analyst_client, articles):
    query = {"provinces": [str(n) for n in range(1, MAX_PROVINCES + 50)], "format": "csv"}
    response = analyst_client.get(reverse("reports:comparison"), query)
    assert response.status_code == 400
    assert f"Chọn tối đa {MAX_PROVINCES} tỉnh" in response.content.decode()


def test_the_page_lists_every_refused_field_above_the_form(analyst_client, articles):
    response = analyst_client.get(reverse("reports:comparison"), {"year_from": "-1", "years": "99999", "tier": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index('id="filter-errors"'):html.index('class="report-filters')]
    for label in ("Từ năm", "Năm", "Mức (cho biểu đồ xu hướng)"):
        assert f"<strong>{label}</strong>" in summary
    assert "99999" in summary


def test_a_bad_year_in_the_drill_down_is_refused_with_the_field_named(analyst_client, nghe_an):
    gpo, _cells, _members = _rated_commune(nghe_an)
    summaries_refresh(organization_ids=[gpo.pk], years=[2024])
    url = reverse("reports:communes", args=[gpo.province_id])
    response = analyst_client.get(url, {"year": "99999"})
    assert response.status_code == 400
    assert "<strong>Năm</strong>" in response.content.decode()
    assert analyst_client.get(url).status_code == 200


def test_a_province_without_ratings_opens_its_communes_page_without_complaint(analyst_client, articles):
    from organizations.models import PartyOrganization

    province_id = PartyOrganization.objects.get(code="HIST-DB-22").province_id
    response = analyst_client.get(reverse("reports:communes", args=[province_id]))
    assert response.status_code == 200 and 'id="filter-errors"' not in response.content.decode()



def test_a_year_repeated_thousands_of_times_is_one_year(analyst_client, articles):
    response = analyst_client.get(reverse("reports:trends"), {"subject": "member", "years": ["2010"] * 3000})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Năm: 2010 ·" in html and "2010, 2010" not in html


def test_an_unknown_panel_table_is_refused_naming_the_parameter(analyst_client, articles):
    from organizations.models import PartyOrganization

    province_id = PartyOrganization.objects.get(code="HIST-DB-40").province_id
    url = reverse("reports:province", args=[province_id])
    response = analyst_client.get(url, {"format": "csv", "table": "members"})
    assert response.status_code == 400 and "Bảng (table) “members”" in response.content.decode()
    for table in ("ratings", "indicators", ""):
        assert analyst_client.get(url, {"format": "csv", "table": table}).status_code == 200, table
