"""Every writing path announces the figures it changes, and the dashboards' summaries stay equal to a rebuild.

One test per path: the write changes a figure a reader would see, and `check_summaries` finds nothing stale.
"""

import ast
import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from members import services as member_services
from organizations import services as organization_services
from organizations.models import AdministrativeUnit, UnitLineage
from organizations.spreadsheets.reader import read_table
from ratings import services
from ratings.models import Rating, ReviewCycle, SummaryReturn
from ratings.services import GridEntry
from ratings.spreadsheets.importer import import_table
from reports.models import ProvinceSummary
from reports.services import summaries_check
from tests import factories
from tests.ratings.factories import commune, level

pytestmark = pytest.mark.django_db
YEAR = 2024


def _stale() -> list:
    return summaries_check()


def _figure(province, subject: str, tier: int, *, year: int = YEAR, area: str = "", source: str = "detail"):
    row = ProvinceSummary.objects.filter(province=province, subject=subject, tier=tier, year=year, area=area,
                                         source=source, superseded=False).values("count", "provisional").first()
    return row and (row["count"], row["provisional"])


@pytest.fixture
def world(nghe_an, staff_nghe_an):
    """A commune of Nghệ An with a constituent committee, three cells and two members in each, rated for 2024."""
    gpo, constituent, cells, members = commune(nghe_an, cells=2, members_per_cell=2)
    for cell in cells:
        services.grid_save(user=staff_nghe_an, organization=cell, year=YEAR, entries=[
            GridEntry(subject_id=m.pk, level_id=level("member", YEAR, 2).pk) for m in members[cell.pk]])
    services.grid_save(user=staff_nghe_an, organization=gpo, year=YEAR, entries=[
        GridEntry(subject_id=u.pk, level_id=level("organization", YEAR, 2).pk) for u in [gpo, constituent, *cells]])
    assert _stale() == []
    return gpo, constituent, cells, members


def test_a_gpo_grid_save_refreshes_the_organizations_figures(world, nghe_an, staff_nghe_an):
    gpo, _constituent, cells, _members = world
    services.grid_save(user=staff_nghe_an, organization=gpo, year=YEAR,
                       entries=[GridEntry(subject_id=cells[0].pk, level_id=level("organization", YEAR, 1).pk,
                                          version=1)])
    assert _figure(nghe_an.province, "cell", 1) == (1, True)
    assert _stale() == []


def test_a_cell_grid_save_refreshes_the_members_figures(world, nghe_an, staff_nghe_an):
    _gpo, _constituent, cells, members = world
    person = members[cells[0].pk][0]
    services.grid_save(user=staff_nghe_an, organization=cells[0], year=YEAR,
                       entries=[GridEntry(subject_id=person.pk, level_id=level("member", YEAR, 3).pk, version=1)])
    assert _figure(nghe_an.province, "member", 3) == (1, True)
    assert _stale() == []


def test_setting_and_deleting_one_rating_refresh(world, nghe_an, staff_nghe_an):
    _gpo, _constituent, cells, members = world
    person = members[cells[1].pk][1]
    rating = services.rating_set(user=staff_nghe_an, year=YEAR, member=person, level=level("member", YEAR, 4))
    assert _figure(nghe_an.province, "member", 4)[0] == 1
    services.rating_delete(user=staff_nghe_an, rating=rating)
    assert _figure(nghe_an.province, "member", 4)[0] == 0
    assert _stale() == []


def test_an_import_refreshes(world, nghe_an, staff_nghe_an):
    _gpo, _constituent, cells, members = world
    content = f"Số thẻ đảng viên,Năm,Bậc (1-4)\n{members[cells[0].pk][0].card_number},{YEAR},4\n".encode()
    import_table(read_table(content, "ratings.csv"), user=staff_nghe_an)
    assert _figure(nghe_an.province, "member", 4)[0] == 1
    assert _stale() == []


def test_a_summary_return_saved_on_the_web_refreshes(client, world, nghe_an, staff_nghe_an):
    client.force_login(staff_nghe_an)
    response = client.post(reverse("ratings:returns", args=[nghe_an.pk, 2012]), {
        "subject": "gpo", "population": "", "total": 10, "reviewed": 10, "source": "Báo cáo năm", "note": "",
        "count_1": 6, "count_2": 4})
    assert response.status_code == 302
    assert _figure(nghe_an.province, "gpo", 1, year=2012, source="return") == (6, True)
    assert _stale() == []


