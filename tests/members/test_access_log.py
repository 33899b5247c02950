"""Every view and export of members' records outside the members pages is in the access log too: a cell's grid, a
cell's record, the export of members' ratings."""

import pytest
from django.urls import reverse

from members.models import PersonalDataAccess
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_cells_grid_its_record_and_the_export_of_members_ratings_are_logged(client, staff_nghe_an, nghe_an):
    cell = factories.CellFactory(parent=factories.GrassrootsFactory(parent=nghe_an))
    factories.MemberFactory(cell=cell)
    client.force_login(staff_nghe_an)
    pages = [reverse("ratings:cell_grid", args=[cell.pk, 2024]), reverse("ratings:document_cell", args=[cell.pk, 2024])]
    for url in pages:
        assert client.get(url).status_code == 200
    export = client.get(reverse("ratings:export"), {"year": 2024, "subject": "member", "file_format": "csv"})
    assert export.status_code == 200
    log = PersonalDataAccess.objects.filter(user=staff_nghe_an)
    assert set(log.filter(action="view").values_list("what", flat=True)) == set(pages)
    assert log.filter(action="export", what__startswith=reverse("ratings:export")).exists()
    client.get(reverse("ratings:export"), {"year": 2024, "subject": "organization", "file_format": "csv"})
    assert log.filter(action="export").count() == 1  # organizations' ratings are not personal data
