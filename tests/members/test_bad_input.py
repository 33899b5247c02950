"""What a user may type into the members pages' small forms: a refusal naming the field, nothing saved."""

import datetime

import pytest
from django.urls import reverse

from members.models import AdmissionTarget, AwarenessClass, CellRole

D = datetime.date


@pytest.fixture
def member(admit):
    return admit(full_name="Lương Thị Hoà", admitted_on=D(2022, 6, 10))


def _message(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_an_absurd_number_of_awareness_class_attendees_is_refused_on_the_field(client, staff_nghe_an, cell):
    client.force_login(staff_nghe_an)
    response = client.post(
        reverse("members:cell_awareness", args=[cell.pk]), {"year": 2024, "attendees": 99_999_999_999}, follow=True
    )
    assert "Số người học" in _message(response)
    assert not AwarenessClass.objects.exists()


def test_an_absurd_admission_target_is_refused_on_the_field(client, staff_nghe_an, cell):
    client.force_login(staff_nghe_an)
    response = client.post(
        reverse("members:development_target", args=[cell.parent_id]),
        {"year": 2024, "minimum": 5, "maximum": 99_999_999_999}, follow=True,
    )
    assert "Chỉ tiêu tối đa" in _message(response)
    assert not AdmissionTarget.objects.exists()


def test_a_rule_broken_in_a_service_is_reported_with_the_field_label(client, staff_nghe_an, member, cell):
    client.force_login(staff_nghe_an)
    url = reverse("members:cell_role", args=[cell.pk])
    client.post(url, {"member": member.pk, "role": "secretary", "term_start": "2024-01-01"})
    response = client.post(url, {"member": member.pk, "role": "deputy", "term_start": "1900-01-01"}, follow=True)
    assert "Từ ngày: " in _message(response)
    assert CellRole.objects.count() == 1


def test_a_pasted_document_as_an_event_note_is_refused_on_the_field(client, staff_nghe_an, member):
    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:event", args=[member.pk]),
                           {"kind": "official", "date": "2023-06-10", "note": "x" * 100_000})
    assert response.status_code == 200 and "note" in response.context["form"].errors
    assert member.events.count() == 1


def test_a_birth_date_in_year_9999_is_refused_on_the_field_in_both_forms(client, staff_nghe_an, member, cell, ethnicities):
    client.force_login(staff_nghe_an)
    person = {"full_name": "Lò Văn Thử", "gender": "M", "birth_date": "9999-12-31", "ethnicity": ethnicities["Thái"].pk,
              "qualification": "none", "theory_level": "none"}
    response = client.post(reverse("members:add"), {**person, "cell": cell.pk, "admitted_on": "2024-01-10"})
    assert response.status_code == 200 and "birth_date" in response.context["form"].errors
    response = client.post(reverse("members:edit", args=[member.pk]), {**person, "version": member.version})
    assert response.status_code == 200 and "birth_date" in response.context["form"].errors
    member.refresh_from_db()
    assert member.full_name == "Lương Thị Hoà" and member.birth_date == D(1995, 4, 12)


def test_awareness_class_attendance_of_a_year_still_to_come_is_refused(client, staff_nghe_an, cell):
    client.force_login(staff_nghe_an)
    next_year = datetime.date.today().year + 1
    response = client.post(reverse("members:cell_awareness", args=[cell.pk]), {"year": next_year, "attendees": 3},
                           follow=True)
    assert "Năm: " in _message(response)
    assert not AwarenessClass.objects.exists()


@pytest.mark.parametrize("card", ["<b>40123</b>", "abc", "40 12 3", "-40123", "40123."])
def test_a_card_number_that_is_not_digits_is_refused_on_the_field(client, staff_nghe_an, cell, ethnicities, card):
    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:add"), {
        "cell": cell.pk, "full_name": "Lò Văn Thử", "gender": "M", "birth_date": "1990-05-01",
        "ethnicity": ethnicities["Thái"].pk, "qualification": "none", "theory_level": "none",
        "card_number": card, "admitted_on": "2024-01-10",
    })
    assert response.status_code == 200 and "card_number" in response.context["form"].errors
    assert not cell.members.exists()


def test_a_card_number_with_dots_or_spaces_around_is_accepted(client, staff_nghe_an, cell, ethnicities):
    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:add"), {
        "cell": cell.pk, "full_name": "Lò Văn Thử", "gender": "M", "birth_date": "1990-05-01",
        "ethnicity": ethnicities["Thái"].pk, "qualification": "none", "theory_level": "none",
        "card_number": " 40.123456 ", "admitted_on": "2024-01-10",
    })
    assert response.status_code == 302
    assert cell.members.get().card_number == "40.123456"


def test_a_name_typed_with_combining_accents_is_stored_composed(client, staff_nghe_an, cell, ethnicities):
    import unicodedata

    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:add"), {
        "cell": cell.pk, "full_name": unicodedata.normalize("NFD", "  Lữ   Văn Chiến "), "gender": "M",
        "birth_date": "1990-05-01", "ethnicity": ethnicities["Thái"].pk, "qualification": "none",
        "theory_level": "none", "admitted_on": "2024-01-10",
    })
    assert response.status_code == 302
    assert cell.members.get().full_name == "Lữ Văn Chiến"  # composed (NFC), single spaces
