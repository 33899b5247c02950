"""Any values in the query strings of the list and dashboard pages give a page or a refusal, never a server error.

Hypothesis draws the known parameters of each page (forms and filters) with arbitrary text, numbers past any
column, repeated values and unknown names.
"""

import os
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# No example database (it would write .hypothesis/ into the work tree); a failure prints its reproduction blob.
# Under CI the examples are the same on every run (a red CI is then reproducible); locally they vary.
EXAMPLES = settings(max_examples=40, deadline=None, database=None, print_blob=True,
                    derandomize=os.environ.get("CI", "").lower() == "true",
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


def _value(nul: bool):
    extra = ["\x00"] if nul else []
    return st.one_of(
        st.text(st.characters(exclude_categories=["Cs"], exclude_characters="" if nul else "\x00"), max_size=60),
        # Within 64 bits here; numbers past any column are tried one by one below.
        st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
        st.sampled_from(["", "0", "-1", "2025", "1e9", "NaN", "csv", "xlsx", "json", "pdf", "ratings", "org",
                         "member", "gpo", "current", "<script>", "' OR 1=1 --", *extra]),
    )


def _query(path: str):
    value = _value(nul=True)
    pairs = st.lists(st.tuples(st.sampled_from(PAGES[path] + ["unknown"]), value), max_size=8)
    return pairs.map(urlencode)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin_user", "staff_nghe_an", "analyst"])
@pytest.mark.parametrize("path", sorted(PAGES))
def test_any_query_string_gives_a_page_or_a_refusal(client, request, path, persona):
    client.force_login(request.getfixturevalue(persona))

    @EXAMPLES
    @given(query=_query(path))
    def check(query: str) -> None:
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 302, 400, 403, 404), (query, response.status_code)

    check()



PAST_64_BITS = "9223372036854775808"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    f"/members/?ethnicity={PAST_64_BITS}",
    f"/members/?organization={PAST_64_BITS}",
    f"/members/?cell={PAST_64_BITS}",
    f"/members/?page={PAST_64_BITS}",
    f"/ratings/?year={PAST_64_BITS}&page={PAST_64_BITS}",
    "/ratings/?q=%00",
    f"/reports/comparison/?provinces={PAST_64_BITS}",
    f"/reports/trends/?provinces={PAST_64_BITS}",
])
def test_numbers_past_any_column_and_nul_characters_in_a_filter_are_refused_not_crashing(client, admin_user, url):
    client.force_login(admin_user)
    assert client.get(url).status_code in (200, 400, 404)
