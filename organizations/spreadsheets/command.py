"""The command line of every checked import: read the file within the reader's limits, check all, write or not."""

from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from organizations.spreadsheets.cells import ImportFailed, ImportReport
from organizations.spreadsheets.reader import FileRefused, check_size


class ImportCommand(BaseCommand):
    """`manage.py <import> FILE [--dry-run]`: exit 1 with every error by row and column, nothing written."""

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")

    def run(self, data: bytes, name: str, *, dry_run: bool) -> ImportReport:
        raise NotImplementedError

    def handle(self, *args, file: str, dry_run: bool, **options) -> None:
        started = time.monotonic()
        try:
            check_size(os.path.getsize(file))  # refuse a huge file before reading it into memory
            with open(file, "rb") as handle:
                report = self.run(handle.read(), file, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        except FileRefused as exc:
            raise CommandError(f"{file}: {exc}") from exc
        except IntegrityError as exc:
            raise CommandError(_("Có người vừa ghi cùng hồ sơ trong lúc nhập; không ghi gì. Hãy chạy lại.")) from exc
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(_("%(n)s lỗi; không ghi gì.") % {"n": len(exc.errors)}) from exc
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        message = _("Chạy thử, chưa ghi: ") if dry_run else ""
        message += _("%(rows)s dòng: %(c)s mới, %(u)s thay đổi, %(n)s không đổi (%(s).1f giây).") % {
            "rows": report.rows, "c": report.created, "u": report.updated, "n": report.unchanged,
            "s": time.monotonic() - started}
        self.stdout.write(self.style.SUCCESS(message))

    def progress(self, message: str) -> None:
        self.stdout.write(message)
