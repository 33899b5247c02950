"""The read API given to the reports app, and the demo ratings."""

import datetime

import pytest

from members.models import MemberEvent
from organizations.demo import DemoOrganizations
from ratings import demo, selectors, services
from ratings.models import Rating, ReviewCycle
from ratings.services import GridEntry
from tests import factories
from tests.ratings.factories import commune, level

pytestmark = pytest.mark.django_db


def test_tier_counts_come_from_detailed_ratings_with_members_counted_for_their_cell(nghe_an, staff_nghe_an):
    gpo, constituent, cells, members = commune(nghe_an, cells=1, members_per_cell=3, constituent_cells=0)
    cell = cells[0]
    services.grid_save(user=staff_nghe_an, organization=gpo, year=2022, entries=[
        GridEntry(subject_id=gpo.pk, level_id=level("organization", 2022, 1).pk),
        GridEntry(subject_id=constituent.pk, level_id=level("organization", 2022, 2).pk),
        GridEntry(subject_id=cell.pk, level_id=level("organization", 2022, 2).pk)])
    people = members[cell.pk]
    services.grid_save(user=staff_nghe_an, organization=cell, year=2022, entries=[
        GridEntry(subject_id=people[0].pk, level_id=level("member", 2022, 2).pk),
        GridEntry(subject_id=people[1].pk, level_id=level("member", 2022, 2).pk),
        GridEntry(subject_id=people[2].pk, not_reviewed="exempted")])
    rows = set(selectors.tier_counts_detailed(2020, 2023))
    province = nghe_an.province_id
    assert rows == {
        (gpo.pk, province, 2022, "gpo", 1, 1),
        (constituent.pk, province, 2022, "constituent", 2, 1),
        (cell.pk, province, 2022, "cell", 2, 1),
        (cell.pk, province, 2022, "member", 2, 2),  # the member not reviewed is not counted as a tier
    }
    assert list(selectors.tier_counts_detailed(2023, 2024)) == []


def test_summary_return_rows_give_every_figure(nghe_an, staff_nghe_an):
    services.returns_save(user=staff_nghe_an, reporting_organization=nghe_an, year=2013, subject="gpo", total=1572,
                          population="", source="Bài 002", counts={1: {"share": "68.6"}, 4: {"share": "0.13"}})
    rows = list(selectors.summary_return_rows(2010, 2015))
    assert [(r.reporting_organization_id, r.province_id, r.year, r.subject, r.tier, r.count, float(r.share), r.total)
            for r in rows] == [(nghe_an.pk, nghe_an.province_id, 2013, "gpo", 1, None, 68.6, 1572),
                               (nghe_an.pk, nghe_an.province_id, 2013, "gpo", 4, None, 0.13, 1572)]


def test_the_organization_history_shows_who_changed_what(client, nghe_an, staff_nghe_an):
    gpo, _c, cells, _m = commune(nghe_an, cells=1)
    services.rating_set(user=staff_nghe_an, year=2023, organization=cells[0], level=level("organization", 2023, 2))
    services.rating_set(user=staff_nghe_an, year=2023, organization=cells[0], level=level("organization", 2023, 3))
    records = selectors.rating_history(organization=cells[0])
    assert [r.history_type for r in records] == ["~", "+"]
    assert [(c.field, c.old, c.new) for c in records[0].changes] == [
        ("mức", "2. Hoàn thành tốt nhiệm vụ", "3. Hoàn thành nhiệm vụ")]
    client.force_login(staff_nghe_an)
    from django.urls import reverse
    page = client.get(reverse("ratings:organization_history", args=[cells[0].pk])).content.decode()
    assert 'id="ratings-history"' in page and "Sửa" in page and "staff" in page


