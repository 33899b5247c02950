"""Benchmark the web import of 100,000 member ratings through the background jobs, as a browser drives it: upload,
the job page's polling, the checked file's page, the confirmation, polling again until written.

Prints two goal lines (issue 12): the longest single request (≤ 2 s: the work runs in the worker, never in a
request) and the time from the upload to the ratings written (≤ 60 s). A real worker process (`jobs_worker`) runs
the jobs; the requests go through Django's test client in this process. Throw-away data as `bench_ratings` (codes
starting "BENCH-R"), removed at the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from jobs.models import Job
from ratings import jobs as import_jobs
from ratings.management.commands.bench_ratings import Command as BenchRatings
from ratings.management.commands.bench_ratings import _Created, member_csv

POLL_EVERY = 0.5  # seconds, as static/js/job-progress.js polls (every second; closer here to time the end better)


def _start_worker() -> subprocess.Popen:
    """A worker as `make serve` starts one, waited for (its start-up is not part of an import)."""
    worker = subprocess.Popen([sys.executable, "manage.py", "jobs_worker", "--no-reload", "--no-startup-delay",
                               "--interval", "0.2"], cwd=settings.BASE_DIR, env=_same_database(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ready = threading.Event()

    def read() -> None:  # its log: "Starting worker…" once it waits for tasks, then a few lines a job
        for line in worker.stdout:
            if "Starting worker" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    while not ready.wait(0.2):
        if worker.poll() is not None:
            raise RuntimeError(f"the worker stopped at start-up (exit {worker.returncode})")
    return worker


def _same_database() -> dict[str, str]:
    """The environment of a worker on the very database this command uses (a test's database too)."""
    db = connection.settings_dict
    env = dict(os.environ)
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
        if db["PASSWORD"]:
            env["PGPASSWORD"] = db["PASSWORD"]
    else:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    return env


class Command(BenchRatings):
    help = "Measure the web import of 100,000 member ratings through the background jobs (a worker is started)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--members", type=int, default=100_000)

    def handle(self, *args, members: int, **options) -> None:
        tag = uuid.uuid4().hex[:6].upper()
        created = _Created()
        worker = None
        try:
            cards, _cell, user = self._build(tag, members, 1, created)
            worker = _start_worker()
            self._bench(cards, user)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(60)
            self.stdout.write("Cleaning up…")
            created.remove()
            self.stdout.write("Done; throw-away data removed.")

    def _bench(self, cards: list[str], user) -> None:
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
        client.force_login(user)
        content = member_csv(cards)
        # A smaller file (--members) takes the same path as 100,000 rows: through the jobs, not in the request.
        import_jobs.INLINE_MAX_BYTES = min(import_jobs.INLINE_MAX_BYTES, len(content) - 1)
        self.stdout.write(f"Web import of {len(cards)} member ratings from .csv ({len(content) / 1e6:.1f} MB):")
        self.timings: list[tuple[str, float]] = []
        started = time.monotonic()
        upload = self._timed("upload", client.post, reverse("ratings:import"),
                             {"file": SimpleUploadedFile("bench.csv", content, content_type="text/csv")})
        check = self._follow(client, upload)
        self._timed("checked file's page", client.get, check.result["url"])
        confirm = self._timed("confirm", client.post, reverse("ratings:import_confirm"),
                              {"token": check.result["token"]})
        write = self._follow(client, confirm)
        elapsed = time.monotonic() - started
        name, longest = max(self.timings, key=lambda item: item[1])
        self._result(f"web upload of a {len(cards):,}-row file: longest single request", longest, 2,
                     f"{name}; {len(self.timings)} requests")
        self._result(f"web import of {len(cards):,} rows end to end", elapsed, 60,
                     f"check {self._took(check)} s, write {self._took(write)} s in the worker; {write.result['message']}")

    def _timed(self, name: str, call, *args):
        started = time.monotonic()
        response = call(*args)
        self.timings.append((name, time.monotonic() - started))
        if response.status_code not in (200, 302):
            raise RuntimeError(f"{name}: HTTP {response.status_code}")
        return response

    def _follow(self, client: Client, response) -> Job:
        """Poll the job's state as its page does, until it has finished."""
        job = Job.objects.get(pk=response.url.split("/")[2])
        status_url = reverse("job_status", args=[job.pk])
        while not self._timed("progress", client.get, status_url).json()["finished"]:
            time.sleep(POLL_EVERY)
        job.refresh_from_db()
        if job.status != Job.Status.DONE:
            raise RuntimeError(f"{job.title}: {job.error}")
        self.stdout.write(f"  {job.title}: {job.result['message']}")
        return job

    @staticmethod
    def _took(job: Job) -> str:
        return f"{(job.finished_at - job.started_at).total_seconds():.1f}"
