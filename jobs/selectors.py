"""Reads of background jobs."""

from __future__ import annotations

from typing import Any

from jobs.models import Job


def job_state(job: Job) -> dict[str, Any]:
    """What the progress bar needs, as JSON."""
    result = job.result or {}
    return {
        "status": job.status, "status_label": str(job.get_status_display()), "finished": job.finished,
        "done": job.done, "total": job.total, "percent": job.percent, "stage": job.stage,
        "message": result.get("message", ""), "url": result.get("url", ""), "error": job.error,
    }


def job_waiting(name: str, *, user, arguments: dict[str, Any] | None = None) -> Job | None:
    """The user's job of this kind not finished yet (a second click joins it instead of queueing a twin)."""
    jobs = Job.objects.filter(name=name, user=user, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    if arguments is not None:
        jobs = jobs.filter(arguments=arguments)
    return jobs.order_by("created_at").first()