def test_the_demo_rates_every_unit_and_member_and_approves_the_past_years(nghe_an):
    gpo, constituent, cells, members = commune(nghe_an, cells=3, members_per_cell=8)
    people = [m for group in members.values() for m in group]
    newcomer = factories.MemberFactory(cell=cells[0], admitted_on=datetime.date(2020, 9, 1), official_on=None,
                                       status="probationary")
    disciplined = people[3]
    MemberEvent.objects.create(member=disciplined, kind=MemberEvent.Kind.DISCIPLINE, date=datetime.date(2021, 4, 1))
    demo.load(DemoOrganizations(provincial={"nghe_an": nghe_an}, grassroots=[gpo], constituents=[constituent],
                                cells=cells))
    this_year = datetime.date.today().year
    years = range(demo.FIRST_YEAR, this_year + 1)
    units = [gpo, constituent, *cells]
    assert Rating.objects.filter(organization__in=units).count() == len(units) * len(years)
    assert Rating.objects.filter(member__in=people).count() == len(people) * len(years)
    assert not Rating.objects.filter(member=newcomer, year__lt=2020).exists()
    assert Rating.objects.get(member=newcomer, year=2020).not_reviewed == Rating.NotReviewed.NEW_MEMBER
    assert Rating.objects.get(member=disciplined, year=2021).level.tier == 4
    statuses = dict(ReviewCycle.objects.filter(organization=gpo).values_list("year", "status"))
    assert statuses == {y: ("draft" if y == this_year else "approved") for y in years}
    for year in (2015, 2019, 2025, this_year):
        report = selectors.unit_check_report(gpo, year)
        assert [i.message for i in report.issues if i.is_error] == [] and report.missing == []
        assert [i.message for i in report.issues if year >= 2019 and not i.is_error] == []


def test_the_report_warns_when_an_organizations_level_does_not_follow_from_its_parts(nghe_an, staff_nghe_an):
    gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=3, constituent_cells=0)
    cell = cells[0]
    services.rating_set(user=staff_nghe_an, year=2023, organization=cell, level=level("organization", 2023, 1))
    for person, tier in zip(members[cell.pk], (2, 3, 4), strict=True):
        services.rating_set(user=staff_nghe_an, year=2023, member=person, level=level("member", 2023, tier))
    report = selectors.unit_check_report(gpo, 2023)
    warnings = [i.message for i in report.issues if not i.is_error and i.ref == f"o{cell.pk}"]
    assert warnings == ["Xếp mức 1 cần mọi bộ phận (với chi bộ: mọi đảng viên) từ mức 3 trở lên và ít nhất 80% từ "
                        "mức 2 trở lên; hiện 33% ở mức 1–2, có bộ phận ở mức 4."]


def test_the_cycle_history_lists_the_later_of_two_same_time_changes_first(nghe_an, staff_nghe_an, approver_nghe_an):
    gpo = commune(nghe_an, cells=1)[0]
    services.cycle_submit(user=staff_nghe_an, organization=gpo, year=2024)
    services.cycle_approve(user=approver_nghe_an, organization=gpo, year=2024)
    when = ReviewCycle.history.order_by("history_id").first().history_date
    ReviewCycle.history.update(history_date=when)  # as when the demo writes them in one bulk
    assert [c.status for c in selectors.cycle_history(gpo)] == ["approved", "submitted", "draft"]


def test_under_27_hd_the_report_warns_when_too_many_parts_are_weak(nghe_an, staff_nghe_an):
    gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=3, constituent_cells=0)
    cell = cells[0]
    services.rating_set(user=staff_nghe_an, year=2016, organization=cell, level=level("organization", 2016, 2))
    for person, tier in zip(members[cell.pk], (2, 4, 4), strict=True):
        services.rating_set(user=staff_nghe_an, year=2016, member=person, level=level("member", 2016, tier))
    warnings = [i.message for i in selectors.unit_check_report(gpo, 2016).issues if i.ref == f"o{cell.pk}"]
    assert warnings == ["2/3 đảng viên ở mức 4 (quá 1/2): tổ chức phải xếp “Yếu kém”."]
    issue = next(i for i in selectors.unit_check_report(gpo, 2016).issues if i.ref == f"o{cell.pk}")
    assert issue.citation == "Căn cứ: Hướng dẫn 27-HD/BTCTW ngày 25/9/2014 (đã đối chiếu)"
    # 2019 is under 132-QĐ/TW: that rule is not applied
    services.rating_set(user=staff_nghe_an, year=2019, organization=cell, level=level("organization", 2019, 3))
    for person, tier in zip(members[cell.pk], (2, 4, 4), strict=True):
        services.rating_set(user=staff_nghe_an, year=2019, member=person, level=level("member", 2019, tier))
    assert not [i for i in selectors.unit_check_report(gpo, 2019).issues if "27-HD" in i.message]
