"""Read ratings from a .xlsx or .csv: every row checked first; on any error nothing is written (exit 1)."""

from django.utils.translation import gettext as _

from organizations.spreadsheets.cells import ImportReport
from organizations.spreadsheets.command import ImportCommand
from organizations.spreadsheets.reader import read_table
from ratings.spreadsheets.importer import import_table


class Command(ImportCommand):
    help = "Import ratings from FILE (.xlsx or .csv); --dry-run checks without writing."

    def run(self, data: bytes, name: str, *, dry_run: bool) -> ImportReport:
        table = read_table(data, name)
        for notice in table.notices:
            self.stdout.write(notice)
        self.stdout.write(_("Đã đọc %(n)s dòng; đang kiểm tra…") % {"n": len(table.rows)})
        return import_table(table, dry_run=dry_run, progress=self.progress)