def _return_form(organization, year: int, count: int, summary=None) -> dict:
    data = {"reporting_organization": organization.pk, "year": year, "subject": "gpo", "population": "",
            "total": "", "reviewed": "", "source": "", "note": "",
            "counts-TOTAL_FORMS": 1, "counts-INITIAL_FORMS": 0, "counts-MIN_NUM_FORMS": 0, "counts-MAX_NUM_FORMS": 4,
            "counts-0-tier": 1, "counts-0-count": count}
    if summary is not None:
        count_row = summary.counts.get()
        data.update({"counts-INITIAL_FORMS": 1, "counts-0-id": count_row.pk, "counts-0-summary_return": summary.pk})
    return data


def test_summary_returns_added_moved_and_deleted_in_the_admin_refresh(client, admin_user, nghe_an, cao_bang):
    client.force_login(admin_user)
    assert client.post(reverse("admin:ratings_summaryreturn_add"), _return_form(nghe_an, 2012, 7)).status_code == 302
    summary = SummaryReturn.objects.get()
    assert summary.province == nghe_an.province
    assert _figure(nghe_an.province, "gpo", 1, year=2012, source="return") == (7, True)
    assert _stale() == []
    # Moved to another province and year: both places are recomputed, and it is placed where it now belongs.
    url = reverse("admin:ratings_summaryreturn_change", args=[summary.pk])
    assert client.post(url, _return_form(cao_bang, 2013, 7, summary)).status_code == 302
    summary.refresh_from_db()
    assert summary.province == cao_bang.province
    assert _figure(nghe_an.province, "gpo", 1, year=2012, source="return") is None
    assert _figure(cao_bang.province, "gpo", 1, year=2013, source="return")[0] == 7
    assert _stale() == []
    assert client.post(reverse("admin:ratings_summaryreturn_delete", args=[summary.pk]),
                       {"post": "yes"}).status_code == 302
    assert _figure(cao_bang.province, "gpo", 1, year=2013, source="return") is None
    assert _stale() == []


def test_a_return_of_an_approved_year_cannot_be_moved_out_of_it_in_the_admin(client, admin_user, nghe_an, cao_bang):
    client.force_login(admin_user)
    client.post(reverse("admin:ratings_summaryreturn_add"), _return_form(nghe_an, 2012, 7))
    summary = SummaryReturn.objects.get()
    services.cycle_submit(user=admin_user, organization=nghe_an, year=2012)
    services.cycle_approve(user=admin_user, organization=nghe_an, year=2012)
    url = reverse("admin:ratings_summaryreturn_change", args=[summary.pk])
    page = client.post(url, _return_form(cao_bang, 2013, 7, summary)).content.decode()
    assert "đã trình hoặc đã phê duyệt" in page
    assert SummaryReturn.objects.get().reporting_organization == nghe_an
    assert _stale() == []


def test_summary_returns_deleted_from_the_admin_list_refresh(client, admin_user, nghe_an, staff_nghe_an):
    summary, _warnings = services.returns_save(user=staff_nghe_an, reporting_organization=nghe_an, year=2011,
                                               subject="cell", counts={1: {"count": 3}})
    client.force_login(admin_user)
    client.post(reverse("admin:ratings_summaryreturn_changelist"),
                {"action": "delete_selected", "post": "yes", "_selected_action": [summary.pk]})
    assert not SummaryReturn.objects.exists()
    assert _figure(nghe_an.province, "cell", 1, year=2011, source="return") is None
    assert _stale() == []


