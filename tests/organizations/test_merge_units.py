import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organizations import services
from organizations.models import AdministrativeUnit, UnitLineage
from tests.factories import CommuneFactory, GrassrootsFactory, ProvinceFactory, VillageFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 7, 1)


@pytest.fixture
def three_communes():
    province = ProvinceFactory(valid_from=None)
    old = [CommuneFactory(parent=province, valid_from=None, name=n) for n in ("Xã Nà Nhạn", "Xã Pá Khoang")]
    new = CommuneFactory(parent=province, valid_from=DAY, name="Xã Mường Phăng")
    return old, new


def test_merging_closes_the_old_units_records_lineage_and_relinks_organizations(three_communes):
    old, new = three_communes
    gpo = GrassrootsFactory(admin_unit=old[0], parent__province=old[0].parent)
    village = VillageFactory(parent=old[1], valid_from=None)

    services.units_merge(predecessors=old, successor=new, effective_date=DAY, legal_basis="NQ 1661/NQ-UBTVQH15")

    for unit in old:
        unit.refresh_from_db()
        assert unit.valid_to == datetime.date(2025, 6, 30)
    assert set(UnitLineage.objects.filter(successor=new).values_list("predecessor__name", flat=True)) == {
        "Xã Nà Nhạn", "Xã Pá Khoang"}
    gpo.refresh_from_db()
    village.refresh_from_db()
    assert gpo.admin_unit == new
    assert village.parent == new
    assert AdministrativeUnit.objects.filter(pk__in=[u.pk for u in old]).count() == 2  # nothing deleted


def test_merging_into_a_unit_of_another_level_is_refused_and_nothing_changes(three_communes):
    old, _new = three_communes
    province = old[0].parent
    with pytest.raises(ValidationError) as caught:
        services.units_merge(predecessors=old, successor=ProvinceFactory(), effective_date=DAY, legal_basis="x")
    assert "successor" in caught.value.message_dict
    assert not UnitLineage.objects.exists()
    assert all(AdministrativeUnit.objects.get(pk=u.pk).valid_to is None for u in old)
    assert province.pk


def test_the_admin_action_records_a_merger(client, admin_user, three_communes):
    old, new = three_communes
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:organizations_administrativeunit_changelist"),
        {"action": "merge_units", "_selected_action": [u.pk for u in old], "apply": "1",
         "successor_code": new.code, "effective_date": "2025-07-01", "legal_basis": "Nghị quyết 202/2025/QH15"},
        follow=True,
    )
    assert response.status_code == 200
    assert UnitLineage.objects.filter(successor=new).count() == 2
    assert "Xã Mường Phăng" in response.content.decode()


def test_the_admin_action_names_the_problem_when_the_successor_code_is_unknown(client, admin_user, three_communes):
    old, _new = three_communes
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:organizations_administrativeunit_changelist"),
        {"action": "merge_units", "_selected_action": [u.pk for u in old], "apply": "1",
         "successor_code": "00000", "effective_date": "2025-07-01", "legal_basis": "x"},
    )
    assert response.status_code == 200
    assert "00000" in response.content.decode()
    assert not UnitLineage.objects.exists()
