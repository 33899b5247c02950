"""Boundaries "as of today" in the dashboards' words: former provinces are named by their successor."""

import pytest
from django.urls import reverse

from tests import factories
from tests.reports.test_summaries import _merged_provinces


@pytest.fixture
def merged(db):
    old_ha_giang, _old_tuyen_quang, new_tuyen_quang = _merged_provinces()
    lang_son = factories.ProvinceFactory(name="Tỉnh Lạng Sơn", code="20")
    return old_ha_giang, new_tuyen_quang, lang_son

HA_GIANG_MOST_EXCELLENT = ("Hà Giang có nhiều tổ chức cơ sở đảng trong sạch, vững mạnh (năm 2018: hoàn thành xuất sắc "
                           "nhiệm vụ) nhất.")


def _findings(client, view, boundaries, provinces):
    query = {"subject": "member", "tier": 4, "measure": "count", "boundaries": boundaries,
             "provinces": [p.pk for p in provinces]}
    data = client.get(reverse(view), query).context["data"]
    findings = data["findings"]
    return " ".join(findings["count"] if isinstance(findings, dict) else findings)


@pytest.mark.parametrize("view", ["reports:comparison", "reports:trends"])
def test_today_the_findings_name_ha_giang_as_tuyen_quang_and_list_provinces_without_data(analyst_client, merged,
                                                                                          view):
    old_ha_giang, _new, lang_son = merged
    text = _findings(analyst_client, view, "today", [old_ha_giang, lang_son])
    assert "Tuyên Quang" in text
    assert "Hà Giang" not in text
    assert "Không có số liệu (số lượng) cho: Lạng Sơn." in text


@pytest.mark.parametrize("view", ["reports:comparison", "reports:trends"])
def test_as_they_were_the_findings_keep_ha_giang(analyst_client, merged, view):
    old_ha_giang, _new, lang_son = merged
    text = _findings(analyst_client, view, "as_they_were", [old_ha_giang, lang_son])
    assert "Hà Giang" in text and "Tuyên Quang" not in text
    assert "Không có số liệu (số lượng) cho: Lạng Sơn." in text


def test_today_tuyen_quang_shows_what_the_article_says_about_the_former_ha_giang(analyst_client, articles):
    import datetime

    from organizations.models import PartyOrganization, UnitLineage

    ha_giang = PartyOrganization.objects.get(code="HIST-DB-02").province
    tuyen_quang = factories.ProvinceFactory(name="Tỉnh Tuyên Quang", code="08")
    UnitLineage.objects.create(predecessor=ha_giang, successor=tuyen_quang, effective_date=datetime.date(2025, 7, 1))
    query = {"subject": "gpo", "years": [2010, 2018], "provinces": [tuyen_quang.pk]}

    today = analyst_client.get(reverse("reports:comparison"), {**query, "boundaries": "today"})
    texts = [item["text"] for item in today.context["data"]["published"]]
    assert HA_GIANG_MOST_EXCELLENT in texts

    as_they_were = analyst_client.get(reverse("reports:comparison"), {**query, "boundaries": "as_they_were"})
    assert not any("Hà Giang có nhiều" in item["text"] for item in as_they_were.context["data"]["published"])


@pytest.mark.parametrize("view", ["reports:comparison", "reports:trends"])
def test_today_lao_cai_says_its_figures_cover_only_the_former_lao_cai(analyst_client, articles, view):
    import datetime

    from organizations.models import PartyOrganization, UnitLineage
    from reports.services import summaries_rebuild

    former_lao_cai = PartyOrganization.objects.get(code="HIST-DB-10").province
    former_yen_bai = factories.ProvinceFactory(name="Tỉnh Yên Bái", code="15", valid_from=None,
                                               valid_to=datetime.date(2025, 6, 30))
    lao_cai = factories.ProvinceFactory(name="Tỉnh Lào Cai", code="15")
    for former in (former_lao_cai, former_yen_bai):
        UnitLineage.objects.create(predecessor=former, successor=lao_cai, effective_date=datetime.date(2025, 7, 1))
    summaries_rebuild()
    query = {"subject": "cell", "tier": 1, "measure": "count", "provinces": [lao_cai.pk]}

    data = analyst_client.get(reverse(view), {**query, "boundaries": "today"}).context["data"]
    assert {(row["province"], row["year"], row["count"]) for row in data["rows"]} == {
        ("Lào Cai", 2010, 1057), ("Lào Cai", 2018, 371)}
    assert data["today_notes"] == [
        "Lào Cai theo địa giới hiện nay (chi bộ trực thuộc đảng ủy xã), năm 2010, 2018: chỉ có số liệu của tỉnh Lào "
        "Cai cũ (trước 01/07/2025); tỉnh Yên Bái cũ không có số liệu."]
    page = analyst_client.get(reverse(view), {**query, "boundaries": "today"}).content.decode()
    assert 'id="today-notes"' in page and "tỉnh Yên Bái cũ không có số liệu" in page

    as_they_were = {**query, "boundaries": "as_they_were", "provinces": [former_lao_cai.pk]}
    assert analyst_client.get(reverse(view), as_they_were).context["data"]["today_notes"] == []
