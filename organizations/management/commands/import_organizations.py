"""Read party organizations from a .xlsx or .csv: every row checked first; on any error nothing is written."""

from organizations.imports import import_organizations
from organizations.spreadsheets.cells import ImportReport
from organizations.spreadsheets.command import ImportCommand
from organizations.spreadsheets.reader import read_table


class Command(ImportCommand):
    help = "Import party organizations (GPOs, constituent committees, cells) from FILE; --dry-run checks only."

    def run(self, data: bytes, name: str, *, dry_run: bool) -> ImportReport:
        table = read_table(data, name)
        for notice in table.notices:
            self.stdout.write(notice)
        return import_organizations(table, dry_run=dry_run, progress=self.progress)
