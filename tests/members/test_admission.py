import datetime

import pytest
from django.core.exceptions import ValidationError

from members.models import Member, MemberEvent
from tests import factories


def test_admission_creates_a_probationary_member_with_its_admission_event(admit, cell):
    member = admit()
    assert member.status == Member.Status.PROBATIONARY
    assert member.cell == cell
    assert member.admitted_on == datetime.date(2023, 3, 15)
    assert member.search_name == "luong thi hoa"
    assert member.birth_year == 1995
    event = member.events.get()
    assert (event.kind, event.date, event.to_cell) == (MemberEvent.Kind.ADMISSION, member.admitted_on, cell)


def test_a_duplicate_card_number_is_refused_on_the_field_and_nothing_is_saved(admit):
    admit(card_number="40999999")
    with pytest.raises(ValidationError) as error:
        admit(full_name="Vi Văn Bình", card_number="40999999")
    assert "card_number" in error.value.message_dict
    assert Member.objects.count() == 1
    assert MemberEvent.objects.count() == 1


def test_a_person_under_18_on_the_admission_day_is_refused(admit):
    with pytest.raises(ValidationError) as error:
        admit(birth_date=datetime.date(2005, 3, 16), admitted_on=datetime.date(2023, 3, 15))
    assert "18 tuổi" in error.value.message_dict["birth_date"][0]
    assert not Member.objects.exists()


def test_turning_18_on_the_admission_day_is_enough(admit):
    member = admit(birth_date=datetime.date(2005, 3, 15), admitted_on=datetime.date(2023, 3, 15))
    assert member.pk


def test_with_only_a_birth_year_a_person_surely_under_18_is_refused(admit):
    with pytest.raises(ValidationError):
        admit(birth_date=None, birth_year=2006, admitted_on=datetime.date(2023, 3, 15))
    assert admit(birth_date=None, birth_year=2005, admitted_on=datetime.date(2023, 3, 15)).pk


def test_a_birth_date_or_year_is_required(admit):
    with pytest.raises(ValidationError) as error:
        admit(birth_date=None, birth_year=None)
    assert "birth_date" in error.value.message_dict


def test_admission_into_a_dissolved_cell_is_refused(admit, cell):
    cell.dissolved = datetime.date(2022, 12, 31)
    cell.save()
    with pytest.raises(ValidationError) as error:
        admit()
    assert "cell" in error.value.message_dict
    assert not Member.objects.exists()


def test_admission_into_a_committee_rather_than_a_cell_is_refused(admit, cell):
    with pytest.raises(ValidationError) as error:
        admit(cell=cell.parent)
    assert "cell" in error.value.message_dict


def test_admission_dated_in_the_future_is_refused(admit):
    with pytest.raises(ValidationError) as error:
        admit(admitted_on=datetime.date.today() + datetime.timedelta(days=3))
    assert "admitted_on" in error.value.message_dict


def test_updating_personal_details_keeps_the_old_values_in_the_history(admit):
    from members.services import member_update

    member = admit()
    member_update(member=member, full_name="Lương Thị Hoà", religion="Không")
    member.refresh_from_db()
    assert member.search_name == "luong thi hoa"
    assert member.history.count() == 3  # created, admission state stored, update
    assert member.history.earliest().full_name == "Lương Thị Hoa"


def test_updating_refuses_a_card_number_already_used(admit):
    from members.services import member_update

    admit(card_number="111")
    other = admit(full_name="Vi Văn Bình", card_number="222")
    with pytest.raises(ValidationError) as error:
        member_update(member=other, card_number="111")
    assert "card_number" in error.value.message_dict
    other.refresh_from_db()
    assert other.card_number == "222"


def test_updating_cannot_touch_fields_kept_by_events(admit):
    from members.services import member_update

    with pytest.raises(ValueError):
        member_update(member=admit(), status=Member.Status.OFFICIAL)


def test_factories_members_without_events_get_their_opening_events_when_first_touched(db, ethnicities):
    from members.services import member_discipline

    member = factories.MemberFactory(ethnicity=ethnicities["Kinh"])
    member_discipline(member=member, date=datetime.date(2020, 5, 1), level="reprimand", deciding_body="Chi bộ")
    kinds = list(member.events.order_by("date").values_list("kind", flat=True))
    assert kinds == ["admission", "official", "discipline"]


def test_impossible_years_are_refused_on_their_field(admit):
    with pytest.raises(ValidationError) as error:
        admit(admitted_on=datetime.date(1929, 5, 1), birth_date=datetime.date(1900, 1, 1))
    assert "admitted_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        admit(birth_date=None, birth_year=1200)
    assert "birth_year" in error.value.message_dict


def test_a_card_number_clash_found_only_by_the_database_is_reported_on_the_field(admit, monkeypatch):
    from members.models import Member as MemberModel

    admit(card_number="555")
    # Simulate the race: the uniqueness check passes, then the database refuses the row.
    monkeypatch.setattr(MemberModel, "validate_unique", lambda self, exclude=None: None)
    with pytest.raises(ValidationError) as error:
        admit(full_name="Vi Văn Bình", card_number="555")
    assert "card_number" in error.value.message_dict
    assert Member.objects.count() == 1
