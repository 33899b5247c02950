import pytest
from django.urls import reverse

from tests.factories import CommuneFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    dien_bien = ProvinceFactory(name="Tỉnh Điện Biên")
    CommuneFactory(parent=dien_bien, name="Xã Mường Phăng")
    CommuneFactory(parent=dien_bien, name="Xã Mường Nhé")
    ProvinceFactory(name="Tỉnh Hà Giang")


@pytest.mark.parametrize("term, found, not_found", [
    ("muong phang", "Xã Mường Phăng", "Xã Mường Nhé"),
    ("MƯỜNG PHĂNG", "Xã Mường Phăng", "Xã Mường Nhé"),
    ("ha giang", "Tỉnh Hà Giang", "Xã Mường Phăng"),
    ("dien bien", "Tỉnh Điện Biên", "Tỉnh Hà Giang"),
])
def test_hierarchy_search_ignores_case_and_diacritics(client, analyst, units, term, found, not_found):
    client.force_login(analyst)
    page = client.get(reverse("organizations:hierarchy"), {"q": term}).content.decode()
    results = page.split('id="search-results"')[1].split("</ul>")[0]
    assert found in results
    assert not_found not in results


@pytest.mark.parametrize("term, found", [("muong phang", "Xã Mường Phăng"), ("ha giang", "Tỉnh Hà Giang")])
def test_admin_search_ignores_case_and_diacritics(client, admin_user, units, term, found):
    client.force_login(admin_user)
    response = client.get(reverse("admin:organizations_administrativeunit_changelist"), {"q": term})
    assert response.status_code == 200
    assert [str(u) for u in response.context["cl"].result_list] == [found]
