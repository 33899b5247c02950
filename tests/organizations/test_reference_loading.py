import pytest

from organizations.models import AdministrativeUnit, UnitLineage
from organizations.reference import load_administrative_units

pytestmark = pytest.mark.django_db

Units = AdministrativeUnit.objects


@pytest.fixture
def loaded():
    return load_administrative_units()


def test_it_loads_the_34_provinces_and_3321_communes_in_force_since_july_2025(loaded):
    assert Units.provinces().current().count() == 34
    current_communes = Units.communes().current()
    assert current_communes.count() == 3321
    assert current_communes.filter(kind=AdministrativeUnit.Kind.DAC_KHU).count() == 13
    assert current_communes.filter(kind=AdministrativeUnit.Kind.PHUONG).count() == 687


def test_it_keeps_the_63_provinces_in_force_before_the_reform(loaded):
    import datetime

    before = Units.provinces().in_force_on(datetime.date(2025, 6, 30))
    assert before.count() == 63
    assert before.filter(name="Tỉnh Hà Giang").exists()


def test_ha_giang_is_linked_to_its_successor_tuyen_quang(loaded):
    ha_giang = Units.provinces().get(name="Tỉnh Hà Giang")
    assert ha_giang.valid_to.isoformat() == "2025-06-30"
    link = ha_giang.successor_links.get()
    assert link.successor.name == "Tỉnh Tuyên Quang"
    assert link.successor.valid_from.isoformat() == "2025-07-01"
    assert link.legal_basis == "Nghị quyết 202/2025/QH15"


def test_an_unchanged_province_is_one_unit_spanning_both_periods(loaded):
    nghe_an = Units.provinces().get(name="Tỉnh Nghệ An")
    assert nghe_an.valid_from is None and nghe_an.valid_to is None
    assert nghe_an.children.filter(name="Huyện Quế Phong", level=AdministrativeUnit.Level.DISTRICT).exists()


def test_former_communes_of_muong_phang_lead_to_the_new_commune(loaded):
    new_muong_phang = Units.communes().current().get(name="Xã Mường Phăng")
    predecessors = set(new_muong_phang.predecessor_links.values_list("predecessor__name", flat=True))
    assert {"Xã Nà Nhạn", "Xã Pá Khoang", "Xã Mường Phăng"} <= predecessors


def test_loading_twice_changes_nothing(loaded):
    counts = (Units.count(), UnitLineage.objects.count())
    again = load_administrative_units()
    assert again.created is False
    assert (Units.count(), UnitLineage.objects.count()) == counts
