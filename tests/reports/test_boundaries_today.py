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
