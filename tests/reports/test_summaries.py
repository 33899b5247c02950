"""Summary tables: detailed ratings counted per tier, returns where there is no detail, conflicts flagged."""

import datetime

from django.urls import reverse

from organizations.models import AdministrativeUnit, PartyOrganization, UnitLineage
from ratings.models import Rating, SummaryCount, SummaryReturn
from reports.forms import ReportFilterForm
from reports.models import OrganizationSummary, ProvinceSummary, SummaryState
from reports.selectors import comparison_rows
from reports.services import summaries_rebuild, summaries_refresh
from tests import factories
from tests.ratings.factories import (
    MemberRatingFactory,
    OrganizationRatingFactory,
    SummaryReturnFactory,
    commune,
    level,
)


def _rate(organization=None, member=None, year=2024, tier=2, applies="organization"):
    factory = MemberRatingFactory if member is not None else OrganizationRatingFactory
    return factory(year=year, organization=organization, member=member, level=level(applies, year, tier))


def _rated_commune(province_committee, year=2024):
    """A GPO rated tier 1, its 4 cells rated 1, 1, 2, 3 and its 12 members rated 2 except two rated 1 and 4."""
    gpo, _constituent, cells, members = commune(province_committee)
    _rate(gpo, year=year, tier=1)
    for cell, tier in zip(cells, (1, 1, 2, 3)):
        _rate(cell, year=year, tier=tier)
    everyone = [m for ms in members.values() for m in ms]
    for position, member in enumerate(everyone):
        tier = 1 if position == 0 else 4 if position == 1 else 2
        _rate(member=member, year=year, tier=tier, applies="member")
    return gpo, cells, everyone


def _province_rows(province, subject, year=2024):
    return {
        row["tier"]: (row["count"], row["share"], row["source"])
        for row in ProvinceSummary.objects.filter(province=province, subject=subject, year=year, area="",
                                                  superseded=False).values("tier", "count", "share", "source")
    }


def test_detailed_ratings_are_counted_per_tier_for_gpos_cells_and_members(nghe_an):
    gpo, _cells, _members = _rated_commune(nghe_an)
    summaries_refresh(organization_ids=[gpo.pk], years=[2024])
    province = nghe_an.province
    # Zeros are figures: every tier of a line of detailed ratings has its count.
    assert _province_rows(province, "gpo") == {1: (1, 100, "detail"), 2: (0, 0, "detail"), 3: (0, 0, "detail"),
                                               4: (0, 0, "detail")}
    cells = _province_rows(province, "cell")
    assert {tier: value[0] for tier, value in cells.items()} == {1: 2, 2: 1, 3: 1, 4: 0}
    assert str(cells[1][1]) == "50.00"
    members = _province_rows(province, "member")
    assert {tier: value[0] for tier, value in members.items()} == {1: 1, 2: 10, 3: 0, 4: 1}


def test_a_refresh_from_a_cell_recomputes_its_gpo_and_bumps_the_version(nghe_an):
    gpo, cells, _members = _rated_commune(nghe_an)
    summaries_refresh(organization_ids=[gpo.pk], years=[2024])
    version = SummaryState.objects.get().version
    Rating.objects.filter(organization=cells[3], year=2024).update(level=level("organization", 2024, 1))
    summaries_refresh(organization_ids=[cells[3].pk], years=[2024])
    assert {t: v[0] for t, v in _province_rows(nghe_an.province, "cell").items()} == {1: 3, 2: 1, 3: 0, 4: 0}
    assert SummaryState.objects.get().version == version + 1


def test_a_full_rebuild_gives_the_same_rows_as_refreshes(nghe_an, cao_bang):
    gpo, _cells, _members = _rated_commune(nghe_an)
    other, _c, _m = _rated_commune(cao_bang, year=2023)
    summaries_refresh(organization_ids=[gpo.pk], years=[2024])
    summaries_refresh(organization_ids=[other.pk], years=[2023])
    columns = ("province_id", "area", "year", "subject", "tier", "count", "share", "total", "source")
    before = sorted(ProvinceSummary.objects.values_list(*columns))
    summaries_rebuild()
    assert sorted(ProvinceSummary.objects.values_list(*columns)) == before
    assert OrganizationSummary.objects.filter(organization=gpo).exists()


