"""The organization picker: suggestions scoped like the pages, and a field that accepts only rows in scope."""

import pytest
from django.urls import reverse

from organizations.models import PartyOrganization
from organizations.pickers import PickerField, organization_label
from tests.factories import CellFactory, GrassrootsFactory

pytestmark = pytest.mark.django_db

URL = reverse("organizations:autocomplete")


@pytest.fixture
def cells(nghe_an, cao_bang):
    tien_phong = GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Tiền Phong")
    que_phong = GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Quế Phong")
    tra_linh = GrassrootsFactory(parent=cao_bang, name="Đảng bộ xã Trà Lĩnh")
    return {
        "muong_hinh": CellFactory(parent=tien_phong, name="Chi bộ bản Mường Hinh", code="CB-TP-01"),
        "muong_phang": CellFactory(parent=que_phong, name="Chi bộ bản Mường Phăng", code="CB-QP-01"),
        "closed": CellFactory(parent=que_phong, name="Chi bộ bản Mường Cũ", dissolved="2020-01-01"),
        "cao_bang": CellFactory(parent=tra_linh, name="Chi bộ bản Mường Lạn", code="CB-TL-01"),
        "tien_phong": tien_phong,
    }


def _labels(response) -> list[str]:
    assert response.status_code == 200
    return [item["label"] for item in response.json()["results"]]


def test_suggestions_match_names_without_diacritics_and_stay_in_the_staff_scope(client, staff_nghe_an, cells):
    client.force_login(staff_nghe_an)
    labels = _labels(client.get(URL, {"q": "muong", "kind": "cell", "scope": "write"}))
    assert labels == ["Chi bộ bản Mường Hinh — Đảng bộ xã Tiền Phong", "Chi bộ bản Mường Phăng — Đảng bộ xã Quế Phong"]


def test_a_suggestion_carries_the_code_that_the_form_accepts(client, staff_nghe_an, cells):
    client.force_login(staff_nghe_an)
    [item] = client.get(URL, {"q": "mường hinh", "kind": "cell"}).json()["results"]
    assert item["value"] == "CB-TP-01" and "CB-TP-01" in item["detail"]


def test_a_code_typed_in_full_comes_first(client, admin_user, cells):
    CellFactory(parent=cells["tien_phong"], name="Chi bộ cb-qp-01 cũ")  # a name containing the code
    client.force_login(admin_user)
    labels = _labels(client.get(URL, {"q": "CB-QP-01"}))
    assert labels[0] == "Chi bộ bản Mường Phăng — Đảng bộ xã Quế Phong"


def test_within_narrows_to_one_committee_and_answers_404_outside_the_scope(client, staff_nghe_an, staff_cao_bang, cells):
    client.force_login(staff_nghe_an)
    assert _labels(client.get(URL, {"q": "muong", "within": cells["tien_phong"].pk})) == [
        "Chi bộ bản Mường Hinh — Đảng bộ xã Tiền Phong"
    ]
    client.force_login(staff_cao_bang)
    assert client.get(URL, {"q": "muong", "within": cells["tien_phong"].pk}).status_code == 404


def test_analysts_may_browse_the_structure_but_have_nothing_to_write(client, analyst, cells):
    client.force_login(analyst)
    assert len(_labels(client.get(URL, {"q": "muong", "kind": "cell"}))) == 3
    assert _labels(client.get(URL, {"q": "muong", "kind": "cell", "scope": "write"})) == []


@pytest.mark.parametrize("query", [
    {"kind": "village"}, {"scope": "everything"}, {"within": "abc"}, {"within": str(2**40)}, {"q": "x" * 101},
    {"q": "muong\x00"},
])
def test_bad_parameters_are_refused_with_400(client, admin_user, cells, query):
    client.force_login(admin_user)
    response = client.get(URL, {"q": "muong", **query})
    assert response.status_code == 400 and response.json()["errors"]


@pytest.mark.parametrize("term", ["", "   ", "%", "_"])
def test_empty_or_wildcard_terms_suggest_nothing_or_match_literally(client, admin_user, cells, term):
    client.force_login(admin_user)
    assert _labels(client.get(URL, {"q": term})) == []


def test_a_long_list_says_there_are_more(client, admin_user, cells):
    for number in range(25):
        CellFactory(parent=cells["tien_phong"], name=f"Chi bộ tổ dân phố {number}")
    client.force_login(admin_user)
    data = client.get(URL, {"q": "to dan pho"}).json()
    assert len(data["results"]) == 20 and data["more"] is True


def _field(queryset=None) -> PickerField:
    return PickerField(queryset if queryset is not None else PartyOrganization.objects.cells(), source=URL,
                       describe=organization_label)


@pytest.mark.parametrize("typed", ["CB-TP-01", "Mường Hinh", "muong hinh", " MUONG HINH "])
def test_the_field_takes_a_code_or_a_name_matching_one_cell(cells, typed):
    assert _field().clean(typed) == cells["muong_hinh"]


def test_the_field_takes_an_id_from_older_links(cells):
    assert _field().clean(str(cells["muong_hinh"].pk)) == cells["muong_hinh"]


@pytest.mark.parametrize("typed, message", [
    ("muong", "Có nhiều kết quả khớp"),
    ("CB-TL-01", "Không tìm thấy"),  # Cao Bằng's cell, outside the queryset
    ("khong co", "Không tìm thấy"),
    ("\x00", "Không tìm thấy"),
])
def test_the_field_refuses_what_names_no_single_row_of_its_scope(cells, nghe_an, typed, message):
    in_scope = PartyOrganization.objects.cells().filter(province=nghe_an.province)
    with pytest.raises(Exception) as error:
        _field(in_scope).clean(typed)
    assert message in " ".join(error.value.messages)


def test_the_box_shows_the_code_and_names_the_cell_for_the_script(cells):
    field = _field()
    html = field.widget.render("cell", field.prepare_value(cells["muong_hinh"]))
    assert 'value="CB-TP-01"' in html
    bound_html = str(_form_with(field, initial=cells["muong_hinh"])["cell"])
    assert 'data-autocomplete-label="Chi bộ bản Mường Hinh — Đảng bộ xã Tiền Phong"' in bound_html
    assert f'data-autocomplete-url="{URL}"' in bound_html


def _form_with(field, *, initial):
    from django import forms

    form_class = type("PickerForm", (forms.Form,), {"cell": field})
    return form_class(initial={"cell": initial})
