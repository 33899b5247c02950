"""The article figures come out of the comparison dashboard exactly, as counts or shares, never invented."""

import csv
import io
import json

from django.urls import reverse

from organizations.models import AdministrativeUnit, PartyOrganization
from ratings.models import SummaryCount, SummaryReturn
from reports.articles import articles_load
from reports.models import IndicatorValue, PublishedFinding

BORDER = ["Lào Cai", "Hà Giang", "Cao Bằng", "Lạng Sơn", "Quảng Ninh"]


CODES = {"Lào Cai": "10", "Hà Giang": "02", "Cao Bằng": "04", "Lạng Sơn": "20", "Quảng Ninh": "22", "Nghệ An": "40"}


def _historic(name):
    """The province as it was in the article's years (the unit its provincial committee HIST-DB-xx belongs to)."""
    return PartyOrganization.objects.get(code=f"HIST-DB-{CODES[name]}").province


def _csv(client, **params):
    response = client.get(reverse("reports:comparison"), {**params, "format": "csv"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _border_params(subject):
    return {"subject": subject, "provinces": [_historic(n).pk for n in BORDER], "years": [2010, 2015, 2018]}


def test_loading_the_articles_twice_creates_nothing_new(articles):
    counts = (AdministrativeUnit.objects.count(), PartyOrganization.objects.count(), SummaryReturn.objects.count(),
              SummaryCount.objects.count(), IndicatorValue.objects.count(), PublishedFinding.objects.count())
    articles_load()
    assert counts == (AdministrativeUnit.objects.count(), PartyOrganization.objects.count(),
                      SummaryReturn.objects.count(), SummaryCount.objects.count(), IndicatorValue.objects.count(),
                      PublishedFinding.objects.count())


def test_provinces_merged_in_2025_are_created_closed_and_unchanged_ones_stay_current(articles):
    for name in ("Lào Cai", "Hà Giang"):
        assert str(_historic(name).valid_to) == "2025-06-30"
    for name in ("Cao Bằng", "Lạng Sơn", "Quảng Ninh", "Nghệ An"):
        assert _historic(name).valid_to is None
    assert all(_historic(name).name == f"Tỉnh {name}" for name in CODES)


def test_existing_reference_provinces_are_reused_not_duplicated(db):
    import datetime

    existing = AdministrativeUnit.objects.create(code="02", name="Tỉnh Hà Giang", kind="tinh",
                                                 valid_to=datetime.date(2025, 6, 30))
    articles_load()
    assert AdministrativeUnit.objects.filter(level="province", search_name="tinh ha giang").count() == 1
    assert PartyOrganization.objects.get(code="HIST-DB-02").province == existing


def test_comparison_csv_gives_exactly_the_unqualified_members_of_the_border_article(articles, analyst_client):
    rows = _csv(analyst_client, **_border_params("member"))
    figures = {(r["province"], int(r["year"]), int(r["tier"])): r["count"] for r in rows}
    assert figures == {
        ("Quảng Ninh", 2010, 4): "126", ("Quảng Ninh", 2015, 4): "83", ("Quảng Ninh", 2018, 4): "71",
        ("Cao Bằng", 2010, 4): "24", ("Cao Bằng", 2015, 4): "37", ("Cao Bằng", 2018, 4): "58",
    }
    assert {r["share"] for r in rows} == {""}, "the article gives no totals, so no share may be computed"
    assert {"province", "year", "tier", "level", "count", "share"} <= set(rows[0])


def test_comparison_csv_gives_exactly_the_pure_and_strong_cells_of_the_border_article(articles, analyst_client):
    rows = _csv(analyst_client, **_border_params("cell"))
    figures = {(r["province"], int(r["year"]), int(r["tier"])): int(r["count"]) for r in rows}
    assert figures == {("Cao Bằng", 2010, 1): 1336, ("Cao Bằng", 2018, 1): 1077,
                       ("Lào Cai", 2010, 1): 1057, ("Lào Cai", 2018, 1): 371}
    labels = {int(r["year"]): r["level"] for r in rows}
    assert labels[2010] == "Trong sạch, vững mạnh"
    assert labels[2018] == "Hoàn thành xuất sắc nhiệm vụ"


def test_nghe_an_shares_stay_shares_without_invented_counts(articles, analyst_client):
    nghe_an = _historic("Nghệ An")
    response = analyst_client.get(reverse("reports:comparison"),
                                  {"subject": "gpo", "provinces": [nghe_an.pk], "format": "json"})
    rows = json.loads(response.content)["rows"]
    figures = {(r["year"], r["tier"]): (r["count"], r["share"], r["total"]) for r in rows}
    assert figures == {(2001, 1): (None, 63.04, 1437), (2001, 4): (None, 2.64, 1437),
                       (2013, 1): (None, 68.6, 1572), (2013, 4): (None, 0.13, 1572)}


def test_xlsx_export_holds_the_same_rows(articles, analyst_client):
    from openpyxl import load_workbook

    response = analyst_client.get(reverse("reports:comparison"), {**_border_params("member"), "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    header = values[0]
    assert header[:3] == ("province", "province_code", "year")
    counts = sorted(row[header.index("count")] for row in values[1:])
    assert counts == [24, 37, 58, 71, 83, 126]
