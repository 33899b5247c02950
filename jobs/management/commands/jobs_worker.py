"""The background worker: django-tasks' database worker, after re-queueing (or failing) the jobs a stopped worker
left half-way, and removing finished jobs older than a month."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from jobs import services


class Command(DatabaseWorkerCommand):
    help = ("Run the background jobs (imports, rebuilds). Jobs that a stopped worker left running are first run "
            "again from the start, or marked failed after a second loss. Options as db_worker's.")

    def handle(self, *args, **options) -> None:
        for job in services.jobs_recover():
            self.stdout.write(f"job {job.pk} ({job.name}) left by a stopped worker: {job.status}")
        services.jobs_prune()
        super().handle(*args, **options)
