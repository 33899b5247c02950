"""Zeros are figures, findings say what they count, and figures of years not yet approved are marked provisional."""

import json

import pytest
from django.urls import reverse

from ratings import services
from ratings.models import ReviewCycle
from reports.services import summaries_refresh
from tests import factories
from tests.ratings.factories import MemberRatingFactory, OrganizationRatingFactory, commune, level

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces(nghe_an, cao_bang):
    """One GPO each. Cao Bằng's is rated level 1 in 2023 and 2024 and level 2 in 2025 (0 at level 1 that year);
    Nghệ An's is level 1 every year. 2023 and 2024 are approved, 2025 is not."""
    gpos = {}
    for committee, tiers in ((nghe_an, (1, 1, 1)), (cao_bang, (1, 1, 2))):
        gpo = factories.GrassrootsFactory(parent=committee)
        for year, tier in zip((2023, 2024, 2025), tiers):
            OrganizationRatingFactory(organization=gpo, year=year, level=level("organization", year, tier))
            status = ReviewCycle.Status.APPROVED if year < 2025 else ReviewCycle.Status.DRAFT
            ReviewCycle.objects.create(organization=gpo, year=year, status=status)
        gpos[committee.code] = gpo
    summaries_refresh(organization_ids=[g.pk for g in gpos.values()], years=[2023, 2024, 2025])
    return gpos


def _json(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)["rows"]


def test_a_level_with_nobody_in_it_is_a_zero_in_tables_exports_and_charts(analyst_client, two_provinces):
    rows = _json(analyst_client.get(reverse("reports:comparison"), {"subject": "gpo", "format": "json"}))
    cao_bang_2025 = {r["tier"]: (r["count"], r["share"]) for r in rows if r["province"] == "Cao Bằng"
                     and r["year"] == 2025}
    assert cao_bang_2025 == {1: (0, 0.0), 2: (1, 100.0), 3: (0, 0.0), 4: (0, 0.0)}
    trends = analyst_client.get(reverse("reports:trends"), {"subject": "gpo", "tier": 1, "measure": "share"})
    line = next(t for t in trends.context["data"]["chart"]["figure"]["data"] if t["name"] == "Cao Bằng")
    assert list(zip(line["x"], line["y"])) == [(2023, 100.0), (2024, 100.0), (2025, 0.0)]
    assert ">0,00<" in trends.content.decode() or ">0.00<" in trends.content.decode()


def test_findings_agree_with_the_tables_about_zeros(analyst_client, two_provinces):
    response = analyst_client.get(reverse("reports:trends"), {"subject": "gpo", "tier": 1, "measure": "share"})
    findings = response.context["data"]["findings"]
    assert any("giảm ở Cao Bằng (100,00% → 0,00% tạm tính)" in f for f in findings), findings
    assert not any("không đổi ở Cao Bằng" in f for f in findings), findings
    assert not any("chỉ có số liệu của Nghệ An" in f for f in findings), findings
    assert any("Năm 2025" in f and "thấp nhất ở Cao Bằng (0,00% tạm tính)" in f for f in findings), findings


@pytest.mark.parametrize(("subject", "words"), [("gpo", "số tổ chức cơ sở đảng xếp loại"),
                                                ("cell", "số chi bộ xếp loại"),
                                                ("member", "số đảng viên xếp loại")])
def test_findings_say_what_they_count(analyst_client, nghe_an, cao_bang, subject, words):
    for committee in (nghe_an, cao_bang):
        gpo, _c, cells, members = commune(committee, cells=2, members_per_cell=3)
        OrganizationRatingFactory(organization=gpo, year=2024, level=level("organization", 2024, 1))
        for cell in cells:
            OrganizationRatingFactory(organization=cell, year=2024, level=level("organization", 2024, 2))
            for member in members[cell.pk]:
                MemberRatingFactory(member=member, year=2024, level=level("member", 2024, 2))
        summaries_refresh(organization_ids=[gpo.pk], years=[2024])
    response = analyst_client.get(reverse("reports:comparison"), {"subject": subject})
    for measure in ("count", "share"):
        findings = response.context["data"]["findings"][measure]
        expected = words if measure == "count" else words.replace("số ", "tỷ lệ ", 1)
        assert findings and all(expected in f or "tạm tính" in f for f in findings), findings
        assert not any("số mức" in f or "tỷ lệ mức" in f for f in findings), findings


