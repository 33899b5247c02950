"""Each role sees only doors it can open: every link on the pages an analyst reaches answers something other than
403, and the export page does not offer members' ratings (personal data) to an analyst."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import html

from tests.ratings.year_world import rated_year


@pytest.fixture
def world(nghe_an, staff_nghe_an):
    return rated_year(nghe_an, staff_nghe_an)


def _links(content: bytes) -> set[str]:
    page = html.fromstring(content.decode())
    return {href.split("#")[0] for href in page.xpath("//a/@href")
            if href.startswith("/") and not href.startswith(("/static/", "/admin/"))}


def _pages(world) -> list[str]:
    return [reverse("ratings:grid", args=[world.gpo.pk, world.year]),
            reverse("ratings:returns", args=[world.gpo.pk, world.year]),
            reverse("ratings:organization_history", args=[world.cells[0].pk]),
            reverse("organizations:organization", args=[world.cells[0].pk]),
            reverse("ratings:export"), reverse("ratings:index")]


def test_no_link_on_an_analysts_pages_leads_to_a_403(client, analyst, world):
    client.force_login(analyst)
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        for link in _links(response.content):
            assert client.get(link).status_code != 403, f"{url} links to {link}"


def test_staff_still_have_the_members_doors_on_the_grid(client, staff_nghe_an, world):
    client.force_login(staff_nghe_an)
    links = _links(client.get(reverse("ratings:grid", args=[world.gpo.pk, world.year])).content)
    assert reverse("ratings:cell_grid", args=[world.cells[0].pk, world.year]) in links
    assert reverse("ratings:checks", args=[world.gpo.pk, world.year]) in links


def test_the_export_page_offers_members_only_to_who_may_read_them(client, analyst, staff_nghe_an):
    client.force_login(analyst)
    page = html.fromstring(client.get(reverse("ratings:export")).content.decode())
    assert page.xpath("//select[@name='subject']/option/@value") == ["organization"]
    assert client.get(reverse("ratings:export"), {"year": 2024, "subject": "member",
                                                   "file_format": "csv"}).status_code == 403
    client.force_login(staff_nghe_an)
    page = html.fromstring(client.get(reverse("ratings:export")).content.decode())
    assert page.xpath("//select[@name='subject']/option/@value") == ["organization", "member"]
