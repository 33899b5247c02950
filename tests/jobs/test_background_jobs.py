"""Background jobs: a function, its arguments, its progress and its result; what happens when a worker vanishes."""

import datetime
import socket
import subprocess
import sys

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs import services
from jobs.models import Job
from jobs.registry import JobFailed, job_function
from tests.background import run_queued_jobs

pytestmark = pytest.mark.django_db


@job_function("tests.count_to")
def _count_to(run, *, n: int) -> dict:
    for i in range(n):
        run.progress(i + 1, n, stage=f"{i + 1}")
    return {"message": f"counted to {n}", "url": "/", "seen_user": run.user.username}


@job_function("tests.refuse")
def _refuse(run) -> dict:
    raise JobFailed("Tệp rỗng.")


@job_function("tests.crash")
def _crash(run) -> dict:
    raise ZeroDivisionError("secret detail")


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_job_runs_its_function_with_its_arguments_and_keeps_the_result(staff_nghe_an):
    job = services.job_start(name="tests.count_to", title="Đếm", user=staff_nghe_an, arguments={"n": 5})
    assert job.status == Job.Status.QUEUED and DBTaskResult.objects.filter(id=job.task_id).exists()
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 1 and (job.done, job.total) == (5, 5)
    assert job.result == {"message": "counted to 5", "url": "/", "seen_user": "staff"}
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_an_unknown_function_is_refused_when_the_job_is_started(staff_nghe_an):
    with pytest.raises(LookupError):
        services.job_start(name="tests.nothing", title="?", user=staff_nghe_an)
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_a_refusal_fails_the_job_with_its_message(staff_nghe_an):
    job = services.job_start(name="tests.refuse", title="Từ chối", user=staff_nghe_an)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error == "Tệp rỗng." and job.finished_at


def test_a_crash_fails_the_job_without_showing_its_detail(staff_nghe_an):
    job = services.job_start(name="tests.crash", title="Lỗi", user=staff_nghe_an)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "ZeroDivisionError" in job.error and "secret" not in job.error
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"  # the traceback is kept there for admins


def _left_running(user, *, attempts: int, worker: str, heartbeat=None) -> Job:
    job = services.job_start(name="tests.count_to", title="Đếm", user=user, arguments={"n": 2})
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING")
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=attempts, worker=worker, done=1,
                                         heartbeat_at=heartbeat or timezone.now())
    return Job.objects.get(pk=job.pk)


def test_a_job_whose_worker_died_runs_again_from_the_start_then_finishes(staff_nghe_an):
    lost = _left_running(staff_nghe_an, attempts=1, worker=f"{socket.gethostname()}:{_dead_pid()}")
    assert [job.pk for job in services.jobs_recover()] == [lost.pk]
    job = Job.objects.get(pk=lost.pk)
    assert job.status == Job.Status.QUEUED and job.done == 0 and "Chạy lại từ đầu" in job.stage
    assert job.task_id != lost.task_id and DBTaskResult.objects.get(id=lost.task_id).status == "FAILED"
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2


def test_a_job_lost_a_second_time_is_marked_failed_with_its_reason(staff_nghe_an):
    lost = _left_running(staff_nghe_an, attempts=2, worker=f"{socket.gethostname()}:{_dead_pid()}")
    services.jobs_recover()
    job = Job.objects.get(pk=lost.pk)
    assert job.status == Job.Status.FAILED and "đã dừng khi đang chạy" in job.error
    assert "không có gì được ghi" in job.error
    assert run_queued_jobs() == 0


def test_a_running_job_of_a_live_worker_is_left_alone(staff_nghe_an):
    import os

    _left_running(staff_nghe_an, attempts=1, worker=f"{socket.gethostname()}:{os.getpid()}")
    assert services.jobs_recover() == []


def test_a_job_on_another_machine_is_taken_for_lost_only_after_its_silence(staff_nghe_an):
    quiet = _left_running(staff_nghe_an, attempts=1, worker="elsewhere:123")
    assert services.jobs_recover() == []
    Job.objects.filter(pk=quiet.pk).update(heartbeat_at=timezone.now() - services.STALE_AFTER
                                           - datetime.timedelta(seconds=1))
    assert [job.pk for job in services.jobs_recover()] == [quiet.pk]


def test_the_page_of_a_job_recovers_it_when_its_worker_is_gone(client, staff_nghe_an):
    lost = _left_running(staff_nghe_an, attempts=1, worker=f"{socket.gethostname()}:{_dead_pid()}")
    client.force_login(staff_nghe_an)
    state = client.get(reverse("job_status", args=[lost.pk])).json()
    assert state["status"] == "queued" and "Chạy lại từ đầu" in state["stage"]


def test_the_state_of_a_job_as_json(client, staff_nghe_an):
    job = services.job_start(name="tests.count_to", title="Đếm", user=staff_nghe_an, arguments={"n": 4})
    client.force_login(staff_nghe_an)
    assert client.get(reverse("job_status", args=[job.pk])).json() == {
        "status": "queued", "status_label": "Đang chờ", "finished": False, "done": 0, "total": None, "percent": 0,
        "stage": "", "message": "", "url": "", "error": ""}
    run_queued_jobs()
    state = client.get(reverse("job_status", args=[job.pk])).json()
    assert (state["status"], state["finished"], state["percent"], state["done"], state["total"]) == (
        "done", True, 100, 4, 4)
    assert state["message"] == "counted to 4"


def test_the_page_of_a_job_shows_the_bar_then_the_result_and_a_link_back(client, staff_nghe_an):
    job = services.job_start(name="tests.count_to", title="Đếm đến ba", user=staff_nghe_an, arguments={"n": 3},
                             back_url="/ratings/")
    client.force_login(staff_nghe_an)
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "Đếm đến ba" in page and 'data-finished="false"' in page and "js/job-progress" in page
    run_queued_jobs()
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert 'data-finished="true"' in page and "counted to 3" in page and 'href="/ratings/"' in page
    assert 'aria-valuenow="100"' in page


def test_a_job_is_seen_by_whoever_started_it_and_by_admins_only(client, staff_nghe_an, staff_cao_bang, analyst,
                                                               admin_user):
    job = services.job_start(name="tests.count_to", title="Đếm", user=staff_nghe_an, arguments={"n": 1})
    for user, status in ((staff_nghe_an, 200), (admin_user, 200), (staff_cao_bang, 404), (analyst, 404)):
        client.force_login(user)
        assert client.get(reverse("job", args=[job.pk])).status_code == status
        assert client.get(reverse("job_status", args=[job.pk])).status_code == status
    client.logout()
    assert client.get(reverse("job_status", args=[job.pk])).status_code == 302


def test_a_queued_job_whose_task_ended_without_it_is_marked_failed(staff_nghe_an):
    job = services.job_start(name="tests.count_to", title="Đếm", user=staff_nghe_an, arguments={"n": 1})
    DBTaskResult.objects.filter(id=job.task_id).update(status="FAILED")
    assert [lost.pk for lost in services.jobs_recover()] == [job.pk]
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "không chạy được" in job.error
