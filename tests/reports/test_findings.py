"""Findings in words name the right provinces, from the numbers and from the article's own statements."""

from django.urls import reverse

from organizations.models import PartyOrganization
from reports.findings import computed_findings

BORDER = ["Lào Cai", "Hà Giang", "Cao Bằng", "Lạng Sơn", "Quảng Ninh"]

HA_GIANG_MOST_EXCELLENT = ("Hà Giang có nhiều tổ chức cơ sở đảng trong sạch, vững mạnh (năm 2018: hoàn thành xuất sắc "
                           "nhiệm vụ) nhất.")


def _params(subject):
    codes = {"Lào Cai": "10", "Hà Giang": "02", "Cao Bằng": "04", "Lạng Sơn": "20", "Quảng Ninh": "22"}
    ids = [PartyOrganization.objects.get(code=f"HIST-DB-{codes[n]}").province_id for n in BORDER]
    return {"subject": subject, "provinces": ids, "years": [2010, 2015, 2018]}


def test_unqualified_members_findings_name_quang_ninh_highest_and_falling_cao_bang_rising(articles, analyst_client):
    response = analyst_client.get(reverse("reports:comparison"), _params("member"))
    findings = response.context["data"]["findings"]["count"]
    assert any("Năm 2018" in f and "cao nhất ở Quảng Ninh (71)" in f and "thấp nhất ở Cao Bằng (58)" in f
               for f in findings), findings
    assert any("Từ 2010 đến 2018" in f and "tăng ở Cao Bằng (24 → 58)" in f and "giảm ở Quảng Ninh (126 → 71)" in f
               for f in findings), findings
    assert any("Lào Cai" in f and "Hà Giang" in f and "Lạng Sơn" in f and "Không có số liệu" in f for f in findings)


def test_pure_and_strong_cells_findings_name_cao_bang_highest_and_both_falling(articles, analyst_client):
    response = analyst_client.get(reverse("reports:comparison"), _params("cell"))
    findings = response.context["data"]["findings"]["count"]
    assert any("cao nhất ở Cao Bằng (1.077)" in f and "thấp nhất ở Lào Cai (371)" in f for f in findings), findings
    assert any("giảm ở Cao Bằng (1.336 → 1.077) và Lào Cai (1.057 → 371)" in f for f in findings), findings


def test_gpo_findings_reproduce_the_border_article_narrative(articles, analyst_client):
    response = analyst_client.get(reverse("reports:comparison"), _params("gpo"))
    published = [item["text"] for item in response.context["data"]["published"]]
    assert HA_GIANG_MOST_EXCELLENT in published
    assert "Lạng Sơn và Cao Bằng có nhiều tổ chức cơ sở đảng hoàn thành nhiệm vụ nhất." in published
    assert any("tăng từ 2010 đến 2015 rồi giảm năm 2018" in text for text in published)
    assert any("hoàn thành nhiệm vụ có xu hướng giảm" in text for text in published)
    assert any("chủ yếu tập trung vào năm 2015" in text for text in published)
    assert response.context["data"]["chart"]["empty"], "the article gives no GPO numbers: nothing is drawn"
    assert "Hà Giang có nhiều tổ chức cơ sở đảng" in response.content.decode()


def test_published_findings_are_not_shown_for_other_provinces(articles, analyst_client):
    nghe_an = PartyOrganization.objects.get(code="HIST-DB-40").province
    response = analyst_client.get(reverse("reports:comparison"), {"subject": "gpo", "provinces": [nghe_an.pk]})
    assert response.context["data"]["published"] == []


def test_share_findings_rank_provinces_by_share():
    rows = [
        {"province": "A", "series": "A", "year": 2001, "population": "", "tier": 1, "level": "Trong sạch, vững mạnh",
         "count": None, "share": 63, "provisional": False},
        {"province": "A", "series": "A", "year": 2013, "population": "", "tier": 1, "level": "Trong sạch, vững mạnh",
         "count": None, "share": 68.6, "provisional": False},
        {"province": "B", "series": "B", "year": 2013, "population": "", "tier": 1, "level": "Trong sạch, vững mạnh",
         "count": None, "share": 70, "provisional": False},
    ]
    findings = computed_findings(rows, measure="share", provinces_chosen=["A", "B"], subject="gpo")
    assert "cao nhất ở B (70,00%), thấp nhất ở A (68,60%)" in findings[0]
    assert "tăng ở A (63,00% → 68,60%)" in findings[1]
