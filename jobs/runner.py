"""Running one job in a worker: call its function, let it report progress, record the result or the failure.

Progress is written by a small thread on its own database connection: the job's function usually holds one long
transaction (an import of 100,000 rows), and what it writes there stays invisible until it commits. On PostgreSQL
the thread's writes show at once; on SQLite, whose writers take turns, they wait for the job's transaction, so
the bar moves while the file is read and checked and then jumps to the end.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import DatabaseError, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import registry, services
from jobs.models import Job

logger = logging.getLogger("jobs")
WRITE_EVERY = 0.5  # seconds between progress writes
HEARTBEAT_EVERY = 10.0  # a sign of life even when the figures have not moved


class _Reporter(threading.Thread):
    def __init__(self, job_id) -> None:
        super().__init__(name=f"job-progress-{job_id}", daemon=True)
        self.job_id = job_id
        self._state: dict = {}
        self._written: dict | None = None
        self._written_at = 0.0
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def update(self, **values) -> None:
        with self._lock:
            self._state.update(values)

    def run(self) -> None:
        try:
            while not self._stopping.wait(WRITE_EVERY):
                self._write()
        finally:
            connections.close_all()  # this thread's own connection

    def _write(self) -> None:
        with self._lock:
            state = dict(self._state)
        if state == self._written and time.monotonic() - self._written_at < HEARTBEAT_EVERY:
            return
        try:
            Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(**state,
                                                                                  heartbeat_at=timezone.now())
        except DatabaseError as exc:  # SQLite busy with the job's own transaction: try again at the next tick
            logger.debug("progress of job %s not written: %s", self.job_id, exc)
            return
        self._written, self._written_at = state, time.monotonic()

    def stop(self) -> None:
        self._stopping.set()
        self.join()


class JobRun:
    """What a job function gets: the job (its user, its id) and a way to say how far it is."""

    def __init__(self, job: Job, reporter: _Reporter) -> None:
        self.job = job
        self.user = job.user
        self._reporter = reporter

    def progress(self, done: int, total: int | None = None, stage: str | None = None) -> None:
        values = {"done": max(0, int(done))}
        if total is not None:
            values["total"] = self.job.total = max(0, int(total))
        if stage is not None:
            values["stage"] = stage[:200]
        self.job.done = values["done"]
        self._reporter.update(**values)

    def stage(self, text: str) -> None:
        self._reporter.update(stage=text[:200])


def execute(job_id: str, *, task_id: str) -> str:
    job = services.job_claim(job_id, task_id=task_id)
    if job is None:
        return "skipped"
    function = registry.lookup(job.name)
    reporter = _Reporter(job.pk)
    reporter.start()
    try:
        result = function(JobRun(job, reporter), **job.arguments)
    except registry.JobFailed as exc:
        reporter.stop()
        services.job_fail(job, str(exc))
        return "failed"
    except (KeyboardInterrupt, SystemExit):
        # The worker was told to stop at once: the job's transaction was rolled back; run it again later.
        reporter.stop()
        services.job_interrupted(str(job.pk), reason=_("Tiến trình nền được lệnh dừng khi đang chạy việc này."))
        raise
    except BaseException as exc:
        reporter.stop()
        logger.exception("job %s (%s) failed", job.pk, job.name)
        services.job_fail(job, _("Lỗi không lường trước (%(kind)s); không có gì được ghi. Quản trị viên xem chi "
                                 "tiết trong nhật ký của tiến trình nền.") % {"kind": type(exc).__name__})
        raise
    reporter.stop()
    services.job_finish(job, result or {})
    return "done"
