import pytest
from django.urls import reverse

from tests.factories import CellFactory, ConstituentFactory, GrassrootsFactory, VillageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune_with_cells(nghe_an):
    gpo = GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Tiền Phong")
    village = VillageFactory(parent=gpo.admin_unit, name="Bản Piềng Cu")
    VillageFactory(parent=gpo.admin_unit, name="Bản Na Sài")  # no cell
    cell = CellFactory(parent=gpo, name="Chi bộ bản Piềng Cu")
    cell.villages.add(village)
    constituent = ConstituentFactory(parent=gpo)
    CellFactory(parent=constituent)
    return gpo


def test_the_hierarchy_requires_login(client):
    response = client.get(reverse("organizations:hierarchy"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_province_lists_its_counts_and_links_to_its_communes(client, staff_nghe_an, commune_with_cells):
    client.force_login(staff_nghe_an)
    provinces = client.get(reverse("organizations:hierarchy")).context["provinces"]
    nghe_an = next(p for p in provinces if p.name == "Tỉnh Nghệ An")
    assert (nghe_an.grassroots_count, nghe_an.cell_count) == (1, 2)
    page = client.get(reverse("organizations:unit", args=[nghe_an.pk])).content.decode()
    assert commune_with_cells.admin_unit.name in page


def test_a_commune_shows_its_committee_and_villages_without_a_cell(client, staff_nghe_an, commune_with_cells):
    client.force_login(staff_nghe_an)
    page = client.get(reverse("organizations:unit", args=[commune_with_cells.admin_unit.pk])).content.decode()
    assert "Đảng bộ xã Tiền Phong" in page
    assert "Bản Na Sài" in page.split("chưa có chi bộ")[1]


def test_a_committee_lists_its_cells_and_constituent_committees(client, staff_nghe_an, commune_with_cells):
    client.force_login(staff_nghe_an)
    response = client.get(reverse("organizations:organization", args=[commune_with_cells.pk]))
    names = [child.name for child in response.context["children"]]
    assert "Chi bộ bản Piềng Cu" in names
    assert any(child.kind == "constituent" and child.child_count == 1 for child in response.context["children"])
    assert "Bản Piềng Cu" in response.content.decode()


def test_staff_of_another_province_get_404_for_a_committee_out_of_scope(client, staff_cao_bang, commune_with_cells):
    client.force_login(staff_cao_bang)
    response = client.get(reverse("organizations:organization", args=[commune_with_cells.pk]))
    assert response.status_code == 404


def test_a_committee_page_links_to_its_ratings_and_member_development(client, staff_nghe_an, commune_with_cells):
    client.force_login(staff_nghe_an)
    page = client.get(reverse("organizations:organization", args=[commune_with_cells.pk])).content.decode()
    assert reverse("members:development", args=[commune_with_cells.pk]) in page
    assert f"/ratings/grid/{commune_with_cells.pk}/" in page


def test_analysts_see_no_link_to_members_personal_pages(client, analyst, commune_with_cells):
    client.force_login(analyst)
    cell = commune_with_cells.children.filter(kind="cell").first()
    page = client.get(reverse("organizations:organization", args=[cell.pk])).content.decode()
    assert reverse("members:cell", args=[cell.pk]) not in page
    assert reverse("ratings:organization_history", args=[cell.pk]) in page
