"""Admins and approvers rebuild the summary tables from the web, as a background job with a progress page."""

import pytest
from django.urls import reverse

from jobs.models import Job
from reports.jobs import REBUILD
from reports.models import SummaryState
from tests.background import run_queued_jobs

pytestmark = pytest.mark.django_db


def test_an_approver_starts_the_rebuild_and_follows_it_to_the_end(client, approver_nghe_an):
    client.force_login(approver_nghe_an)
    assert "Tính lại toàn bộ bảng tổng hợp" in client.get(reverse("reports:index")).content.decode()
    response = client.post(reverse("reports:rebuild"))
    job = Job.objects.get(name=REBUILD)
    assert response.status_code == 302 and response.url == reverse("job", args=[job.pk])
    assert client.post(reverse("reports:rebuild")).url == response.url  # a second click joins the first
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and (job.done, job.total) == (3, 3)
    assert SummaryState.objects.get(pk=1).rebuilt_at is not None
    page = client.get(response.url).content.decode()
    assert "Đã tính lại toàn bộ các bảng tổng hợp" in page and reverse("reports:index") in page


def test_staff_and_analysts_may_not_rebuild(client, staff_nghe_an, analyst):
    for user in (staff_nghe_an, analyst):
        client.force_login(user)
        assert "Tính lại toàn bộ" not in client.get(reverse("reports:index")).content.decode()
        assert client.post(reverse("reports:rebuild")).status_code == 403
    assert not Job.objects.exists()
