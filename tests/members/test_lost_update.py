"""Two staff editing the same record: the later save is refused with a clear message, nothing overwritten."""

import pytest
from django.urls import reverse

from tests.factories import CellFactory, MemberFactory, UserFactory, UserScopeFactory

pytestmark = pytest.mark.django_db


def _form_data(member, **changes) -> dict:
    data = {
        "full_name": member.full_name, "gender": member.gender, "birth_date": member.birth_date.isoformat(),
        "birth_year": member.birth_date.year, "ethnicity": member.ethnicity_id, "religion": "",
        "general_education": "12/12", "qualification": member.qualification, "theory_level": member.theory_level,
        "card_number": member.card_number, "version": member.version,
    }
    return data | changes


def test_the_later_of_two_edits_of_a_record_is_refused_and_the_first_is_kept(client, staff_nghe_an, nghe_an):
    member = MemberFactory(cell=CellFactory(parent__parent=nghe_an), full_name="Lò Văn Xuân")
    colleague = UserFactory(username="staff-2")
    UserScopeFactory(user=colleague, organization=nghe_an)
    url = reverse("members:edit", args=[member.pk])
    first_form = _form_data(member, religion="Không")
    second_form = _form_data(member, religion="Phật giáo")  # both opened the page at version 1

    client.force_login(colleague)
    assert client.post(url, first_form).status_code == 302
    client.force_login(staff_nghe_an)
    response = client.post(url, second_form)

    assert response.status_code == 200
    assert "vừa được người khác sửa" in response.content.decode()
    member.refresh_from_db()
    assert (member.religion, member.version) == ("Không", 2)


def test_an_edit_from_the_current_version_is_saved(client, staff_nghe_an, nghe_an):
    member = MemberFactory(cell=CellFactory(parent__parent=nghe_an))
    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:edit", args=[member.pk]), _form_data(member, religion="Công giáo"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.religion == "Công giáo"
