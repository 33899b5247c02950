"""The one task the queue knows: run the job with this id. Jobs themselves are rows (models.Job); the task
queue (django-tasks' database backend) only carries their ids to a worker."""

from __future__ import annotations

try:  # Django 6 has the tasks API built in; on 5.2 the django-tasks backport provides the same one
    from django.tasks import TaskContext, task
except ImportError:  # pragma: no cover - depends on the installed Django
    from django_tasks import TaskContext, task


@task(takes_context=True)
def run_job(context: TaskContext, job_id: str) -> str:
    from jobs.runner import execute  # the runner uses the services, which enqueue this task

    return execute(job_id, task_id=str(context.task_result.id))
