"""Any values posted to a grid give the page with messages or a saved grid, never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from django.urls import reverse

from ratings import services
from ratings.services import GridEntry
from tests.ratings.factories import commune, level

pytestmark = pytest.mark.django_db
YEAR = 2024
TEXT = st.one_of(st.text(max_size=12), st.integers(min_value=-10**30, max_value=10**30).map(str),
                 st.sampled_from(["", "nr:", "nr:exempted", "nr:new_organization", "0", "-1", "1e5", "NaN"]))


@pytest.fixture
def grid(nghe_an, staff_nghe_an):
    gpo, _c, cells, _m = commune(nghe_an, cells=2, constituent_cells=0)
    services.grid_save(user=staff_nghe_an, organization=gpo, year=YEAR,
                       entries=[GridEntry(subject_id=cells[0].pk, level_id=level("organization", YEAR, 2).pk)])
    return gpo, cells


# No example database in the work tree (as the bad-input suite); a failure prints its reproduction blob.
@settings(max_examples=60, deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.dictionaries(st.sampled_from(["level", "version", "other"]), TEXT),
       row=st.integers(min_value=0, max_value=1), reason=TEXT)
def test_any_grid_post_is_answered_without_a_server_error(client, staff_nghe_an, grid, values, row, reason):
    gpo, cells = grid
    client.force_login(staff_nghe_an)
    subject = cells[row].pk
    data = {"override_reason": reason}
    for kind, value in values.items():
        data[f"{kind}_{subject if kind != 'other' else 999999999}"] = value
    response = client.post(reverse("ratings:grid", args=[gpo.pk, YEAR]), data)
    assert response.status_code in (200, 302)
