"""Ratings written through the services: grids in one transaction, rules of the scheme, the yearly workflow."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members.models import MemberEvent
from ratings import services
from ratings.models import Rating, ReviewCycle, SummaryReturn
from ratings.services import GridEntry
from tests import factories
from tests.ratings.factories import MemberRatingFactory, commune, level

pytestmark = pytest.mark.django_db


def test_a_gpo_grid_saves_every_cell_and_keeps_history(nghe_an, staff_nghe_an):
    gpo, constituent, cells, _members = commune(nghe_an)
    good = level("organization", 2024, 2)
    entries = [GridEntry(subject_id=c.pk, level_id=good.pk) for c in cells]
    outcome = services.grid_save(user=staff_nghe_an, organization=gpo, year=2024, entries=entries)
    assert outcome.created == len(cells) == 4
    assert Rating.objects.filter(organization__in=cells, year=2024, level=good).count() == 4
    record = Rating.history.filter(organization=cells[0]).get()
    assert record.history_user == staff_nghe_an
    assert ReviewCycle.objects.get(organization=gpo, year=2024).status == ReviewCycle.Status.DRAFT


def test_saving_the_same_grid_twice_changes_nothing(nghe_an, staff_nghe_an):
    gpo, _c, cells, _m = commune(nghe_an)
    entries = [GridEntry(subject_id=c.pk, level_id=level("organization", 2024, 3).pk) for c in cells]
    services.grid_save(user=staff_nghe_an, organization=gpo, year=2024, entries=entries)
    versions = {r.pk: r.version for r in Rating.objects.all()}
    again = [GridEntry(subject_id=c.pk, level_id=level("organization", 2024, 3).pk, version=1) for c in cells]
    outcome = services.grid_save(user=staff_nghe_an, organization=gpo, year=2024, entries=again)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 4)
    assert {r.pk: r.version for r in Rating.objects.all()} == versions


def test_a_grid_with_one_bad_row_writes_nothing(nghe_an, staff_nghe_an):
    _gpo, _c, cells, members = commune(nghe_an)
    disciplined = members[cells[0].pk][0]
    MemberEvent.objects.create(member=disciplined, kind=MemberEvent.Kind.DISCIPLINE, date=datetime.date(2024, 5, 1),
                               discipline_level=MemberEvent.DisciplineLevel.REPRIMAND)
    entries = [GridEntry(subject_id=m.pk, level_id=level("member", 2024, 2).pk) for m in members[cells[0].pk]]
    with pytest.raises(services.RatingInputError) as caught:
        services.grid_save(user=staff_nghe_an, organization=cells[0], year=2024, entries=entries)
    assert list(caught.value.message_dict) == [str(disciplined.pk)]
    assert "phải xếp mức 4" in caught.value.message_dict[str(disciplined.pk)][0]
    assert not Rating.objects.exists()


def test_a_disciplined_member_must_be_rated_not_completed(nghe_an, staff_nghe_an):
    _gpo, _c, cells, members = commune(nghe_an)
    member = members[cells[0].pk][0]
    MemberEvent.objects.create(member=member, kind=MemberEvent.Kind.DISCIPLINE, date=datetime.date(2021, 3, 1))
    with pytest.raises(ValidationError) as caught:
        services.rating_set(user=staff_nghe_an, year=2021, member=member, level=level("member", 2021, 2))
    assert "mức 4" in caught.value.message_dict["level"][0]
    rating = services.rating_set(user=staff_nghe_an, year=2021, member=member, level=level("member", 2021, 4))
    assert rating.level.tier == 4


def test_under_124_a_remedied_violation_may_keep_a_better_level_with_a_reason(nghe_an, staff_nghe_an):
    _gpo, _c, cells, members = commune(nghe_an)
    member = members[cells[0].pk][0]
    MemberEvent.objects.create(member=member, kind=MemberEvent.Kind.DISCIPLINE, date=datetime.date(2024, 3, 1))
    rating = services.rating_set(user=staff_nghe_an, year=2024, member=member, level=level("member", 2024, 3),
                                 override_reason="Tự phát hiện và khắc phục")
    assert rating.override_reason == "Tự phát hiện và khắc phục"


def test_the_excellent_quota_needs_a_recorded_reason(nghe_an, staff_nghe_an):
    gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=6, constituent_cells=0)
    cell = cells[0]
    people = members[cell.pk]
    excellent, good = level("member", 2022, 1), level("member", 2022, 2)
    # 2 excellent over 4 good is 50% > 20%
    entries = [GridEntry(subject_id=p.pk, level_id=(excellent if i < 2 else good).pk) for i, p in enumerate(people)]
    with pytest.raises(services.RatingInputError) as caught:
        services.grid_save(user=staff_nghe_an, organization=cell, year=2022, entries=entries)
    assert "Vượt trần: 2 đảng viên xuất sắc > 20% của 4 đảng viên tốt" in caught.value.issues[0].message
    outcome = services.grid_save(user=staff_nghe_an, organization=cell, year=2022, entries=entries,
                                 override_reason="Nghị quyết chi bộ số 5")
    assert outcome.created == 6
    assert Rating.objects.filter(level=excellent, override_reason="Nghị quyết chi bộ số 5").count() == 2


def test_2018_has_no_quota(nghe_an, staff_nghe_an):
    _gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=2, constituent_cells=0)
    entries = [GridEntry(subject_id=p.pk, level_id=level("member", 2018, 1).pk) for p in members[cells[0].pk]]
    assert services.grid_save(user=staff_nghe_an, organization=cells[0], year=2018, entries=entries).created == 2


def test_scores_under_366_decide_the_level(nghe_an, staff_nghe_an):
    gpo, _c, cells, _m = commune(nghe_an)
    with pytest.raises(ValidationError) as caught:
        services.rating_set(user=staff_nghe_an, year=2025, organization=cells[0], level=level("organization", 2025, 1),
                            score=85)
    assert "85 điểm chưa đạt ngưỡng 90 điểm" in caught.value.message_dict["level"][0]
    with pytest.raises(ValidationError) as caught:
        services.rating_set(user=staff_nghe_an, year=2025, organization=cells[0], level=level("organization", 2025, 3),
                            score=85)
    assert "lý do" in caught.value.message_dict["override_reason"][0]
    rating = services.rating_set(user=staff_nghe_an, year=2025, organization=cells[0],
                                 level=level("organization", 2025, 2), score=85)
    assert rating.score == 85


def test_a_subject_that_did_not_exist_that_year_cannot_be_rated(nghe_an, staff_nghe_an):
    gpo = factories.GrassrootsFactory(parent=nghe_an)
    cell = factories.CellFactory(parent=gpo, founded=datetime.date(2023, 6, 1))
    with pytest.raises(ValidationError) as caught:
        services.rating_set(user=staff_nghe_an, year=2020, organization=cell, level=level("organization", 2020, 2))
    assert "chưa tồn tại" in caught.value.message_dict["year"][0]


def test_a_future_year_is_refused(nghe_an, staff_nghe_an):
    cell = factories.CellFactory(parent=factories.GrassrootsFactory(parent=nghe_an))
    with pytest.raises(ValidationError) as caught:
        services.rating_set(user=staff_nghe_an, year=datetime.date.today().year + 1, organization=cell,
                            level=level("organization", 2025, 2))
    assert "chưa tới" in caught.value.message_dict["year"][0]


def test_staff_of_another_province_cannot_rate(nghe_an, cao_bang, staff_cao_bang):
    gpo, _c, cells, _m = commune(nghe_an)
    with pytest.raises(PermissionDenied):
        services.grid_save(user=staff_cao_bang, organization=gpo, year=2024, entries=[])
    with pytest.raises(ValidationError):
        services.rating_set(user=staff_cao_bang, year=2024, organization=cells[0], level=level("organization", 2024, 2))


def test_the_workflow_locks_an_approved_year_until_reopened_with_a_reason(nghe_an, staff_nghe_an, approver_nghe_an):
    gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=1, constituent_cells=0)
    units = [gpo, cells[0]]
    entries = [GridEntry(subject_id=u.pk, level_id=level("organization", 2024, 2).pk) for u in units]
    services.grid_save(user=staff_nghe_an, organization=gpo, year=2024, entries=entries)
    services.rating_set(user=staff_nghe_an, year=2024, member=members[cells[0].pk][0], level=level("member", 2024, 2))
    with pytest.raises(PermissionDenied):
        services.cycle_approve(user=staff_nghe_an, organization=gpo, year=2024)
    services.cycle_submit(user=staff_nghe_an, organization=gpo, year=2024)
    services.cycle_approve(user=approver_nghe_an, organization=gpo, year=2024)
    with pytest.raises(ValidationError) as caught:
        services.rating_set(user=staff_nghe_an, year=2024, organization=cells[0], level=level("organization", 2024, 3))
    assert "đã phê duyệt" in caught.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as caught:
        services.cycle_reopen(user=approver_nghe_an, organization=gpo, year=2024, reason="  ")
    assert "reason" in caught.value.message_dict
    services.cycle_reopen(user=approver_nghe_an, organization=gpo, year=2024, reason="Sai mức chi bộ 1")
    services.rating_set(user=staff_nghe_an, year=2024, organization=cells[0], level=level("organization", 2024, 3))
    statuses = list(ReviewCycle.history.filter(organization=gpo).order_by("history_date").values_list("status", "reason"))
    assert statuses[-3:] == [("submitted", ""), ("approved", ""), ("draft", "Sai mức chi bộ 1")]


def test_submitting_with_missing_ratings_is_allowed_but_errors_block(nghe_an, staff_nghe_an):
    gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=1, constituent_cells=0)
    member = members[cells[0].pk][0]
    MemberRatingFactory(member=member, year=2024, level=level("member", 2024, 1))  # bypassing rules on purpose
    MemberEvent.objects.create(member=member, kind=MemberEvent.Kind.DISCIPLINE, date=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError) as caught:
        services.cycle_submit(user=staff_nghe_an, organization=gpo, year=2024)
    assert "lỗi" in caught.value.message_dict["status"][0]


def test_summary_returns_refuse_counts_above_the_total_and_warn_above_the_units(nghe_an, staff_nghe_an):
    gpo, _c, cells, _m = commune(nghe_an)
    with pytest.raises(ValidationError) as caught:
        services.returns_save(user=staff_nghe_an, reporting_organization=gpo, year=2013, subject="cell",
                              total=3, counts={1: {"count": 3}, 2: {"count": 1}})
    assert "total" in caught.value.message_dict
    summary, warnings = services.returns_save(user=staff_nghe_an, reporting_organization=gpo, year=2013,
                                              subject="cell", total=10, counts={1: {"count": 9}})
    assert summary.counts.get().count == 9
    assert "lớn hơn số đơn vị" in warnings[0]


def test_summary_returns_refuse_counts_above_the_number_reviewed(nghe_an, staff_nghe_an):
    gpo = commune(nghe_an)[0]
    with pytest.raises(ValidationError) as caught:
        services.returns_save(user=staff_nghe_an, reporting_organization=gpo, year=2013, subject="cell",
                              total=10, reviewed=5, counts={1: {"count": 4}, 2: {"count": 3}})
    assert caught.value.message_dict["reviewed"] == ["Tổng các mức (7) lớn hơn số được đánh giá (5)."]
    assert not SummaryReturn.objects.exists()


def test_a_grids_reason_is_recorded_only_on_the_rows_it_lifts(nghe_an, staff_nghe_an):
    _gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=3, constituent_cells=0)
    first, second, third = members[cells[0].pk]
    MemberEvent.objects.create(member=first, kind=MemberEvent.Kind.DISCIPLINE, date=datetime.date(2024, 3, 1))
    entries = [GridEntry(subject_id=first.pk, level_id=level("member", 2024, 3).pk),
               GridEntry(subject_id=second.pk, level_id=level("member", 2024, 2).pk),
               GridEntry(subject_id=third.pk, level_id=level("member", 2024, 3).pk)]
    with pytest.raises(services.RatingInputError):
        services.grid_save(user=staff_nghe_an, organization=cells[0], year=2024, entries=entries)
    services.grid_save(user=staff_nghe_an, organization=cells[0], year=2024, entries=entries,
                       override_reason="Tự phát hiện, khắc phục (124-QĐ/TW)")
    reasons = dict(Rating.objects.values_list("member_id", "override_reason"))
    assert reasons == {first.pk: "Tự phát hiện, khắc phục (124-QĐ/TW)", second.pk: "", third.pk: ""}


def test_clearing_a_row_in_the_grid_deletes_the_rating_and_keeps_who_did_it(nghe_an, staff_nghe_an):
    gpo, _c, cells, _m = commune(nghe_an, cells=1, constituent_cells=0)
    services.grid_save(user=staff_nghe_an, organization=gpo, year=2024,
                       entries=[GridEntry(subject_id=cells[0].pk, level_id=level("organization", 2024, 2).pk)])
    outcome = services.grid_save(user=staff_nghe_an, organization=gpo, year=2024,
                                 entries=[GridEntry(subject_id=cells[0].pk, version=1)])
    assert outcome.deleted == 1 and not Rating.objects.exists()
    deleted = Rating.history.filter(organization_id=cells[0].pk, history_type="-").get()
    assert deleted.history_user == staff_nghe_an


def test_a_grassroots_cell_rates_its_own_members_in_its_own_cycle(nghe_an, staff_nghe_an, approver_nghe_an):
    small = factories.GrassrootsFactory(parent=nghe_an, is_grassroots_cell=True)
    people = [factories.MemberFactory(cell=small) for _ in range(3)]
    entries = [GridEntry(subject_id=p.pk, level_id=level("member", 2024, 2).pk) for p in people]
    services.grid_save(user=staff_nghe_an, organization=small, year=2024, entries=entries, members=True)
    services.grid_save(user=staff_nghe_an, organization=small, year=2024,
                       entries=[GridEntry(subject_id=small.pk, level_id=level("organization", 2024, 2).pk)])
    assert Rating.objects.filter(year=2024).count() == 4
    assert list(ReviewCycle.objects.values_list("organization_id", flat=True)) == [small.pk]
    from ratings.selectors import unit_check_report
    assert unit_check_report(small, 2024).quota["good"] == 3


def test_a_grid_change_is_checked_against_the_score_it_keeps(nghe_an, staff_nghe_an):
    gpo, _c, cells, _m = commune(nghe_an, cells=1, constituent_cells=0)
    services.rating_set(user=staff_nghe_an, year=2025, organization=cells[0], level=level("organization", 2025, 1),
                        score=93)
    lowered = [GridEntry(subject_id=cells[0].pk, level_id=level("organization", 2025, 2).pk, version=1)]
    with pytest.raises(services.RatingInputError) as caught:
        services.grid_save(user=staff_nghe_an, organization=gpo, year=2025, entries=lowered)
    assert "xếp thấp hơn cần ghi lý do" in caught.value.issues[0].message
    services.grid_save(user=staff_nghe_an, organization=gpo, year=2025, entries=lowered,
                       override_reason="Chưa đạt 30% nhiệm vụ vượt mức")
    rating = Rating.objects.get(organization=cells[0], year=2025)
    assert (rating.level.tier, rating.score, rating.override_reason) == (2, 93, "Chưa đạt 30% nhiệm vụ vượt mức")


def test_rating_a_member_admitted_under_six_months_is_saved_with_a_warning(nghe_an, staff_nghe_an):
    cell = factories.CellFactory(parent=factories.GrassrootsFactory(parent=nghe_an))
    newcomer = factories.MemberFactory(cell=cell, admitted_on=datetime.date(2024, 9, 1), official_on=None,
                                       status="probationary")
    outcome = services.grid_save(user=staff_nghe_an, organization=cell, year=2024,
                                 entries=[GridEntry(subject_id=newcomer.pk, level_id=level("member", 2024, 2).pk)])
    assert outcome.created == 1
    assert "chưa đủ 6 tháng" in outcome.warnings[0].message
