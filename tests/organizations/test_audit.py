"""Admins see who changed which record, when, and from what to what; others do not reach the audit trail."""

import pytest
from django.urls import reverse

from tests.factories import CellFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed_cell(admin_user):
    cell = CellFactory(name="Chi bộ bản Cọc")
    cell._history_user = admin_user
    cell.name = "Chi bộ bản Cọc 1"
    cell.save()
    return cell


def test_the_audit_trail_shows_who_changed_what_from_what_to_what(client, admin_user, renamed_cell):
    client.force_login(admin_user)
    page = client.get(reverse("admin:organizations_historicalpartyorganization_changelist")).content.decode()
    assert "Chi bộ bản Cọc → Chi bộ bản Cọc 1" in page
    assert "admin" in page


def test_the_audit_trail_is_filterable_by_kind_of_change_and_searchable(client, admin_user, renamed_cell):
    client.force_login(admin_user)
    url = reverse("admin:organizations_historicalpartyorganization_changelist")
    changed = client.get(url, {"history_type__exact": "~"}).context["cl"].result_list
    assert [r.name for r in changed] == ["Chi bộ bản Cọc 1"]
    found = client.get(url, {"q": renamed_cell.code}).context["cl"].result_list
    assert len(found) == 2


@pytest.mark.parametrize("persona", ["staff_nghe_an", "analyst"])
def test_only_admins_reach_the_audit_trail(client, request, persona, renamed_cell):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:members_historicalmember_changelist"))
    assert response.status_code == 302


@pytest.mark.parametrize("model", [
    "organizations_historicalpartyorganization", "organizations_historicaladministrativeunit",
    "members_historicalmember", "ratings_historicalrating", "ratings_historicalsummaryreturn",
    "ratings_historicalsummarycount", "ratings_historicalreviewcycle",
])
def test_every_audit_list_opens_and_searches_for_admins(client, admin_user, renamed_cell, model):
    from tests.factories import MemberFactory

    MemberFactory(cell=renamed_cell)
    client.force_login(admin_user)
    url = reverse(f"admin:{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "x"}).status_code == 200
