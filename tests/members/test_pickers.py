"""The members forms pick cells and members by typing: codes, names without diacritics, or suggestions, never
anything outside the user's scope."""

import datetime

import pytest
from django.urls import reverse

from members.models import CellRole, Member, MemberEvent
from tests import factories

pytestmark = pytest.mark.django_db


def _admission(cell_value: str, ethnicities, **extra) -> dict:
    return {
        "cell": cell_value, "full_name": "Lò Văn Piên", "gender": "M", "birth_date": "1995-03-02",
        "ethnicity": ethnicities["Thái"].pk, "qualification": "none", "theory_level": "none",
        "admitted_on": (datetime.date.today() - datetime.timedelta(days=10)).isoformat(), **extra,
    }


@pytest.mark.parametrize("typed", ["code", "muong hinh", "Mường Hinh"])
def test_staff_admit_into_a_cell_named_by_its_code_or_by_its_name(client, staff_nghe_an, cell, other_cell, ethnicities,
                                                                 typed):
    client.force_login(staff_nghe_an)
    value = cell.code if typed == "code" else typed
    response = client.post(reverse("members:add"), _admission(value, ethnicities))
    assert response.status_code == 302, response.context["form"].errors
    assert Member.objects.get(full_name="Lò Văn Piên").cell == cell


def test_a_cell_of_another_province_is_refused_even_by_its_exact_code(client, staff_nghe_an, cao_bang, ethnicities):
    elsewhere = factories.CellFactory(parent=factories.GrassrootsFactory(parent=cao_bang))
    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:add"), _admission(elsewhere.code, ethnicities))
    assert response.status_code == 200
    assert "Không tìm thấy" in response.context["form"].errors["cell"][0]
    assert not Member.objects.exists()


def test_the_admission_page_names_the_cell_it_was_opened_from(client, staff_nghe_an, cell):
    client.force_login(staff_nghe_an)
    html = client.get(reverse("members:add"), {"cell": cell.pk}).content.decode()
    assert f'value="{cell.code}"' in html
    assert 'data-autocomplete-label="Chi bộ bản Mường Hinh — Đảng bộ xã Tiền Phong"' in html
    assert f"within={cell.parent_id}" in html and "kind=cell" in html and "scope=write" in html


def test_a_transfer_names_its_destination_by_code(client, staff_nghe_an, admit, other_cell):
    member = admit()
    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:transfer", args=[member.pk]), {
        "scope": MemberEvent.TransferScope.CELL, "to_cell": other_cell.code, "date": datetime.date.today().isoformat(),
    })
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.cell == other_cell


def test_a_secretary_is_picked_by_card_number_or_name_among_the_cells_members(client, staff_nghe_an, admit, cell):
    member = admit(full_name="Lương Thị Hoa", card_number="40123456")
    admit(full_name="Vi Văn Bình", card_number="40123457")
    client.force_login(staff_nghe_an)
    for typed in ("40123456", "luong thi"):
        CellRole.objects.all().delete()
        response = client.post(reverse("members:cell_role", args=[cell.pk]), {
            "member": typed, "role": CellRole.Role.SECRETARY, "term_start": datetime.date.today().isoformat(),
        })
        assert response.status_code == 302
        assert CellRole.objects.get().member == member


def test_member_suggestions_list_the_cells_active_members_only(client, staff_nghe_an, admit, cell, other_cell):
    admit(full_name="Lương Thị Hoa", card_number="40123456")
    admit(full_name="Lương Văn Hùng", card_number="40123458", cell=other_cell)
    client.force_login(staff_nghe_an)
    data = client.get(reverse("members:cell_autocomplete", args=[cell.pk]), {"q": "luong"}).json()
    assert data["results"] == [{"value": "40123456", "label": "Lương Thị Hoa (40123456)", "detail": "Dự bị"}]


def test_member_suggestions_of_another_provinces_cell_answer_404_and_analysts_get_403(
    client, staff_cao_bang, analyst, cell
):
    url = reverse("members:cell_autocomplete", args=[cell.pk])
    client.force_login(staff_cao_bang)
    assert client.get(url, {"q": "a"}).status_code == 404
    client.force_login(analyst)
    assert client.get(url, {"q": "a"}).status_code == 403
