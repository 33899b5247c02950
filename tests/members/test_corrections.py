import datetime

import pytest
from django.core.exceptions import ValidationError

from members import services
from members.models import Member, MemberEvent

D = datetime.date


@pytest.fixture
def member(admit):
    return admit(admitted_on=D(2022, 6, 10))


def test_correcting_an_admission_date_adds_an_event_and_keeps_the_old_one(member):
    original = member.events.get()
    services.member_event_correct(event=original, date=D(2022, 5, 2), reason="Sai ngày trong quyết định")
    member.refresh_from_db()
    assert member.admitted_on == D(2022, 5, 2)
    assert MemberEvent.objects.filter(pk=original.pk, date=D(2022, 6, 10)).exists()
    assert list(member.events.effective().values_list("date", flat=True)) == [D(2022, 5, 2)]


def test_cancelling_a_removal_recorded_in_error_restores_the_member(member):
    removal = services.member_remove(member=member, date=D(2024, 1, 5))
    services.member_event_correct(event=removal, cancel=True, reason="Ghi nhầm người")
    member.refresh_from_db()
    assert member.status == Member.Status.PROBATIONARY
    assert member.events.count() == 3


def test_a_correction_that_breaks_the_probation_rule_is_refused(member):
    official = services.member_recognise_official(member=member, date=D(2023, 7, 1))
    with pytest.raises(ValidationError) as error:
        services.member_event_correct(event=official, date=D(2023, 1, 1), reason="Sai ngày")
    assert "12 tháng" in error.value.message_dict["date"][0]
    member.refresh_from_db()
    assert member.official_on == D(2023, 7, 1)


def test_an_event_already_corrected_cannot_be_corrected_again(member):
    official = services.member_recognise_official(member=member, date=D(2023, 7, 1))
    services.member_event_correct(event=official, date=D(2023, 7, 2), reason="Sai ngày")
    with pytest.raises(ValidationError):
        services.member_event_correct(event=official, date=D(2023, 7, 3), reason="Sai ngày")


def test_an_admission_cannot_be_cancelled_and_a_reason_is_required(member):
    admission = member.events.get()
    with pytest.raises(ValidationError):
        services.member_event_correct(event=admission, cancel=True, reason="Nhầm")
    with pytest.raises(ValidationError) as error:
        services.member_event_correct(event=admission, date=D(2022, 6, 1), reason="")
    assert "note" in error.value.message_dict


def test_moving_an_admission_date_to_before_the_18th_birthday_is_refused(admit):
    member = admit(birth_date=D(2000, 9, 1), admitted_on=D(2019, 1, 10))
    with pytest.raises(ValidationError) as error:
        services.member_event_correct(event=member.events.get(), date=D(2018, 8, 1), reason="Sai ngày")
    assert "18 tuổi" in error.value.message_dict["date"][0]


def test_a_correction_is_allowed_on_a_removed_member(member):
    removal = services.member_remove(member=member, date=D(2024, 1, 5))
    services.member_event_correct(event=removal, date=D(2024, 2, 5), reason="Sai ngày quyết định")
    member.refresh_from_db()
    assert member.status == Member.Status.REMOVED


def test_moving_an_admission_date_to_before_1930_is_refused_as_such(member):
    admission = member.events.get(kind=MemberEvent.Kind.ADMISSION)
    with pytest.raises(ValidationError) as error:
        services.member_event_correct(event=admission, date=D(1900, 1, 1), reason="Gõ nhầm năm")
    assert "1930" in error.value.message_dict["date"][0]
    assert list(member.events.values_list("kind", flat=True)) == [MemberEvent.Kind.ADMISSION]
