"""Time the figures of the national-scale goals in one run, each printed on one line with its goal.

Summaries rebuild; the refresh a 30-member grid save triggers; an accent-insensitive member name search; the
comparison page's HTML; the comparison dashboard cold (cache cleared before each request, over varied filters)
and warm (cached), each over a trivial page (the home page) timed in the same run. Pages go through Django's test
Client as a logged-in analyst (the search as an admin). Ends with exactly two lines:

    bench: cold/trivial = R
    bench: dashboard/trivial = R (N members, Y years)
"""

from __future__ import annotations

import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Max, Min
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from members.models import Member
from organizations.models import PartyOrganization, UserScope
from organizations.text import fold
from reports.models import ProvinceSummary
from reports.services import summaries_rebuild, summaries_refresh

BENCH_USER, BENCH_ADMIN = "bench-analyst", "bench-admin"
DASHBOARD = "?subject=member&boundaries=today"
# Cold requests: the analysts' widest view first, then other subjects, boundaries, measures, areas and choices.
COLD_QUERIES = [DASHBOARD, "?subject=member", "?subject=gpo", "?subject=cell&boundaries=today",
                "?subject=member&boundaries=today&measure=share", "?subject=gpo&area=border",
                "?subject=member&year_from=2020", "?subject=cell&measure=share&boundaries=today"]
GOALS = {"rebuild": 30.0, "refresh_ms": 50.0, "search_ms": 100.0, "html_kb": 100.0, "cold": 3.0, "warm": 1.2}
GRID_MEMBERS = 30


def _verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "NOT met"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


class Command(BaseCommand):
    help = "Benchmark the national-scale goals: rebuild, refresh, search, page weight, cold and warm dashboards."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--requests", type=int, default=40, help="timed requests per page (default 40)")
        parser.add_argument("--skip-rebuild", action="store_true", help="reuse the current summaries")

    def log(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def goal(self, name: str, value: float, goal: float, unit: str, detail: str = "") -> None:
        """One figure of the goals' table on one line: value, goal, met or not, how it was measured."""
        self.log(f"{name}: {value:.2f}{unit} (goal ≤ {goal:g}{unit}: {_verdict(value, goal)}){detail}")

    def handle(self, *args, **options) -> None:
        members = Member.objects.count()
        if not options["skip_rebuild"]:
            self.log("rebuilding all summaries…")
            started = time.monotonic()
            summaries_rebuild()
            self.goal("summaries rebuild", time.monotonic() - started, GOALS["rebuild"], " s")
        years = ProvinceSummary.objects.filter(area="").values_list("year", flat=True).distinct().count()
        self._refresh()
        # testserver is not in ALLOWED_HOSTS outside tests; DEBUG off so templates and SQL are not logged.
        with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
            self._search()
            cold, warm = self._dashboards(options["requests"])
        self.log(f"bench: cold/trivial = {cold:.2f}")
        self.log(f"bench: dashboard/trivial = {warm:.2f} ({members} members, {years} years)")

    def _refresh(self) -> None:
        """What one grid save of a 30-member cell triggers (its GPO-year's summaries), rolled back each time."""
        cell = (PartyOrganization.objects.filter(kind=PartyOrganization.Kind.CELL)
                .annotate(n=Count("members")).filter(n__gte=GRID_MEMBERS).order_by("pk").first())
        year = ProvinceSummary.objects.aggregate(last=Max("year"))["last"]
        if cell is None or year is None:
            self.log(f"summary refresh after a {GRID_MEMBERS}-member grid save: no cell of {GRID_MEMBERS} members")
            return
        times = []
        for _round in range(7):
            with transaction.atomic():
                started = time.perf_counter()
                summaries_refresh(organization_ids=[cell.pk], years=[year])
                times.append(time.perf_counter() - started)
                transaction.set_rollback(True)
        self.goal(f"summary refresh after a {GRID_MEMBERS}-member grid save", statistics.median(times) * 1000,
                  GOALS["refresh_ms"], " ms", f"; median of {len(times)}, cell {cell.code}, {year}, rolled back")

    def _search(self) -> None:
        """The members list searched by a member's full name typed without diacritics (list page and its count)."""
        bounds = Member.objects.aggregate(low=Min("pk"), high=Max("pk"))
        if bounds["low"] is None:
            self.log("member name search, accent-insensitive: no member to search for")
            return
        span = range(bounds["low"], bounds["high"] + 1)
        picks = random.Random(12).sample(span, min(40, len(span)))
        names = list(Member.objects.filter(pk__in=picks).values_list("full_name", flat=True)[:10])
        client = self._client(BENCH_ADMIN, admin=True)
        url = reverse("members:list")
        client.get(url, {"q": fold(names[0])})
        times = [self._time(client, f"{url}?q={fold(name).replace(' ', '+')}") for name in names]
        self.goal("member name search, accent-insensitive", statistics.median(times) * 1000, GOALS["search_ms"],
                  " ms", f"; median over {len(times)} names typed without diacritics (worst {_ms(max(times))})")

    def _dashboards(self, requests: int) -> tuple[float, float]:
        client = self._client(BENCH_USER)
        dashboard, trivial = reverse("reports:comparison") + DASHBOARD, reverse("home")
        cache.clear()
        first = self._time(client, dashboard)  # this process's first: templates compiled, modules warmed
        html = len(client.get(dashboard).content) / 1024
        self.goal("comparison page HTML", html, GOALS["html_kb"], " KB", " (all provinces, all years, members)")
        cold, cold_trivial = [], []
        for _round in range(max(1, requests // len(COLD_QUERIES))):
            for query in COLD_QUERIES:
                cold_trivial.append(self._time(client, trivial))
                cache.clear()
                cold.append(self._time(client, reverse("reports:comparison") + query))
        warm, warm_trivial = [], []
        for _round in range(requests):
            warm_trivial.append(self._time(client, trivial))
            warm.append(self._time(client, dashboard))
        cold_ratio = statistics.median(cold) / statistics.median(cold_trivial)
        warm_ratio = statistics.median(warm) / statistics.median(warm_trivial)
        self.log(f"trivial page (home): median {_ms(statistics.median(warm_trivial))}; comparison dashboard: first "
                 f"request of this process {_ms(first)}, cold median {_ms(statistics.median(cold))} over {len(cold)} "
                 f"requests on {len(COLD_QUERIES)} filters (worst {_ms(max(cold))}), warm median "
                 f"{_ms(statistics.median(warm))}")
        self.goal("cold comparison dashboard / trivial page", cold_ratio, GOALS["cold"], "",
                  " (cache cleared before each request, varied filters)")
        self.goal("warm (cached) dashboard / trivial page", warm_ratio, GOALS["warm"], "")
        return cold_ratio, warm_ratio

    def _client(self, username: str, *, admin: bool = False) -> Client:
        user, _created = get_user_model().objects.get_or_create(username=username)
        if admin:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        else:
            UserScope.objects.update_or_create(user=user, defaults={"role": UserScope.Role.ANALYST,
                                                                    "organization": None})
        client = Client()
        client.force_login(user)
        return client

    def _time(self, client: Client, url: str) -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return elapsed
