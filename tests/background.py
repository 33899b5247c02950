"""Background jobs in tests: run what is queued inside the test process, as a worker would, in the test's own
transaction (django-tasks' worker loop also closes old connections, which would end that transaction)."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued_jobs(limit: int = 100) -> int:
    """Run every queued task (the jobs they carry included); return how many ran."""
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="tests", excluded_queue_names=[])
    ran = 0
    while ran < limit and (task := DBTaskResult.objects.ready().first()) is not None:
        task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1
    return ran
