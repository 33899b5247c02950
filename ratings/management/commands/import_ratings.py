"""Read ratings from a .xlsx or .csv: every row checked first; on any error nothing is written (exit 1)."""

import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from organizations.spreadsheets.reader import FileRefused, check_size, read_table
from ratings.spreadsheets.importer import ImportFailed, import_table


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
            for notice in table.notices:
                self.stdout.write(notice)
            self.stdout.write(_("Đã đọc %(n)s dòng; đang kiểm tra…") % {"n": len(table.rows)})
            report = import_table(table, dry_run=dry_run, progress=lambda m: self.stdout.write(m))
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        except FileRefused as exc:
            raise CommandError(f"{file}: {exc}") from exc
        except IntegrityError as exc:
            raise CommandError(_("Có người vừa ghi kết quả của cùng đối tượng và năm; không ghi gì. Hãy chạy lại.")) \
                from exc
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