def test_years_not_all_approved_are_marked_provisional_everywhere(analyst_client, two_provinces):
    page = analyst_client.get(reverse("reports:comparison"), {"subject": "gpo"})
    html = page.content.decode()
    assert "tạm tính" in html
    chart = page.context["data"]["chart"]
    per_group = len(chart["years"])
    x_years = [(chart["provisional_years"] if position in chart["provisional"] else chart["years"])[position % per_group]
               for position in range(len(chart["groups"]) * per_group)]
    assert "2025 (tạm tính)" in x_years and "2024" in x_years
    rows = _json(analyst_client.get(reverse("reports:comparison"), {"subject": "gpo", "format": "json"}))
    assert {(r["year"], r["status"]) for r in rows} == {(2023, "final"), (2024, "final"), (2025, "provisional")}
    trend_rows = _json(analyst_client.get(reverse("reports:trends"), {"subject": "gpo", "format": "json"}))
    assert {(r["year"], r["status"]) for r in trend_rows} == {(2023, "final"), (2024, "final"),
                                                              (2025, "provisional")}
    trends = analyst_client.get(reverse("reports:trends"), {"subject": "gpo", "tier": 2, "measure": "count"})
    assert "tạm tính" in trends.content.decode()
    assert any(t.get("text") and "tạm tính" in t["text"] for t in trends.context["data"]["chart"]["figure"]["data"])


def test_approving_the_last_unit_makes_the_year_final(analyst_client, two_provinces, admin_user):
    for gpo in two_provinces.values():
        services.cycle_submit(user=admin_user, organization=gpo, year=2025)
        services.cycle_approve(user=admin_user, organization=gpo, year=2025)
    rows = _json(analyst_client.get(reverse("reports:comparison"), {"subject": "gpo", "format": "json"}))
    assert {r["status"] for r in rows} == {"final"}


def test_the_panel_drill_downs_and_their_exports_say_which_figures_are_provisional(analyst_client, two_provinces):
    gpo = two_provinces["DB-04"]
    panel = analyst_client.get(reverse("reports:province", args=[gpo.province_id]),
                               {"format": "json", "table": "ratings"})
    assert {(r["year"], r["status"]) for r in _json(panel)} == {(2023, "final"), (2024, "final"),
                                                                 (2025, "provisional")}
    page = analyst_client.get(reverse("reports:province", args=[gpo.province_id])).content.decode()
    assert "tạm tính" in page
    communes = analyst_client.get(reverse("reports:communes", args=[gpo.province_id]),
                                  {"subject": "gpo", "year": 2025, "format": "csv"}).content.decode("utf-8-sig")
    assert "status" in communes.splitlines()[0] and "provisional" in communes


def test_published_article_figures_are_final(analyst_client, articles):
    rows = _json(analyst_client.get(reverse("reports:comparison"), {"subject": "member", "format": "json"}))
    assert rows and {r["status"] for r in rows} == {"final"}


def test_a_hidden_count_is_said_hidden_not_missing(analyst_client, nghe_an, cao_bang):
    for committee, people in ((nghe_an, 12), (cao_bang, 6)):
        gpo, _c, cells, members = commune(committee, cells=1, members_per_cell=people // 2, constituent_cells=1)
        everyone = [m for cell in cells for m in members[cell.pk]]
        for position, member in enumerate(everyone):
            MemberRatingFactory(member=member, year=2024, level=level("member", 2024, 1 if position < 2 else 2))
        summaries_refresh(organization_ids=[gpo.pk], years=[2024])
    response = analyst_client.get(reverse("reports:comparison"), {
        "subject": "member", "provinces": [nghe_an.province_id, cao_bang.province_id]})
    findings = response.context["data"]["findings"]["count"]
    assert any("không công bố" in f and "Cao Bằng" in f and "Nghệ An" in f for f in findings), findings
    assert not any("Không có số liệu" in f for f in findings), findings