def test_ratings_saved_and_deleted_in_the_admin_refresh(client, admin_user, world, nghe_an):
    _gpo, _constituent, cells, members = world
    client.force_login(admin_user)
    rating = Rating.objects.get(member=members[cells[0].pk][0], year=YEAR)
    data = {"level": level("member", YEAR, 3).pk, "not_reviewed": "", "deciding_body": "", "override_reason": "",
            "note": ""}
    assert client.post(reverse("admin:ratings_rating_change", args=[rating.pk]), data).status_code == 302
    assert _figure(nghe_an.province, "member", 3)[0] == 1
    assert client.post(reverse("admin:ratings_rating_delete", args=[rating.pk]), {"post": "yes"}).status_code == 302
    assert _figure(nghe_an.province, "member", 3)[0] == 0
    assert _stale() == []


def test_approving_and_reopening_a_year_turns_its_figures_final_and_provisional(world, nghe_an, staff_nghe_an,
                                                                               approver_nghe_an):
    gpo = world[0]
    services.cycle_submit(user=staff_nghe_an, organization=gpo, year=YEAR)
    services.cycle_approve(user=approver_nghe_an, organization=gpo, year=YEAR)
    assert _figure(nghe_an.province, "member", 2) == (6, False)
    assert _stale() == []
    services.cycle_reopen(user=approver_nghe_an, organization=gpo, year=YEAR, reason="Sai sót")
    assert _figure(nghe_an.province, "member", 2) == (6, True)
    assert _stale() == []


@pytest.mark.parametrize("event", ["transfer", "removal", "death", "correction"])
def test_member_events_leave_the_summaries_fresh(world, nghe_an, event):
    gpo, _constituent, cells, members = world
    person = members[cells[0].pk][0]
    other = factories.CellFactory(parent=factories.GrassrootsFactory(parent=nghe_an))
    before = sorted(ProvinceSummary.objects.values_list("province_id", "year", "subject", "area", "tier", "count"))
    day = datetime.date(2025, 3, 1)
    if event == "transfer":
        member_services.member_transfer(member=person, date=day, scope="committee", to_cell=other)
    elif event == "removal":
        member_services.member_remove(member=person, date=day)
    elif event == "death":
        member_services.member_record_death(member=person, date=day)
    else:
        moved = member_services.member_transfer(member=person, date=day, scope="cell", to_cell=cells[1])
        member_services.member_event_correct(event=moved, date=datetime.date(2024, 6, 1), reason="Ghi sai ngày")
    # The 2024 ratings stay where they were given: no figure moves.
    assert sorted(ProvinceSummary.objects.values_list("province_id", "year", "subject", "area", "tier",
                                                      "count")) == before
    assert _stale() == []


def test_a_unit_merger_recorded_in_the_admin_leaves_past_figures_and_moves_today_s(client, admin_user, world,
                                                                                  nghe_an):
    AdministrativeUnit.objects.filter(pk=nghe_an.province_id).update(valid_from=None)  # in force before 2025
    successor = factories.ProvinceFactory(name="Tỉnh Nghệ An Mới", code="90")
    client.force_login(admin_user)
    client.post(reverse("admin:organizations_administrativeunit_changelist"), {
        "action": "merge_units", "_selected_action": [nghe_an.province_id], "apply": "1",
        "successor_code": successor.code, "effective_date": "2025-07-01", "legal_basis": "Nghị quyết 202/2025/QH15"})
    assert AdministrativeUnit.objects.get(pk=nghe_an.province_id).valid_to == datetime.date(2025, 6, 30)
    row = ProvinceSummary.objects.filter(province=nghe_an.province, subject="member", tier=2, area="").get()
    assert (row.count, row.current_province_id) == (6, successor.pk)
    assert _stale() == []


def test_an_organization_merger_leaves_the_summaries_fresh(world, nghe_an):
    gpo = world[0]
    successor = factories.GrassrootsFactory(parent=nghe_an)
    before = sorted(ProvinceSummary.objects.values_list("province_id", "year", "subject", "area", "tier", "count"))
    organization_services.organizations_merge(predecessors=[gpo], successor=successor,
                                              effective_date=datetime.date(2025, 7, 1), legal_basis="Quyết định")
    assert sorted(ProvinceSummary.objects.values_list("province_id", "year", "subject", "area", "tier",
                                                      "count")) == before
    assert _stale() == []


