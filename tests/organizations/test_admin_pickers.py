"""The admin picks organizations, units and members by typing (autocomplete), with the folded-name search."""

import pytest
from django.urls import reverse

from tests.factories import CellFactory, CommuneFactory, GrassrootsFactory, MemberFactory

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = reverse("admin:autocomplete")


def _texts(response) -> list[str]:
    assert response.status_code == 200
    return [item["text"] for item in response.json()["results"]]


def test_an_organizations_parent_is_picked_by_typing_its_name_without_diacritics(client, admin_user, nghe_an):
    gpo = GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Tiền Phong")
    cell = CellFactory(parent=gpo)
    client.force_login(admin_user)
    form = client.get(reverse("admin:organizations_partyorganization_change", args=[cell.pk])).content.decode()
    assert 'class="admin-autocomplete' in form and 'data-field-name="parent"' in form
    query = {"app_label": "organizations", "model_name": "partyorganization", "field_name": "parent"}
    assert _texts(client.get(AUTOCOMPLETE, {**query, "term": "tien phong"})) == ["Đảng bộ xã Tiền Phong"]


def test_a_province_picker_offers_provinces_only(client, admin_user, nghe_an):
    CommuneFactory(parent=nghe_an.province, name="Xã Nghệ An Mới")
    client.force_login(admin_user)
    query = {"app_label": "organizations", "model_name": "partyorganization", "field_name": "province"}
    assert _texts(client.get(AUTOCOMPLETE, {**query, "term": "nghe an"})) == ["Tỉnh Nghệ An"]


def test_a_ratings_member_is_picked_by_name(client, admin_user, nghe_an):
    cell = CellFactory(parent=GrassrootsFactory(parent=nghe_an))
    MemberFactory(cell=cell, full_name="Lương Thị Hoa")
    MemberFactory(cell=cell, full_name="Vi Văn Bình")
    client.force_login(admin_user)
    query = {"app_label": "ratings", "model_name": "rating", "field_name": "member"}
    assert _texts(client.get(AUTOCOMPLETE, {**query, "term": "luong thi"})) == ["Lương Thị Hoa"]
