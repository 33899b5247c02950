"""The admin's writes of summary returns obey what the pages obey: the year's lock read under the cycle's row lock in
the write transaction, a version check between two admins, a message instead of a server error."""

import pytest
from django.urls import reverse

from ratings import services
from ratings.models import ReviewCycle, SummaryReturn
from tests import factories

pytestmark = pytest.mark.django_db
YEAR = 2012


def _form(organization, count: int, summary=None, **extra) -> dict:
    data = {"reporting_organization": organization.pk, "year": YEAR, "subject": "gpo", "population": "",
            "total": "", "reviewed": "", "source": "", "note": "",
            "counts-TOTAL_FORMS": 1, "counts-INITIAL_FORMS": 0, "counts-MIN_NUM_FORMS": 0, "counts-MAX_NUM_FORMS": 4,
            "counts-0-tier": 1, "counts-0-count": count, **extra}
    if summary is not None:
        row = summary.counts.get()
        data.update({"counts-INITIAL_FORMS": 1, "counts-0-id": row.pk, "counts-0-summary_return": summary.pk})
    return data


@pytest.fixture
def summary(nghe_an, admin_user, client):
    client.force_login(admin_user)
    assert client.post(reverse("admin:ratings_summaryreturn_add"), _form(nghe_an, 7)).status_code == 302
    return SummaryReturn.objects.get()


def test_an_admin_saving_a_return_another_admin_changed_meanwhile_gets_a_message(client, summary, nghe_an):
    url = reverse("admin:ratings_summaryreturn_change", args=[summary.pk])
    assert client.post(url, _form(nghe_an, 8, summary, seen_version=1)).status_code == 302  # the other admin
    page = client.post(url, _form(nghe_an, 9, summary, seen_version=1), follow=True).content.decode()
    assert "vừa được người khác sửa; không ghi gì" in page
    summary.refresh_from_db()
    assert summary.version == 2 and summary.counts.get().count == 8


def test_a_return_of_an_approved_year_cannot_be_moved_to_another_organization(client, summary, nghe_an,
                                                                              cao_bang):
    ReviewCycle.objects.filter(organization=nghe_an, year=YEAR).update(status=ReviewCycle.Status.APPROVED)
    url = reverse("admin:ratings_summaryreturn_change", args=[summary.pk])
    page = client.post(url, _form(cao_bang, 7, summary, seen_version=1), follow=True).content.decode()
    assert "đã trình hoặc đã phê duyệt" in page
    summary.refresh_from_db()
    assert summary.reporting_organization == nghe_an


def test_a_year_locked_after_the_form_was_checked_is_refused_under_the_lock(client, summary, nghe_an, cao_bang,
                                                                            monkeypatch):
    from ratings import admin as ratings_admin

    def approved_in_between(*args, **kwargs):  # the form's own check passed; the approver acts before the save
        ReviewCycle.objects.filter(organization=nghe_an, year=YEAR).update(status=ReviewCycle.Status.APPROVED)
        return False

    monkeypatch.setattr(ratings_admin, "_unit_locked", approved_in_between)
    monkeypatch.setattr(ratings_admin, "_return_locked", lambda summary: approved_in_between())
    url = reverse("admin:ratings_summaryreturn_change", args=[summary.pk])
    page = client.post(url, _form(cao_bang, 7, summary, seen_version=1), follow=True).content.decode()
    assert "đã trình hoặc đã phê duyệt" in page
    summary.refresh_from_db()
    assert summary.reporting_organization == nghe_an and summary.version == 1


def test_the_web_form_refuses_to_replace_a_return_it_did_not_know(client, staff_nghe_an, nghe_an):
    gpo = factories.GrassrootsFactory(parent=nghe_an)
    services.returns_save(user=staff_nghe_an, reporting_organization=gpo, year=2024, subject="cell",
                          counts={2: {"count": 3}})
    client.force_login(staff_nghe_an)
    url = reverse("ratings:returns", args=[gpo.pk, 2024])
    page = client.post(url, {"subject": "cell", "count_2": 5, "version": 0}).content.decode()
    assert "vừa được người khác tạo hoặc sửa; không ghi gì" in page
    assert SummaryReturn.objects.get().counts.get().count == 3
    assert client.post(url, {"subject": "cell", "count_2": 5, "version": 1}).status_code == 302
    assert SummaryReturn.objects.get().counts.get().count == 5
