"""Writes of background jobs: start, claim, progress, finish, and what happens when a worker disappears."""

from __future__ import annotations

import datetime
import os
import socket
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import registry
from jobs.models import Job

# A job whose worker vanished is run again from the start once; a second loss marks it failed.
MAX_ATTEMPTS = 2
# A worker on another machine is taken for gone when its job has given no sign of life for this long (the
# progress thread writes one every few seconds on PostgreSQL; on SQLite, one machine, the process is checked).
STALE_AFTER = datetime.timedelta(minutes=10)
KEEP_FINISHED = datetime.timedelta(days=30)


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@transaction.atomic
def job_start(*, name: str, title: str, user, arguments: dict[str, Any] | None = None, back_url: str = "") -> Job:
    """Record a job and queue it in the same transaction: a job is never queued without its row, nor the reverse."""
    registry.lookup(name)  # an unknown name fails here, in the request, not later in a worker
    job = Job.objects.create(name=name, title=title[:200], user=user, arguments=arguments or {},
                             back_url=back_url[:500])
    _enqueue(job)
    return job


def _enqueue(job: Job) -> None:
    from jobs.tasks import run_job  # the task runs the runner, which uses these services

    job.task_id = str(run_job.enqueue(str(job.pk)).id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)


@transaction.atomic
def job_claim(job_id: str, *, task_id: str) -> Job | None:
    """Mark the job running in this worker; None when it is not waiting for this task (finished, or queued again
    under another task after its worker was lost)."""
    job = Job.objects.select_for_update(of=("self",)).select_related("user").filter(pk=job_id).first()
    if job is None or job.status != Job.Status.QUEUED or job.task_id != task_id:
        return None
    now = timezone.now()
    job.status, job.attempts, job.worker = Job.Status.RUNNING, job.attempts + 1, this_worker()
    job.started_at = job.heartbeat_at = now
    job.done, job.total = 0, None
    job.save(update_fields=["status", "attempts", "worker", "started_at", "heartbeat_at", "done", "total"])
    return job


def job_finish(job: Job, result: dict[str, Any]) -> None:
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE, result=result, stage="", finished_at=timezone.now(),
        done=job.total or job.done, total=job.total or job.done)


def job_fail(job: Job, error: str) -> None:
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, error=error[:5000], finished_at=timezone.now())


@transaction.atomic
def job_interrupted(job_id: str, *, reason: str) -> Job | None:
    """A running job whose worker stopped: its transaction was rolled back, so run it again from the start, or,
    after MAX_ATTEMPTS runs, mark it failed with the reason."""
    job = Job.objects.select_for_update().filter(pk=job_id, status=Job.Status.RUNNING).first()
    if job is None:
        return None
    _close_task(job.task_id, reason)
    if job.attempts < MAX_ATTEMPTS:
        job.status, job.done, job.total, job.worker = Job.Status.QUEUED, 0, None, ""
        job.stage = _("Chạy lại từ đầu: %(reason)s") % {"reason": reason}
        job.save(update_fields=["status", "done", "total", "worker", "stage"])
        _enqueue(job)
    else:
        job.status, job.finished_at = Job.Status.FAILED, timezone.now()
        job.error = _("%(reason)s Đã chạy %(n)s lần và lần nào cũng bị dừng giữa chừng; mỗi lần chạy là một giao "
                      "dịch và đã được hủy, nên không có gì được ghi. Hãy thử lại.") % {"reason": reason,
                                                                                         "n": job.attempts}
        job.save(update_fields=["status", "finished_at", "error"])
    return job


def _close_task(task_id: str, reason: str) -> None:
    """The queue's own row of the lost run stays RUNNING forever otherwise."""
    from django_tasks_db.models import DBTaskResult

    if task_id:
        DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
            status="FAILED", finished_at=timezone.now(), exception_class_path="jobs.WorkerLost", traceback=reason)


def jobs_recover() -> list[Job]:
    """Run again (or fail) every job left running by a worker that is gone; fail those whose task ended without
    them (the worker could not even start them)."""
    recovered = _fail_orphans()
    for job in Job.objects.filter(status=Job.Status.RUNNING):
        if worker_gone(job):
            outcome = job_interrupted(str(job.pk), reason=_lost_reason(job))
            if outcome is not None:
                recovered.append(outcome)
    return recovered


def _fail_orphans() -> list[Job]:
    from django_tasks_db.models import DBTaskResult

    waiting = {job.task_id: job for job in Job.objects.filter(status=Job.Status.QUEUED).exclude(task_id="")}
    ended = DBTaskResult.objects.finished().filter(id__in=list(waiting)).values_list("id", flat=True)
    orphans = [waiting[str(task_id)] for task_id in ended]
    for job in orphans:
        Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
            status=Job.Status.FAILED, finished_at=timezone.now(),
            error=_("Tiến trình nền không chạy được việc này; quản trị viên xem nhật ký của nó. Hãy thử lại."))
        job.status = Job.Status.FAILED
    return orphans


def job_recover_if_gone(job: Job) -> Job:
    """The same, for one job (its page asks while someone watches it)."""
    if job.status == Job.Status.RUNNING and worker_gone(job):
        return job_interrupted(str(job.pk), reason=_lost_reason(job)) or job
    return job


def worker_gone(job: Job, now: datetime.datetime | None = None) -> bool:
    host, _sep, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _process_alive(int(pid))
    last = job.heartbeat_at or job.started_at
    return last is None or (now or timezone.now()) - last > STALE_AFTER


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process its parent has not waited for yet is a zombie: gone all the same
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _lost_reason(job: Job) -> str:
    return _("Tiến trình nền (%(worker)s) đã dừng khi đang chạy việc này.") % {"worker": job.worker or "?"}


def jobs_prune(keep: datetime.timedelta = KEEP_FINISHED) -> int:
    """Finished jobs and their queue rows are kept for a month, then removed."""
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - keep
    DBTaskResult.objects.finished().filter(finished_at__lt=limit).delete()
    deleted, _counts = Job.objects.filter(status__in=[Job.Status.DONE, Job.Status.FAILED],
                                          finished_at__lt=limit).delete()
    return deleted
