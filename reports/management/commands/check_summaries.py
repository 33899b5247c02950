"""Recompute the summary tables apart and compare them with the stored ones (an operator's nightly check)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from reports.services import summaries_check

_SHOWN = 50


class Command(BaseCommand):
    help = ("Recompute the reports' summaries from all ratings and returns, compare them with the stored ones and "
            "print every difference; exit status 1 when there is any (nothing is written).")

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                # One snapshot for the stored rows and the recomputation: a write committed meanwhile is no difference.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            differences = summaries_check()
        elapsed = time.monotonic() - started
        if not differences:
            self.stdout.write(f"Summaries match a recomputation from scratch ({elapsed:.1f} s).")
            return
        for table, row, n in differences[:_SHOWN]:
            where = "missing from the stored table" if n > 0 else "stored but not in the recomputation"
            values = ", ".join(f"{name}={value}" for name, value in row.items())
            self.stdout.write(f"{table}: {where} (x{abs(n)}): {values}")
        if len(differences) > _SHOWN:
            self.stdout.write(f"... and {len(differences) - _SHOWN} more.")
        raise CommandError(
            f"{len(differences)} summary rows differ from a recomputation ({elapsed:.1f} s). "
            "Run `manage.py rebuild_summaries`, and report which write left them stale.",
            returncode=1,
        )
