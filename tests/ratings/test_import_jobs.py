"""Large files are checked and written by background jobs: the request stores the file and ends, the job's page
shows the progress, the check's outcome is the usual import page, and the write is all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobs.models import Job
from ratings import jobs as import_jobs
from ratings.models import PendingImport, Rating
from tests.background import run_queued_jobs
from tests.ratings.factories import commune

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def people(nghe_an):
    _gpo, _committee, cells, members = commune(nghe_an, cells=2, members_per_cell=3)
    return [person for cell in cells for person in members[cell.pk]]


@pytest.fixture
def large(monkeypatch):
    """Every file counts as large here (the threshold is 200 KB: a few thousand rows)."""
    monkeypatch.setattr(import_jobs, "INLINE_MAX_BYTES", 10)


def _csv(people, level: str = "2") -> SimpleUploadedFile:
    rows = "".join(f"{person.card_number},{YEAR},{level}\n" for person in people)
    return SimpleUploadedFile("lon.csv", f"Số thẻ đảng viên,Năm,Bậc (1-4)\n{rows}".encode())


def _job(response) -> Job:
    assert response.status_code == 302 and response.url.startswith("/jobs/"), response
    return Job.objects.get(pk=response.url.split("/")[2])


def test_a_large_file_is_checked_in_the_background_then_confirmed_and_written_in_the_background(
        client, people, staff_nghe_an, large):
    client.force_login(staff_nghe_an)
    check = _job(client.post(reverse("ratings:import"), {"file": _csv(people)}))
    assert check.name == import_jobs.CHECK and check.status == Job.Status.QUEUED
    assert PendingImport.objects.count() == 1 and not Rating.objects.exists()  # stored, not read yet
    run_queued_jobs()
    check.refresh_from_db()
    assert check.status == Job.Status.DONE and check.result["report"]["created"] == len(people)
    assert check.result["url"] == reverse("ratings:import_checked", args=[check.pk])
    page = client.get(check.result["url"]).content.decode()
    assert 'id="import-preview"' in page and people[0].card_number in page and check.result["token"] in page
    write = _job(client.post(reverse("ratings:import_confirm"), {"token": check.result["token"]}))
    assert write.name == import_jobs.WRITE and not Rating.objects.exists()
    run_queued_jobs()
    write.refresh_from_db()
    assert write.status == Job.Status.DONE and f"{len(people)} mới" in write.result["message"]
    assert Rating.objects.filter(member__in=people).count() == len(people)
    assert PendingImport.objects.get().applied_at is not None  # used up, and marked so
    again = client.post(reverse("ratings:import_confirm"), {"token": check.result["token"]}, follow=True)
    assert "không ghi lại lần nữa" in again.content.decode()
    assert Rating.objects.get(member=people[0]).history.count() == 1


def test_a_large_file_with_errors_lists_them_on_the_import_page_and_is_not_kept(client, people, staff_nghe_an,
                                                                                 large):
    client.force_login(staff_nghe_an)
    check = _job(client.post(reverse("ratings:import"), {"file": _csv(people, level="9")}))
    run_queued_jobs()
    check.refresh_from_db()
    assert check.status == Job.Status.DONE and check.result["error_count"] == len(people)
    assert "chưa ghi gì" in check.result["message"] and not PendingImport.objects.exists()
    page = client.get(reverse("ratings:import_checked", args=[check.pk])).content.decode()
    assert 'id="import-errors"' in page and "Bậc phải là 1, 2, 3 hoặc 4." in page


def test_an_unreadable_large_file_fails_its_job_with_the_readers_message(client, staff_nghe_an, large):
    client.force_login(staff_nghe_an)
    check = _job(client.post(reverse("ratings:import"), {"file": SimpleUploadedFile("x.csv", b"\x00" * 64)}))
    run_queued_jobs()
    check.refresh_from_db()
    assert check.status == Job.Status.FAILED and check.error and not PendingImport.objects.exists()


def test_the_outcome_of_a_check_is_seen_only_by_whoever_uploaded_the_file(client, people, staff_nghe_an,
                                                                           staff_cao_bang, large):
    client.force_login(staff_nghe_an)
    check = _job(client.post(reverse("ratings:import"), {"file": _csv(people)}))
    url = reverse("ratings:import_checked", args=[check.pk])
    assert client.get(url).status_code == 404  # not finished yet
    run_queued_jobs()
    assert client.get(url).status_code == 200
    client.force_login(staff_cao_bang)
    assert client.get(url).status_code == 404
    assert client.get(reverse("job", args=[check.pk])).status_code == 404


def test_a_small_file_is_still_checked_in_the_request(client, people, staff_nghe_an):
    client.force_login(staff_nghe_an)
    page = client.post(reverse("ratings:import"), {"file": _csv(people)}).content.decode()
    assert 'id="import-preview"' in page and not Job.objects.exists()
