"""Large files of organizations and members are checked and written by background jobs, ending on the same pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobs.models import Job
from members.models import Member
from members.spreadsheets import columns as cols
from organizations.models import PartyOrganization, PendingUpload
from organizations.spreadsheets import web
from tests import factories
from tests.background import run_queued_jobs

pytestmark = pytest.mark.django_db
HEADERS = ",".join(str(label) for label in cols.MEMBER_LABELS.values())


@pytest.fixture
def large(monkeypatch):
    """Every file counts as large here (the threshold is 200 KB)."""
    monkeypatch.setattr(web, "INLINE_MAX_BYTES", 10)


def _job(response) -> Job:
    assert response.status_code == 302 and response.url.startswith("/jobs/"), response
    return Job.objects.get(pk=response.url.split("/")[2])


def _finished(job: Job) -> Job:
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    return job


def test_a_large_members_file_is_checked_then_written_in_the_background(client, staff_nghe_an, nghe_an,
                                                                       ethnicities, large):
    factories.CellFactory(parent=factories.GrassrootsFactory(parent=nghe_an), code="CB-1")
    client.force_login(staff_nghe_an)
    rows = "".join(f"4000000{n},,Người {n},1990,Nam,Kinh,CB-1,02/03/2015,,,\n" for n in range(3))
    check = _finished(_job(client.post(reverse("members:import"),
                                       {"file": SimpleUploadedFile("lon.csv", f"{HEADERS}\n{rows}".encode())})))
    assert check.result["report"]["created"] == 3 and not Member.objects.exists()
    page = client.get(check.result["url"]).content.decode()
    assert 'id="import-preview"' in page and "Người 2" in page
    write = _finished(_job(client.post(reverse("members:import_confirm"), {"token": check.result["token"]})))
    assert "3 mới" in write.result["message"] and Member.objects.count() == 3
    assert not PendingUpload.objects.exists()


def test_a_large_organizations_file_with_errors_lists_them_and_keeps_nothing(client, staff_nghe_an, nghe_an, large):
    client.force_login(staff_nghe_an)
    text = "Mã tổ chức,Tên tổ chức,Loại tổ chức,Mã tổ chức cấp trên\nCB-1,Chi bộ 1,Chi bộ,KHONG-CO\n"
    check = _finished(_job(client.post(reverse("organizations:import"),
                                       {"file": SimpleUploadedFile("lon.csv", text.encode())})))
    assert check.result["error_count"] == 1 and not PendingUpload.objects.exists()
    page = client.get(reverse("organizations:import_checked", args=[check.pk])).content.decode()
    assert 'id="import-errors"' in page and "KHONG-CO" in page
    assert not PartyOrganization.objects.filter(code="CB-1").exists()
