import datetime

import pytest

from django.urls import reverse

from members.models import MemberEvent
from tests.members.factories import AdmissionTargetFactory, AwarenessClassFactory, KeyCadreFactory, VillageHeadFactory


def test_every_members_admin_list_opens_and_searches_without_accents(client, admin_user, admit):
    member = admit(full_name="Lương Thị Hoà")
    AwarenessClassFactory(cell=member.cell)
    AdmissionTargetFactory(organization=member.cell.parent)
    VillageHeadFactory(full_name="Lò Văn Hải")
    KeyCadreFactory(organization=member.cell.parent, full_name="Vi Thị Dung")
    client.force_login(admin_user)
    for model in ("ethnicity", "member", "memberevent", "awarenessclass", "admissiontarget", "cellrole",
                  "villagehead", "keycadre"):
        assert client.get(reverse(f"admin:members_{model}_changelist")).status_code == 200, model
    found = client.get(reverse("admin:members_member_changelist"), {"q": "luong thi hoa"})
    assert list(found.context["cl"].result_list) == [member]
    found = client.get(reverse("admin:members_ethnicity_changelist"), {"q": "thai"})
    assert [e.name for e in found.context["cl"].result_list] == ["Thái"]
    found = client.get(reverse("admin:members_keycadre_changelist"), {"q": "vi thi dung"})
    assert len(found.context["cl"].result_list) == 1
    assert client.get(reverse("admin:members_member_change", args=[member.pk])).status_code == 200


def test_events_cannot_be_changed_or_deleted_in_the_admin(client, admin_user, admit):
    event = admit().events.get()
    client.force_login(admin_user)
    response = client.post(reverse("admin:members_memberevent_change", args=[event.pk]), {"date": "2020-01-01"})
    assert response.status_code in (200, 403)
    assert client.post(reverse("admin:members_memberevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.date == datetime.date(2023, 3, 15)
    assert MemberEvent.objects.count() == 1


def test_editing_a_member_in_the_admin_goes_through_the_service(client, admin_user, admit):
    member = admit()
    client.force_login(admin_user)
    data = {
        "full_name": "Lương Thị Hoà", "gender": "F", "birth_date": "1995-04-12", "birth_year": "1995",
        "ethnicity": member.ethnicity_id, "religion": "", "general_education": "12/12", "qualification": "college",
        "theory_level": "elementary", "card_number": member.card_number,
        "events-TOTAL_FORMS": "1", "events-INITIAL_FORMS": "1", "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "0",
        "events-0-id": member.events.get().pk, "events-0-member": member.pk,
    }
    response = client.post(reverse("admin:members_member_change", args=[member.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    assert (member.qualification, member.version) == ("college", 3)


def _admin_data(member, **overrides) -> dict:
    data = {
        "full_name": member.full_name, "gender": member.gender, "birth_date": member.birth_date.isoformat(),
        "birth_year": member.birth_year, "ethnicity": member.ethnicity_id, "religion": "", "general_education": "",
        "qualification": member.qualification, "theory_level": member.theory_level, "card_number": member.card_number,
        "events-TOTAL_FORMS": "1", "events-INITIAL_FORMS": "1", "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "0", "events-0-id": member.events.get().pk, "events-0-member": member.pk,
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"birth_date": "2010-01-01", "birth_year": "2010"}, "birth_date"),  # under 18 when admitted in 2023
        ({"birth_year": "1950"}, "birth_year"),  # does not match the birth date
        ({"birth_date": "", "birth_year": "1800"}, "birth_year"),
        ({"birth_date": "", "birth_year": "2999"}, "birth_year"),
    ],
)
def test_an_admin_edit_breaking_the_birth_rules_is_shown_on_the_field_and_saves_nothing(
    client, admin_user, admit, overrides, field
):
    member = admit()
    client.force_login(admin_user)
    response = client.post(reverse("admin:members_member_change", args=[member.pk]), _admin_data(member, **overrides))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    member.refresh_from_db()
    assert (member.birth_date, member.birth_year, member.version) == (datetime.date(1995, 4, 12), 1995, 2)
