"""One answer to "which GPO": the Python resolver and its SQL fragment agree on every kind of organization."""

import pytest

from organizations.models import PartyOrganization
from organizations.selectors import reporting_unit, reporting_unit_ids, units_reporting_to
from tests import factories

Kind = PartyOrganization.Kind


@pytest.fixture
def tree(nghe_an):
    gpo = factories.GrassrootsFactory(parent=nghe_an)
    constituent = factories.ConstituentFactory(parent=gpo)
    district = PartyOrganization.objects.create(code="DB-H1", name="Đảng bộ huyện", kind=Kind.DISTRICT,
                                                parent=nghe_an, province=nghe_an.province)
    under_district = factories.GrassrootsFactory(parent=district)
    small = factories.GrassrootsFactory(parent=nghe_an, is_grassroots_cell=True)
    return {
        "provincial committee": (nghe_an, nghe_an),
        "district committee": (district, district),
        "GPO": (gpo, gpo),
        "GPO under a district": (under_district, under_district),
        "grassroots cell": (small, small),
        "constituent committee": (constituent, gpo),
        "cell under the GPO": (factories.CellFactory(parent=gpo), gpo),
        "cell under a constituent committee": (factories.CellFactory(parent=constituent), gpo),
        "cell of a GPO under a district": (factories.CellFactory(parent=under_district), under_district),
    }


def test_the_python_resolver_and_the_sql_fragment_agree_on_every_kind_of_organization(tree):
    by_sql = reporting_unit_ids(org.pk for org, _expected in tree.values())
    for kind, (organization, expected) in tree.items():
        fresh = PartyOrganization.objects.get(pk=organization.pk)
        assert reporting_unit(fresh) == expected, kind
        assert by_sql[organization.pk] == expected.pk, kind


def test_a_constituent_or_cell_cut_off_from_any_gpo_has_no_reporting_unit_in_either(nghe_an):
    orphan = PartyOrganization.objects.create(code="CB-X", name="Chi bộ lạc", kind=Kind.CELL,
                                              province=nghe_an.province)
    assert reporting_unit(orphan) is None
    assert reporting_unit_ids([orphan.pk]) == {orphan.pk: None}


def test_the_inverse_lists_the_gpo_its_constituent_committees_and_all_its_cells(tree):
    gpo = tree["GPO"][0]
    below = {org.pk for org, expected in tree.values() if expected == gpo}
    assert set(units_reporting_to([gpo.pk])) == below
    assert set(units_reporting_to([gpo.pk]).values()) == {gpo.pk}