def test_detail_wins_over_a_return_and_their_disagreement_is_flagged(nghe_an, analyst_client):
    gpo, _cells, _members = _rated_commune(nghe_an)
    summary = SummaryReturnFactory(reporting_organization=nghe_an, year=2024, subject="cell", total=4)
    SummaryCount.objects.create(summary_return=summary, tier=1, count=99)
    summaries_refresh(organization_ids=[gpo.pk, nghe_an.pk], years=[2024])
    rows = ProvinceSummary.objects.filter(province=nghe_an.province, subject="cell", year=2024, area="")
    assert rows.filter(source="return", superseded=True, conflict=True).count() == 1
    assert rows.filter(source="detail", superseded=False, conflict=True).count() == 4
    response = analyst_client.get(reverse("reports:comparison"), {"subject": "cell", "years": [2024]})
    assert response.context["data"]["conflicts"] == ["Nghệ An 2024"]
    assert "khác với báo cáo tổng hợp" in response.content.decode()


def test_a_return_that_agrees_with_the_detail_is_not_flagged(nghe_an):
    gpo, _cells, _members = _rated_commune(nghe_an)
    summary = SummaryReturnFactory(reporting_organization=nghe_an, year=2024, subject="gpo", total=1)
    SummaryCount.objects.create(summary_return=summary, tier=1, count=1)
    summaries_refresh(organization_ids=[gpo.pk, nghe_an.pk], years=[2024])
    assert not ProvinceSummary.objects.filter(conflict=True).exists()


def _merged_provinces():
    """Two provinces closed by the 2025 reform and their successor, as load_reference records them."""
    end = datetime.date(2025, 6, 30)
    old_a = factories.ProvinceFactory(name="Tỉnh Hà Giang", code="02", valid_from=None, valid_to=end)
    old_b = factories.ProvinceFactory(name="Tỉnh Tuyên Quang", code="08", valid_from=None, valid_to=end)
    new = factories.ProvinceFactory(name="Tỉnh Tuyên Quang", code="08")
    for old in (old_a, old_b):
        UnitLineage.objects.create(predecessor=old, successor=new, effective_date=datetime.date(2025, 7, 1))
    committees = [factories.ProvincialCommitteeFactory(province=p) for p in (old_a, old_b)]
    for committee, count in zip(committees, (10, 20)):
        summary = SummaryReturnFactory(reporting_organization=committee, year=2018, subject="member")
        SummaryCount.objects.create(summary_return=summary, tier=4, count=count)
        summaries_refresh(organization_ids=[committee.pk], years=[2018])
    return old_a, old_b, new


def _rows(boundaries, provinces):
    form = ReportFilterForm({"subject": "member", "boundaries": boundaries, "provinces": [p.pk for p in provinces]},
                            years=[2018])
    assert form.is_valid(), form.errors
    return comparison_rows(qs=form.filter_qs(ProvinceSummary.objects.all()), subject="member",
                           boundaries=boundaries, province_ids=form.province_ids())


def test_boundaries_as_they_were_keep_former_provinces_apart(db):
    old_a, old_b, _new = _merged_provinces()
    rows = _rows("as_they_were", [old_a, old_b])
    assert [(r["province"], r["count"]) for r in rows] == [("Hà Giang", 10), ("Tuyên Quang", 20)]


def test_boundaries_of_today_roll_former_provinces_into_their_successor(db):
    old_a, _old_b, new = _merged_provinces()
    rows = _rows("today", [old_a])
    assert [(r["province_id"], r["province"], r["count"]) for r in rows] == [(new.pk, "Tuyên Quang", 30)]


