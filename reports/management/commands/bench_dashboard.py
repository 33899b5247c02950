"""Time the rebuild of all summaries, then the comparison dashboard against a trivial page, in one run.

Ends with exactly one line: `bench: dashboard/trivial = R (N members, Y years)`, R = median server time of the
comparison dashboard (all provinces, all years) / median server time of the home page, both through Django's
test Client as a logged-in analyst.
"""

from __future__ import annotations

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from members.models import Member
from organizations.models import UserScope
from reports.models import ProvinceSummary
from reports.services import summaries_rebuild

BENCH_USER = "bench-analyst"


class Command(BaseCommand):
    help = "Benchmark: summaries rebuild time, and comparison dashboard time over a trivial page."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--requests", type=int, default=40, help="timed requests per page (default 40)")
        parser.add_argument("--skip-rebuild", action="store_true", help="reuse the current summaries")

    def log(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def handle(self, *args, **options) -> None:
        members = Member.objects.count()
        if not options["skip_rebuild"]:
            self.log("rebuilding all summaries…")
            started = time.monotonic()
            summaries_rebuild()
            seconds = time.monotonic() - started
            self.log(f"summaries rebuild: {seconds:.1f} s ({seconds / 60:.2f} min; goal ≤ 10 min)")
        years = ProvinceSummary.objects.filter(area="").values_list("year", flat=True).distinct().count()
        client = self._client()
        dashboard = reverse("reports:comparison") + "?subject=member&boundaries=today"
        trivial = reverse("home")
        # testserver is not in ALLOWED_HOSTS outside tests; DEBUG off so templates and SQL are not logged.
        with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
            for url in (trivial, dashboard):
                response = client.get(url)
                if response.status_code != 200:
                    self.log(f"{url} answered {response.status_code}")
                    raise SystemExit(1)
            cold = self._time(client, dashboard, clear_cache=True, rounds=5)
            trivial_times, dashboard_times = [], []
            for _round in range(options["requests"]):
                trivial_times.append(self._time(client, trivial, rounds=1)[0])
                dashboard_times.append(self._time(client, dashboard, rounds=1)[0])
        trivial_median = statistics.median(trivial_times)
        dashboard_median = statistics.median(dashboard_times)
        self.log(f"trivial page (home): median {trivial_median * 1000:.1f} ms over {len(trivial_times)} requests")
        self.log(f"comparison dashboard: median {dashboard_median * 1000:.1f} ms over {len(dashboard_times)} requests "
                 f"(cached payload keyed by the summaries' version)")
        self.log(f"comparison dashboard, cache cleared before each request: median {statistics.median(cold) * 1000:.1f} ms")
        ratio = dashboard_median / trivial_median
        self.log(f"bench: dashboard/trivial = {ratio:.2f} ({members} members, {years} years)")

    def _client(self) -> Client:
        user, _created = get_user_model().objects.get_or_create(username=BENCH_USER)
        UserScope.objects.update_or_create(user=user, defaults={"role": UserScope.Role.ANALYST, "organization": None})
        client = Client()
        client.force_login(user)
        return client

    def _time(self, client: Client, url: str, *, rounds: int, clear_cache: bool = False) -> list[float]:
        times = []
        for _round in range(rounds):
            if clear_cache:
                cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        return times
