"""Read ratings from a .xlsx or .csv: every row checked first; on any error nothing is written (exit 1)."""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from ratings.spreadsheets.importer import ImportFailed, import_table
from ratings.spreadsheets.reader import FileRefused, check_size, read_table


class Command(BaseCommand):
    help = "Import ratings from FILE (.xlsx or .csv); --dry-run checks without writing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file: str, dry_run: bool, **options) -> None:
        started = time.monotonic()
        try:
            check_size(os.path.getsize(file))  # refuse a huge file before reading it into memory
            with open(file, "rb") as handle:
                table = read_table(handle.read(), file)
            self.stdout.write(f"{len(table.rows)} rows read; checking…")
            report = import_table(table, dry_run=dry_run, progress=lambda m: self.stdout.write(m))
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        except FileRefused as exc:
            raise CommandError(f"{file}: {exc}") from exc
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} errors; nothing written.") from exc
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        verb = "would be" if dry_run else "were"
        self.stdout.write(self.style.SUCCESS(
            f"{report.rows} rows: {report.created} new, {report.updated} changed, {report.unchanged} unchanged "
            f"{verb} written ({time.monotonic() - started:.1f} s)."
        ))
