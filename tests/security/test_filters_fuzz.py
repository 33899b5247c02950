"""Any values in the query strings of the list and dashboard pages give a page or a refusal, never a server error.

Hypothesis draws the known parameters of each page (forms and filters) with arbitrary text, numbers past any
column, repeated values and unknown names.
"""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# No example database (it would write .hypothesis/ into the work tree); a failure prints its reproduction blob.
EXAMPLES = settings(max_examples=40, deadline=None, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

PAGES = {
    "/organizations/": ["q"],
    "/members/": ["q", "organization", "status", "ethnicity", "gender", "age_band", "page", "all", "cell"],
    "/ratings/": ["year", "q", "page"],
    "/reports/comparison/": ["subject", "provinces", "years", "year_from", "year_to", "area", "boundaries",
                             "measure", "tier", "source", "format"],
    "/reports/trends/": ["subject", "provinces", "years", "year_from", "year_to", "area", "boundaries", "measure",
                         "tier", "source", "format"],
    "/reports/": ["format", "table"],
}
VALUE = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", "0", "-1", "2025", "1e9", "NaN", "csv", "xlsx", "json", "pdf", "ratings", "org",
                     "member", "gpo", "current", "<script>", "' OR 1=1 --", "\x00", "9" * 40]),
)


def _query(names: list[str]):
    pairs = st.lists(st.tuples(st.sampled_from(names + ["unknown"]), VALUE), max_size=8)
    return pairs.map(urlencode)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin_user", "staff_nghe_an", "analyst"])
@pytest.mark.parametrize("path", sorted(PAGES))
def test_any_query_string_gives_a_page_or_a_refusal(client, request, path, persona):
    client.force_login(request.getfixturevalue(persona))

    @EXAMPLES
    @given(query=_query(PAGES[path]))
    def check(query: str) -> None:
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 302, 400, 403, 404), (query, response.status_code)

    check()
