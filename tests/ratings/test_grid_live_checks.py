"""Warnings where the decision is made: the grid sends its rows to the check endpoint as a level is chosen or a
score typed; the rules of the year answer per row with their source and whether it is confirmed, nothing is
written, and a score without a level gets the level of the year's thresholds. Scores are saved from the grid."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from lxml import html

from ratings.models import Rating
from tests.ratings.factories import commune, level

YEAR = 2025  # 366-QĐ/TW: 100 points, level 1 needs 30% of the tasks above the requirement (art. 11)


@pytest.fixture
def cell_world(nghe_an):
    _gpo, _constituent, cells, members = commune(nghe_an, cells=1, members_per_cell=2, constituent_cells=0)
    return cells[0], members[cells[0].pk]


def _form(members, **rows) -> dict:
    data = {"override_reason": ""}
    for member in members:
        values = rows.get(f"m{member.pk}", {})
        data[f"level_{member.pk}"] = values.get("level", "")
        data[f"version_{member.pk}"] = "0"
        data[f"score_{member.pk}"] = values.get("score", "")
        data[f"exceeded_share_{member.pk}"] = values.get("share", "")
    return data


def test_choosing_level_1_without_the_share_warns_on_the_row_with_its_source(client, staff_nghe_an, cell_world):
    cell, members = cell_world
    client.force_login(staff_nghe_an)
    excellent = level("member", YEAR, 1)
    response = client.post(reverse("ratings:cell_grid_check", args=[cell.pk, YEAR]),
                           _form(members, **{f"m{members[0].pk}": {"level": excellent.pk, "score": "95"}}))
    assert response.status_code == 200
    rows = response.json()["rows"]
    assert list(rows) == [str(members[0].pk)]
    (issue,) = [i for i in rows[str(members[0].pk)] if i["field"] == "exceeded_share"]
    assert issue["severity"] == "warning" and "30%" in issue["message"]
    assert "366-QĐ/TW" in issue["source"] and issue["confirmed"] is True
    assert not Rating.objects.exists()  # a check writes nothing


def test_a_share_below_the_rule_is_an_error_on_the_row(client, staff_nghe_an, cell_world):
    cell, members = cell_world
    client.force_login(staff_nghe_an)
    data = _form(members, **{f"m{members[0].pk}": {"level": level("member", YEAR, 1).pk, "score": "95",
                                                   "share": "10"}})
    rows = client.post(reverse("ratings:cell_grid_check", args=[cell.pk, YEAR]), data).json()["rows"]
    assert [i["severity"] for i in rows[str(members[0].pk)]] == ["error"]


def test_a_typed_score_gets_the_level_of_the_thresholds(client, staff_nghe_an, cell_world):
    cell, members = cell_world
    client.force_login(staff_nghe_an)
    data = _form(members, **{f"m{members[0].pk}": {"score": "92", "share": "40"},
                             f"m{members[1].pk}": {"score": "92", "share": "20"}})
    proposed = client.post(reverse("ratings:cell_grid_check", args=[cell.pk, YEAR]), data).json()["proposed"]
    assert proposed[str(members[0].pk)]["id"] == level("member", YEAR, 1).pk
    # 20% of the tasks above the requirement bars level 1 (confirmed rule): the thresholds give level 2.
    assert proposed[str(members[1].pk)]["id"] == level("member", YEAR, 2).pk


def test_scores_and_shares_are_entered_and_saved_on_the_grid(client, staff_nghe_an, cell_world):
    cell, members = cell_world
    client.force_login(staff_nghe_an)
    url = reverse("ratings:cell_grid", args=[cell.pk, YEAR])
    page = html.fromstring(client.get(url).content.decode())
    assert page.xpath(f"//input[@name='score_{members[0].pk}']") and page.xpath(
        f"//input[@name='exceeded_share_{members[0].pk}']")
    data = _form(members, **{f"m{members[0].pk}": {"level": level("member", YEAR, 1).pk, "score": "92,5",
                                                   "share": "35"},
                             f"m{members[1].pk}": {"score": "75"}})
    assert client.post(url, data).status_code == 302
    first, second = (Rating.objects.get(member=m, year=YEAR) for m in members)
    assert (first.level.tier, first.score, first.exceeded_share) == (1, Decimal("92.5"), Decimal("35"))
    assert (second.level.tier, second.score) == (2, Decimal("75"))  # the level the thresholds give


def test_a_bad_score_is_refused_on_its_row_and_nothing_is_written(client, staff_nghe_an, cell_world):
    cell, members = cell_world
    client.force_login(staff_nghe_an)
    url = reverse("ratings:cell_grid", args=[cell.pk, YEAR])
    response = client.post(url, _form(members, **{f"m{members[0].pk}": {"level": level("member", YEAR, 2).pk,
                                                                        "score": "101"}}))
    assert response.status_code == 200 and "Điểm" in response.content.decode()
    assert not Rating.objects.exists()


def test_grids_of_years_without_scores_have_no_score_column(client, staff_nghe_an, cell_world):
    cell, members = cell_world
    client.force_login(staff_nghe_an)
    page = client.get(reverse("ratings:cell_grid", args=[cell.pk, 2024])).content.decode()
    assert f"score_{members[0].pk}" not in page


def test_analysts_and_read_only_years_get_no_check(client, analyst, staff_cao_bang, cell_world):
    cell, members = cell_world
    url = reverse("ratings:cell_grid_check", args=[cell.pk, YEAR])
    client.force_login(analyst)
    assert client.post(url, _form(members)).status_code == 403
    client.force_login(staff_cao_bang)
    assert client.post(url, _form(members)).status_code == 404