def test_member_counts_under_five_from_detail_are_suppressed_but_article_figures_are_not(nghe_an, articles):
    gpo, _cells, _members = _rated_commune(nghe_an)
    summaries_refresh(organization_ids=[gpo.pk], years=[2024])
    form = ReportFilterForm({"subject": "member", "provinces": [nghe_an.province.pk]}, years=[2024])
    assert form.is_valid()
    rows = comparison_rows(qs=form.filter_qs(ProvinceSummary.objects.all()), subject="member",
                           boundaries="as_they_were")
    by_tier = {r["tier"]: r for r in rows}
    assert by_tier[1]["suppressed"] and by_tier[1]["count"] is None and by_tier[1]["share"] is None
    assert by_tier[2]["count"] == 10 and not by_tier[2]["suppressed"]
    published = ProvinceSummary.objects.get(province__name="Tỉnh Cao Bằng", year=2010, subject="member", area="")
    assert published.count == 24


def test_area_filter_keeps_only_flagged_units(nghe_an):
    gpo, _cells, _members = _rated_commune(nghe_an)
    AdministrativeUnit.objects.filter(pk=gpo.admin_unit_id).update(is_border=True)
    other, _c, _m = _rated_commune(nghe_an)
    summaries_rebuild()
    border = ProvinceSummary.objects.get(province=nghe_an.province, subject="gpo", year=2024, area="border", tier=1)
    everywhere = ProvinceSummary.objects.get(province=nghe_an.province, subject="gpo", year=2024, area="", tier=1)
    assert (border.count, everywhere.count) == (1, 2)


def test_detail_does_not_replace_a_return_about_part_of_the_population(cao_bang, articles, analyst_client):
    """Synthetic detail on today's Cao Bằng in 2018 leaves the article's figure for communal committees in place."""
    gpo, _cells, _members = _rated_commune(cao_bang, year=2018)
    summaries_refresh(organization_ids=[gpo.pk], years=[2018])
    province = PartyOrganization.objects.get(code="HIST-DB-04").province
    assert province == cao_bang.province
    article = ProvinceSummary.objects.get(province=province, year=2018, subject="member", area="", source="return")
    assert (article.count, article.superseded, article.conflict) == (58, False, False)
    response = analyst_client.get(reverse("reports:comparison"),
                                  {"subject": "member", "provinces": [province.pk], "years": [2018], "format": "json"})
    rows = json_rows(response)
    assert {(r["population"], r["tier"], r["count"]) for r in rows if r["source"] == "return"} == {
        ("đảng viên các đảng bộ xã", 4, 58)}
    only_returns = analyst_client.get(reverse("reports:comparison"), {
        "subject": "member", "provinces": [province.pk], "years": [2018], "source": "return", "format": "json"})
    assert [(r["tier"], r["count"]) for r in json_rows(only_returns)] == [(4, 58)]
    page = analyst_client.get(reverse("reports:comparison"), {"subject": "member", "provinces": [province.pk]})
    chart = page.context["data"]["chart"]
    names = {chart["groups"][group] for group in chart["kept"]["count"]}
    assert names == {"Cao Bằng<br>(đảng viên các đảng bộ xã)", "Cao Bằng<br>(toàn bộ)"}
    findings = page.context["data"]["findings"]["count"]
    assert any(f.startswith("Phạm vi “đảng viên các đảng bộ xã”: Từ 2010 đến 2018") and "(24 → 58)" in f
               for f in findings), findings


def json_rows(response):
    import json

    assert response.status_code == 200, response.content
    return json.loads(response.content)["rows"]


def test_in_a_border_province_only_border_communes_count_as_border_while_its_own_return_does(nghe_an):
    AdministrativeUnit.objects.filter(pk=nghe_an.province_id).update(is_border=True)
    inland, _c, _m = _rated_commune(nghe_an)
    border, _c, _m = _rated_commune(nghe_an)
    AdministrativeUnit.objects.filter(pk=border.admin_unit_id).update(is_border=True)
    summary = SummaryReturnFactory(reporting_organization=nghe_an, year=2010, subject="gpo",
                                           population="xã biên giới")
    SummaryCount.objects.create(summary_return=summary, tier=1, count=7)
    summaries_rebuild()
    rows = ProvinceSummary.objects.filter(province=nghe_an.province, subject="gpo", tier=1)
    assert rows.get(year=2024, area="").count == 2
    assert rows.get(year=2024, area="border").count == 1
    assert rows.get(year=2010, area="border", source="return").count == 7
