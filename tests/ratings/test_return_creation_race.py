"""Two people create the same summary return at the same instant: one return is written, the other person gets a
message (not a server error), nothing is half-written. Real concurrent transactions on PostgreSQL."""

import pytest
from django.test import Client
from django.urls import reverse

from organizations.models import UserScope
from ratings import services
from ratings.models import SummaryCount, SummaryReturn
from tests import factories
from tests.threads import meet_after, postgresql_only, run_at_once

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]
YEAR = 2024


def test_two_people_creating_the_same_summary_return_at_once_get_one_return_and_one_message(
    monkeypatch, nghe_an, staff_nghe_an
):
    gpo = factories.GrassrootsFactory(parent=nghe_an)
    colleague = factories.UserFactory(username="staff-2")
    factories.UserScopeFactory(user=colleague, role=UserScope.Role.STAFF, organization=nghe_an)
    url = reverse("ratings:returns", args=[gpo.pk, YEAR])
    # Both have sent the form of a new return (version 0) and are in the service before either takes the year's lock.
    meet_after(monkeypatch, services, "reporting_unit")

    def create(user, count):
        client = Client()
        client.force_login(user)
        return client.post(url, {"subject": "cell", "total": 10, "reviewed": 10, f"count_{2}": count, "version": 0})

    first, second = run_at_once(lambda: create(staff_nghe_an, 7), lambda: create(colleague, 8))
    statuses = sorted([first.status_code, second.status_code])
    assert statuses == [200, 302], (first, second)
    refused = first if first.status_code == 200 else second
    assert "vừa được người khác tạo hoặc sửa; không ghi gì." in refused.content.decode()
    assert 'name="version" value="1"' in refused.content.decode()  # saving again replaces it knowingly
    summary = SummaryReturn.objects.get()
    assert summary.history.count() == 1
    assert list(SummaryCount.objects.values_list("tier", flat=True)) == [2]
    # The refused person saves the form again (it now carries the kept return's version): their figure replaces it.
    monkeypatch.undo()
    client = Client()
    client.force_login(colleague)
    assert client.post(url, {"subject": "cell", "total": 10, "reviewed": 10, "count_2": 9,
                             "version": 1}).status_code == 302
    assert SummaryCount.objects.get().count == 9
