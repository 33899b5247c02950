import datetime

import pytest
from django.core.exceptions import ValidationError

from organizations.models import AdministrativeUnit
from tests.factories import CellFactory, CommuneFactory, GrassrootsFactory, ProvinceFactory, VillageFactory

pytestmark = pytest.mark.django_db


def _errors(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_a_duplicate_code_in_the_same_period_is_refused_on_the_code_field():
    ProvinceFactory(code="99", name="Tỉnh A")
    duplicate = AdministrativeUnit(code="99", name="Tỉnh B", kind=AdministrativeUnit.Kind.TINH,
                                   valid_from=datetime.date(2025, 7, 1))
    assert "99" in _errors(duplicate)["code"][0]


def test_a_code_reused_after_the_old_unit_closed_is_accepted():
    ProvinceFactory(code="15", name="Tỉnh Yên Bái", valid_from=None, valid_to=datetime.date(2025, 6, 30))
    reused = AdministrativeUnit(code="15", name="Tỉnh Lào Cai", kind=AdministrativeUnit.Kind.TINH,
                                valid_from=datetime.date(2025, 7, 1))
    reused.full_clean()


def test_a_unit_that_ends_before_it_starts_is_refused():
    unit = AdministrativeUnit(code="98", name="Tỉnh C", kind=AdministrativeUnit.Kind.TINH,
                              valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2019, 1, 1))
    assert "valid_to" in _errors(unit)


def test_a_parent_cycle_is_refused():
    commune = CommuneFactory()
    village = VillageFactory(parent=commune)
    commune.parent = village  # a commune under its own village
    errors = _errors(commune)
    assert "parent" in errors


def test_a_village_cannot_sit_directly_under_a_province():
    village = VillageFactory.build(parent=ProvinceFactory())
    assert "parent" in _errors(village)


def test_a_cell_outside_its_committees_province_is_refused():
    gpo = GrassrootsFactory()
    elsewhere = ProvinceFactory(name="Tỉnh Khác")
    cell = CellFactory.build(parent=gpo, province=elsewhere, code="CB-X")
    assert "province" in _errors(cell)


def test_a_cell_cannot_sit_directly_under_a_provincial_committee():
    gpo = GrassrootsFactory()
    cell = CellFactory.build(parent=gpo.parent, province=gpo.province, code="CB-Y")
    assert "parent" in _errors(cell)


def test_an_organization_dissolved_before_it_was_founded_is_refused():
    cell = CellFactory.build(founded=datetime.date(2020, 1, 1), dissolved=datetime.date(2019, 1, 1),
                             parent=GrassrootsFactory())
    cell.province = cell.parent.province
    assert "dissolved" in _errors(cell)
