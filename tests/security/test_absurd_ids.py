"""Absurd numbers in URLs (beyond any integer column, zero) answer 404 or a refusal, never a server error.

Every URL pattern of the project with an <int:…> part is tried, as an admin (who may see everything).
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ABSURD = ["0", "9223372036854775808", "99999999999999999999999999999999"]


def _int_patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _int_patterns(entry, route)
        elif isinstance(entry, URLPattern) and "<int:" in route and not route.startswith("^"):
            found.append(route)
    return found


INT_ROUTES = sorted(set(_int_patterns(get_resolver())))


def _fill(route: str, number: str) -> str:
    route = re.sub(r"<int:\w+>", number, route)
    return "/" + re.sub(r"<(?:str:)?\w+>", "x", route)


def test_the_project_has_urls_with_numbers_to_try():
    assert any(route.startswith("organizations/") for route in INT_ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("route", INT_ROUTES)
def test_absurd_numbers_in_a_url_are_refused_not_crashing(client, admin_user, route):
    client.force_login(admin_user)
    for number in ABSURD:
        response = client.get(_fill(route, number))
        assert response.status_code in (302, 400, 403, 404, 405), (_fill(route, number), response.status_code)
