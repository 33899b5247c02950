import datetime

import pytest
from django.core.exceptions import ValidationError

from members import services
from members.models import Member, MemberEvent

D = datetime.date


@pytest.fixture
def member(admit):
    return admit(admitted_on=D(2022, 6, 10))


def test_official_membership_after_12_months_of_probation(member):
    services.member_recognise_official(member=member, date=D(2023, 6, 10))
    member.refresh_from_db()
    assert member.status == Member.Status.OFFICIAL
    assert member.official_on == D(2023, 6, 10)


def test_official_membership_before_12_months_is_refused_and_nothing_saved(member):
    with pytest.raises(ValidationError) as error:
        services.member_recognise_official(member=member, date=D(2023, 6, 9))
    assert "10/06/2023" in error.value.message_dict["date"][0]
    member.refresh_from_db()
    assert member.status == Member.Status.PROBATIONARY
    assert member.events.count() == 1


def test_official_membership_twice_is_refused(member):
    services.member_recognise_official(member=member, date=D(2023, 7, 1))
    with pytest.raises(ValidationError):
        services.member_recognise_official(member=member, date=D(2023, 8, 1))


def test_a_transfer_moves_the_member_to_the_new_cell(member, other_cell, cell):
    services.member_transfer(member=member, date=D(2024, 1, 5), scope="cell", to_cell=other_cell)
    member.refresh_from_db()
    assert member.cell == other_cell
    event = member.events.get(kind="transfer")
    assert (event.from_cell, event.to_cell) == (cell, other_cell)


def test_a_transfer_into_a_dissolved_cell_is_refused(member, other_cell):
    other_cell.dissolved = D(2023, 12, 31)
    other_cell.save()
    with pytest.raises(ValidationError) as error:
        services.member_transfer(member=member, date=D(2024, 1, 5), scope="cell", to_cell=other_cell)
    assert "đã giải thể" in error.value.message_dict["to_cell"][0]
    member.refresh_from_db()
    assert member.cell_id != other_cell.pk
    assert member.events.count() == 1


def test_a_transfer_to_another_cell_needs_the_cell(member):
    with pytest.raises(ValidationError) as error:
        services.member_transfer(member=member, date=D(2024, 1, 5), scope="cell")
    assert "to_cell" in error.value.message_dict


def test_a_transfer_out_marks_the_member_transferred_and_a_later_transfer_in_restores_them(member, other_cell):
    services.member_transfer(member=member, date=D(2024, 1, 5), scope="residence")
    member.refresh_from_db()
    assert member.status == Member.Status.TRANSFERRED_OUT
    with pytest.raises(ValidationError):
        services.member_recognise_official(member=member, date=D(2024, 2, 1))
    services.member_transfer(member=member, date=D(2024, 3, 1), scope="cell", to_cell=other_cell)
    member.refresh_from_db()
    assert (member.status, member.cell) == (Member.Status.PROBATIONARY, other_cell)


def test_discipline_needs_a_deciding_body(member):
    with pytest.raises(ValidationError) as error:
        services.member_discipline(member=member, date=D(2024, 1, 5), level="warning", deciding_body=" ")
    assert "deciding_body" in error.value.message_dict


def test_a_warning_keeps_the_member_and_an_expulsion_removes_them(member):
    services.member_discipline(member=member, date=D(2024, 1, 5), level="warning", deciding_body="Đảng ủy xã")
    member.refresh_from_db()
    assert member.status == Member.Status.PROBATIONARY
    services.member_discipline(member=member, date=D(2024, 2, 5), level="expulsion", deciding_body="Huyện ủy")
    member.refresh_from_db()
    assert member.status == Member.Status.REMOVED


@pytest.mark.parametrize("end", ["remove", "death"])
def test_no_event_is_recorded_on_a_removed_or_deceased_member(member, other_cell, end):
    if end == "remove":
        services.member_remove(member=member, date=D(2024, 1, 5), deciding_body="Chi bộ")
    else:
        services.member_record_death(member=member, date=D(2024, 1, 5))
    member.refresh_from_db()
    before = member.events.count()
    attempts = [
        lambda: services.member_recognise_official(member=member, date=D(2024, 6, 10)),
        lambda: services.member_transfer(member=member, date=D(2024, 6, 10), scope="cell", to_cell=other_cell),
        lambda: services.member_discipline(member=member, date=D(2023, 6, 10), level="warning", deciding_body="X"),
        lambda: services.member_remove(member=member, date=D(2024, 6, 10)),
        lambda: services.member_exempt(member=member, date=D(2024, 6, 10)),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert member.full_name in error.value.messages[0]
    assert member.events.count() == before


def test_exemption_is_granted_then_ended(member):
    services.member_exempt(member=member, date=D(2024, 1, 5))
    member.refresh_from_db()
    assert member.exempt_from_activities
    with pytest.raises(ValidationError):
        services.member_exempt(member=member, date=D(2024, 2, 5))
    services.member_exempt(member=member, date=D(2024, 3, 5), end=True)
    member.refresh_from_db()
    assert not member.exempt_from_activities


def test_an_event_before_the_admission_is_refused(member):
    with pytest.raises(ValidationError) as error:
        services.member_discipline(member=member, date=D(2021, 1, 1), level="reprimand", deciding_body="Chi bộ")
    assert "kết nạp" in error.value.message_dict["date"][0]


def test_the_event_form_entry_point_refuses_kinds_it_does_not_handle(member):
    with pytest.raises(ValidationError) as error:
        services.member_event_record(member=member, kind=MemberEvent.Kind.TRANSFER, date=D(2024, 1, 1))
    assert "kind" in error.value.message_dict


def test_a_back_dated_event_counts_in_the_cell_the_member_was_in_on_that_day(member, cell, other_cell):
    services.member_recognise_official(member=member, date=D(2023, 6, 10))
    services.member_transfer(member=member, date=D(2024, 3, 1), scope="cell", to_cell=other_cell)
    warning = services.member_discipline(member=member, date=D(2023, 11, 5), level="warning",
                                         deciding_body="Đảng ủy xã Tiền Phong")
    assert warning.from_cell_id == cell.pk
    later = services.member_discipline(member=member, date=D(2024, 4, 5), level="reprimand",
                                       deciding_body="Đảng ủy xã Tiền Phong")
    assert later.from_cell_id == other_cell.pk
