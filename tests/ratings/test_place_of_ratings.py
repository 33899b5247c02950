"""Ratings stay where they were given: a member's transfer or a merger moves no past figure, lock or rule."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from members import services as member_services
from organizations import services as organization_services
from organizations.models import AdministrativeUnit, UnitLineage
from organizations.spreadsheets.reader import read_table
from ratings import placement, selectors, services
from ratings.models import Rating
from ratings.services import GridEntry
from ratings.spreadsheets.importer import ImportFailed, import_table
from reports.forms import ReportFilterForm
from reports.models import OrganizationSummary, ProvinceSummary
from reports.selectors import comparison_rows
from reports.services import summaries_check
from tests import factories
from tests.ratings.factories import commune, level

pytestmark = pytest.mark.django_db
YEAR = 2024
MOVED_ON = datetime.date(2025, 3, 1)


def _summaries(model, **where) -> list[tuple]:
    columns = ["organization_id", "year", "subject", "tier", "count"] if model is OrganizationSummary else [
        "province_id", "area", "year", "subject", "tier", "count", "share", "total"]
    return sorted(model.objects.filter(**where).values_list(*columns))


@pytest.fixture
def two_communes(nghe_an, staff_nghe_an):
    """Commune X (two cells of three members) and commune Y (one cell of six) of Nghệ An, members rated for 2024."""
    x, _cx, x_cells, x_members = commune(nghe_an, cells=2, members_per_cell=3, constituent_cells=0)
    y, _cy, y_cells, y_members = commune(nghe_an, cells=1, members_per_cell=6, constituent_cells=0)
    for cell in [*x_cells, *y_cells]:
        members = {**x_members, **y_members}[cell.pk]
        services.grid_save(user=staff_nghe_an, organization=cell, year=YEAR, entries=[
            GridEntry(subject_id=m.pk, level_id=level("member", YEAR, 2).pk) for m in members])
    return x, x_cells, x_members, y, y_cells, y_members


def test_a_members_rating_is_kept_in_the_cell_they_were_in_at_the_end_of_the_year(nghe_an, staff_nghe_an):
    x, _c, (a, _b), members = commune(nghe_an, cells=2, members_per_cell=1, constituent_cells=0)
    y, _cy, (c,), _m = commune(nghe_an, cells=1, members_per_cell=1, constituent_cells=0)
    person = members[a.pk][0]
    member_services.member_transfer(member=person, date=datetime.date(2023, 6, 1), scope="committee", to_cell=c)
    services.rating_set(user=staff_nghe_an, year=2022, member=person, level=level("member", 2022, 2))
    services.rating_set(user=staff_nghe_an, year=2023, member=person, level=level("member", 2023, 2))
    places = dict(Rating.objects.filter(member=person).values_list("year", "cell_id"))
    assert places == {2022: a.pk, 2023: c.pk}
    assert set(Rating.objects.filter(member=person).values_list("year", "gpo_id")) == {(2022, x.pk), (2023, y.pk)}


def test_transferring_a_rated_member_changes_no_past_figure_of_either_gpo(two_communes, nghe_an):
    x, x_cells, x_members, y, y_cells, _y_members = two_communes
    before = _summaries(OrganizationSummary, organization__in=[x, y]), _summaries(ProvinceSummary)
    person = x_members[x_cells[0].pk][0]
    member_services.member_transfer(member=person, date=MOVED_ON, scope="committee", to_cell=y_cells[0])
    call_command("rebuild_summaries", stdout=io.StringIO())
    assert (_summaries(OrganizationSummary, organization__in=[x, y]), _summaries(ProvinceSummary)) == before
    assert Rating.objects.get(member=person, year=YEAR).gpo == x


def test_a_transfer_cannot_unlock_an_approved_year(two_communes, staff_nghe_an, approver_nghe_an, admin_user):
    x, x_cells, x_members, y, y_cells, _y_members = two_communes
    person = x_members[x_cells[0].pk][0]
    services.cycle_submit(user=staff_nghe_an, organization=x, year=YEAR)
    services.cycle_approve(user=approver_nghe_an, organization=x, year=YEAR)
    member_services.member_transfer(member=person, date=MOVED_ON, scope="committee", to_cell=y_cells[0])
    rating = Rating.objects.get(member=person, year=YEAR)
    # Y's year is open, but the rating was given in X, whose year is approved: every path refuses the change.
    with pytest.raises(ValidationError, match="phê duyệt"):
        services.rating_set(user=staff_nghe_an, year=YEAR, member=person, level=level("member", YEAR, 1),
                            override_reason="x")
    with pytest.raises(ValidationError, match="phê duyệt"):
        services.grid_save(user=staff_nghe_an, organization=y_cells[0], year=YEAR,
                           entries=[GridEntry(subject_id=person.pk, level_id=level("member", YEAR, 4).pk,
                                              version=rating.version)])
    with pytest.raises(ImportFailed, match="phê duyệt"):
        import_table(read_table(f"Số thẻ đảng viên,Năm,Bậc (1-4)\n{person.card_number},{YEAR},4\n".encode(),
                                "x.csv"), user=staff_nghe_an)
    assert services.rating_locked(rating)
    member_services.member_transfer(member=person, date=MOVED_ON + datetime.timedelta(days=30), scope="committee",
                                    to_cell=x_cells[1])
    with pytest.raises(ValidationError, match="phê duyệt"):
        services.rating_set(user=staff_nghe_an, year=YEAR, member=person, level=level("member", YEAR, 4))
    assert Rating.objects.get(pk=rating.pk).level.tier == 2


def test_the_quota_counts_a_moved_member_in_the_gpo_where_the_rating_was_given(two_communes, staff_nghe_an):
    _x, x_cells, x_members, _y, y_cells, y_members = two_communes
    year = 2021  # 21-HD/BTCTW's 20% quota, confirmed for 132-QĐ/TW: exceeding it is refused without a reason
    for cell, members in ((x_cells[0], x_members[x_cells[0].pk]), (y_cells[0], y_members[y_cells[0].pk])):
        services.grid_save(user=staff_nghe_an, organization=cell, year=year, entries=[
            GridEntry(subject_id=m.pk, level_id=level("member", year, 2).pk) for m in members])
    moved = x_members[x_cells[0].pk][0]
    services.rating_set(user=staff_nghe_an, year=year, member=moved, level=level("member", year, 1),
                        override_reason="Thành tích đột xuất", version=1)
    member_services.member_transfer(member=moved, date=MOVED_ON, scope="committee", to_cell=y_cells[0])
    # Y: six members rated good allow one of them excellent (1 ≤ 20% of 5); the excellent rating given in X
    # before the member moved is not Y's (counted there, Y would have 2 excellent members and refuse).
    first = y_members[y_cells[0].pk][0]
    services.rating_set(user=staff_nghe_an, year=year, member=first, level=level("member", year, 1), version=1)
    second = y_members[y_cells[0].pk][1]
    with pytest.raises(ValidationError, match="Vượt trần"):
        services.rating_set(user=staff_nghe_an, year=year, member=second, level=level("member", year, 1), version=1)


def test_the_grid_of_a_past_year_lists_the_members_as_they_were(two_communes):
    _x, x_cells, x_members, _y, y_cells, y_members = two_communes
    person = x_members[x_cells[0].pk][0]
    member_services.member_transfer(member=person, date=MOVED_ON, scope="committee", to_cell=y_cells[0])
    assert person in selectors.cell_members(x_cells[0], YEAR)
    assert person not in selectors.cell_members(y_cells[0], YEAR)
    assert person in selectors.cell_members(y_cells[0], 2025)
    assert set(selectors.cell_members(y_cells[0], YEAR)) == set(y_members[y_cells[0].pk])


def test_the_check_report_of_a_past_year_reads_the_ratings_given_there(two_communes):
    x, x_cells, x_members, y, y_cells, _y_members = two_communes
    person = x_members[x_cells[0].pk][0]
    member_services.member_transfer(member=person, date=MOVED_ON, scope="committee", to_cell=y_cells[0])
    assert f"m{person.pk}" in selectors.unit_check_report(x, YEAR).labels
    assert f"m{person.pk}" not in selectors.unit_check_report(y, YEAR).labels
    assert not [name for name in selectors.unit_check_report(x, YEAR).missing if person.full_name in name]


def _as_they_were(province_ids: list[int]) -> list[tuple]:
    form = ReportFilterForm({"subject": "member", "boundaries": "as_they_were", "provinces": province_ids},
                            years=[YEAR])
    assert form.is_valid(), form.errors
    rows = comparison_rows(qs=form.filter_qs(ProvinceSummary.objects.all()), subject="member",
                           boundaries="as_they_were", province_ids=form.province_ids())
    return [(r["province_id"], r["year"], r["tier"], r["count"]) for r in rows]


def test_recording_mergers_leaves_every_figure_as_they_were_and_today_follows_the_lineage(two_communes, nghe_an):
    x, _x_cells, _x_members, y, _y_cells, _y_members = two_communes
    province = nghe_an.province
    figures = _summaries(ProvinceSummary), _as_they_were([province.pk])
    old_units = [x.admin_unit_id, y.admin_unit_id, province.pk]
    AdministrativeUnit.objects.filter(pk__in=old_units).update(valid_from=None)  # units from before the reform
    new_commune = factories.CommuneFactory(parent=province)
    organization_services.units_merge(predecessors=list(AdministrativeUnit.objects.filter(pk__in=old_units[:2])),
                                      successor=new_commune, effective_date=datetime.date(2025, 7, 1),
                                      legal_basis="NQ 1661")
    successor = factories.ProvinceFactory(name="Tỉnh Hợp Nhất", code="95")
    organization_services.units_merge(predecessors=[AdministrativeUnit.objects.get(pk=province.pk)],
                                      successor=successor, effective_date=datetime.date(2025, 7, 1),
                                      legal_basis="NQ 202")
    organization_services.organizations_merge(predecessors=[y], successor=x, effective_date=datetime.date(2025, 7, 1),
                                              legal_basis="Quyết định hợp nhất")
    assert summaries_check() == []
    call_command("rebuild_summaries", stdout=io.StringIO())
    assert (_summaries(ProvinceSummary), _as_they_were([province.pk])) == figures
    today = ReportFilterForm({"subject": "member", "boundaries": "today", "provinces": [province.pk]}, years=[YEAR])
    assert today.is_valid()
    rows = comparison_rows(qs=today.filter_qs(ProvinceSummary.objects.all()), subject="member", boundaries="today",
                           province_ids=today.province_ids())
    assert {(r["province_id"], r["tier"], r["count"]) for r in rows} == {
        (successor.pk, tier, count) for _p, _y, tier, count in figures[1]}
    assert UnitLineage.objects.filter(successor=successor).exists()


def test_the_data_migration_places_existing_ratings_by_the_event_history(nghe_an):
    x, _c, (a,), members = commune(nghe_an, cells=1, members_per_cell=1, constituent_cells=0)
    y, _cy, (c,), _m = commune(nghe_an, cells=1, members_per_cell=1, constituent_cells=0)
    person = members[a.pk][0]
    member_services.member_transfer(member=person, date=datetime.date(2024, 2, 1), scope="committee", to_cell=c)
    services.rating_set(user=None, year=2023, member=person, level=level("member", 2023, 2))
    services.rating_set(user=None, year=YEAR, member=person, level=level("member", YEAR, 2))
    services.rating_set(user=None, year=YEAR, organization=a, level=level("organization", YEAR, 2))
    expected = {r.pk: (r.cell_id, r.gpo_id, r.province_id, r.admin_unit_id) for r in Rating.objects.all()}
    assert Rating.objects.get(member=person, year=2023).gpo == x
    assert Rating.objects.get(member=person, year=YEAR).gpo == y
    # Written before places were kept: every place wrong; the migration fills them from the history.
    Rating.objects.update(gpo=factories.GrassrootsFactory(parent=nghe_an), cell=None,
                          province=factories.ProvinceFactory(), admin_unit=None)
    migration = importlib.import_module("ratings.migrations.0008_fill_place_of_ratings_and_returns")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.fill(apps, editor)
    assert {r.pk: (r.cell_id, r.gpo_id, r.province_id, r.admin_unit_id) for r in Rating.objects.all()} == expected
    assert placement.members_placed([(person.pk, 2023)])[(person.pk, 2023)].gpo_id == x.pk


def test_a_cell_moved_by_a_merger_keeps_its_members_of_past_years_where_they_were_rated(two_communes):
    x, x_cells, x_members, y, _y_cells, _y_members = two_communes
    organization_services.organizations_merge(predecessors=[x], successor=y, effective_date=datetime.date(2025, 7, 1),
                                              legal_basis="Quyết định hợp nhất")
    x_cells[0].refresh_from_db()
    assert x_cells[0].parent == y
    assert set(selectors.cell_members(x_cells[0], YEAR)) == set(x_members[x_cells[0].pk])
    assert set(Rating.objects.filter(member__in=x_members[x_cells[0].pk]).values_list("gpo_id", flat=True)) == {x.pk}
    y_report = selectors.unit_check_report(y, YEAR)
    assert not any(f"m{m.pk}" in y_report.labels for m in x_members[x_cells[0].pk])
    assert all(f"m{m.pk}" in selectors.unit_check_report(x, YEAR).labels for m in x_members[x_cells[0].pk])
