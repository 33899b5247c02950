"""The summary returns page of a year with detailed ratings shows the totals computed from them, in any status."""

import pytest
from django.urls import reverse
from lxml import html

from ratings import services
from ratings.models import ReviewCycle
from tests.ratings.year_world import YEAR, rated_year

pytestmark = pytest.mark.django_db


def _computed(client, organization, year=YEAR) -> dict[str, list[str]]:
    response = client.get(reverse("ratings:returns", args=[organization.pk, year]))
    assert response.status_code == 200
    page = html.fromstring(response.content.decode())
    return {row.get("data-subject"): [cell.text_content().strip() for cell in row.findall("td")]
            for row in page.xpath("//tr[contains(@class, 'computed-line')]")}


@pytest.mark.parametrize("status", ["draft", "submitted", "approved"])
def test_a_rated_year_shows_its_totals_computed_from_the_details_in_every_status(
        client, nghe_an, staff_nghe_an, approver_nghe_an, status):
    world = rated_year(nghe_an, staff_nghe_an)
    if status in ("submitted", "approved"):
        services.cycle_submit(user=staff_nghe_an, organization=world.gpo, year=YEAR)
    if status == "approved":
        services.cycle_approve(user=approver_nghe_an, organization=world.gpo, year=YEAR)
    cycle = ReviewCycle.objects.filter(organization=world.gpo, year=YEAR).first()
    assert (cycle.status if cycle else "draft") == status
    client.force_login(staff_nghe_an)
    page = client.get(reverse("ratings:returns", args=[world.gpo.pk, YEAR])).content.decode()
    assert "Chưa có báo cáo tổng hợp" not in page and "Tính từ kết quả chi tiết" in page
    lines = _computed(client, world.gpo)
    # The GPO 1, its constituent 2, cells 2, 3, 2, 2; 16 members: 3 excellent, 9 good, 2 completed, 1 not, 1 exempted.
    assert lines["gpo"][2:8] == ["1", "1", "1 (100%)", "0 (0%)", "0 (0%)", "0 (0%)"]
    assert lines["constituent"][4:8] == ["0 (0%)", "1 (100%)", "0 (0%)", "0 (0%)"]
    assert lines["cell"][2:8] == ["4", "4", "0 (0%)", "3 (75%)", "1 (25%)", "0 (0%)"]
    assert lines["member"][2] == "16" and lines["member"][3].startswith("15") and "1 không đánh giá" in lines["member"][3]
    assert lines["member"][4:8] == ["3 (20%)", "9 (60%)", "2 (13,33%)", "1 (6,67%)"]


def test_returns_entered_are_still_listed_beside_the_computed_lines(client, nghe_an, staff_nghe_an):
    world = rated_year(nghe_an, staff_nghe_an)
    services.returns_save(user=staff_nghe_an, reporting_organization=world.gpo, year=YEAR, subject="cell",
                          counts={1: {"count": 1, "share": None}}, population="chi bộ quân sự", source="Báo cáo 12-BC")
    client.force_login(staff_nghe_an)
    page = client.get(reverse("ratings:returns", args=[world.gpo.pk, YEAR])).content.decode()
    assert "chi bộ quân sự" in page and "Báo cáo 12-BC" in page and "Tính từ kết quả chi tiết" in page


def test_a_provincial_committee_sees_the_totals_of_every_unit_below_it(client, nghe_an, staff_nghe_an):
    rated_year(nghe_an, staff_nghe_an)
    rated_year(nghe_an, staff_nghe_an)
    client.force_login(staff_nghe_an)
    lines = _computed(client, nghe_an)
    assert lines["gpo"][2] == "2" and lines["cell"][2] == "8" and lines["member"][2] == "32"


def test_a_year_without_details_or_returns_still_says_there_is_no_return(client, nghe_an, staff_nghe_an):
    world = rated_year(nghe_an, staff_nghe_an)
    client.force_login(staff_nghe_an)
    page = client.get(reverse("ratings:returns", args=[world.gpo.pk, YEAR - 1])).content.decode()
    assert "Chưa có báo cáo tổng hợp cho năm này." in page and "computed-line" not in page


def test_analysts_see_the_organizations_totals_but_not_one_units_members_by_level(client, nghe_an, staff_nghe_an,
                                                                                 analyst):
    world = rated_year(nghe_an, staff_nghe_an)
    client.force_login(analyst)
    lines = _computed(client, world.gpo)
    assert set(lines) == {"gpo", "constituent", "cell"}
    assert 'id="members-hidden-note"' in client.get(reverse("ratings:returns", args=[world.gpo.pk, YEAR])).content.decode()
