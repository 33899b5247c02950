"""Rebuild every summary table from all ratings and returns (after a bulk load made outside the services)."""

import time

from django.core.management.base import BaseCommand

from reports.services import summaries_rebuild


class Command(BaseCommand):
    help = "Recompute the reports' summary tables from all ratings and summary returns."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        summaries_rebuild()
        self.stdout.write(f"Summaries rebuilt in {time.monotonic() - started:.1f} s.")