def test_admin_saves_of_organizations_and_units_refresh(client, admin_user, world, nghe_an):
    gpo, _constituent, cells, _members = world
    client.force_login(admin_user)
    commune_unit = gpo.admin_unit
    data = {"code": commune_unit.code, "name": commune_unit.name, "kind": commune_unit.kind,
            "parent": commune_unit.parent_id, "valid_from": "2025-07-01", "valid_to": "", "note": "",
            "is_border": "on", "is_highland": "", "is_ethnic_minority": "", "is_extremely_difficult": "",
            **{f"{prefix}-{field}": value for prefix in ("successor_links", "predecessor_links")
               for field, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0), ("MIN_NUM_FORMS", 0),
                                    ("MAX_NUM_FORMS", 1000))}}
    response = client.post(reverse("admin:organizations_administrativeunit_change", args=[commune_unit.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _figure(nghe_an.province, "member", 2, area="border")[0] == 6
    assert _stale() == []
    cell = cells[0]
    data = {"code": cell.code, "name": "Chi bộ đổi tên", "kind": cell.kind, "sector": cell.sector,
            "parent": cell.parent_id, "province": cell.province_id, "admin_unit": "", "founded": "",
            "dissolved": "", "note": "", "is_grassroots_cell": "",
            "predecessor_links-TOTAL_FORMS": 0, "predecessor_links-INITIAL_FORMS": 0,
            "predecessor_links-MIN_NUM_FORMS": 0, "predecessor_links-MAX_NUM_FORMS": 1000}
    response = client.post(reverse("admin:organizations_partyorganization_change", args=[cell.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _stale() == []


def test_lineage_recorded_in_the_admin_refreshes_today_s_boundaries(client, admin_user, world, nghe_an):
    successor = factories.ProvinceFactory(name="Tỉnh Mới", code="91")
    AdministrativeUnit.objects.filter(pk=nghe_an.province_id).update(valid_from=None,
                                                                     valid_to=datetime.date(2025, 6, 30))
    call_command("rebuild_summaries", stdout=io.StringIO())
    client.force_login(admin_user)
    response = client.post(reverse("admin:organizations_unitlineage_add"), {
        "predecessor": nghe_an.province_id, "successor": successor.pk, "change": "merge",
        "effective_date": "2025-07-01", "legal_basis": ""})
    assert response.status_code == 302
    assert UnitLineage.objects.exists()
    assert set(ProvinceSummary.objects.filter(province=nghe_an.province).values_list("current_province_id",
                                                                                    flat=True)) == {successor.pk}
    assert _stale() == []


def test_check_summaries_exits_0_when_fresh_and_1_listing_what_is_stale(world, nghe_an):
    out = io.StringIO()
    call_command("check_summaries", stdout=out)
    assert "match" in out.getvalue()
    # A write behind the seam's back (raw SQL, a bulk load): the check names the row and fails.
    Rating.objects.filter(year=YEAR, member__isnull=False).update(level=level("member", YEAR, 1))
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("check_summaries", stdout=out)
    assert caught.value.returncode == 1
    assert "ProvinceSummary" in out.getvalue() and "tier=1" in out.getvalue()
    call_command("rebuild_summaries", stdout=io.StringIO())
    call_command("check_summaries", stdout=io.StringIO())


def test_a_signal_sent_outside_a_transaction_is_refused(monkeypatch):
    from types import SimpleNamespace

    from organizations import signals

    # Autocommit: a refresh would commit apart from the change it follows.
    monkeypatch.setattr(signals.transaction, "get_connection", lambda: SimpleNamespace(in_atomic_block=False))
    with pytest.raises(RuntimeError):
        signals.announce_figures(Rating, organization_ids=[1], years=[YEAR])


def _imports(package: str) -> set[str]:
    found = set()
    for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
    return found


@pytest.mark.parametrize("package", ["ratings", "members"])
def test_lower_apps_never_import_the_reports_app(package):
    assert "reports" not in _imports(package)


def test_the_cycle_of_a_return_is_created_so_its_figures_are_provisional_until_approved(nghe_an, staff_nghe_an):
    services.returns_save(user=staff_nghe_an, reporting_organization=nghe_an, year=2012, subject="gpo",
                          counts={1: {"count": 3}})
    assert ReviewCycle.objects.get(organization=nghe_an, year=2012).status == ReviewCycle.Status.DRAFT
