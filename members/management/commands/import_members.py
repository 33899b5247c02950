"""Read party members (and, from an .xlsx, their past events) from a file: every row checked; all or nothing."""

from django.utils.translation import gettext as _

from members.spreadsheets.importer import import_members, read_file
from organizations.spreadsheets.cells import ImportReport
from organizations.spreadsheets.command import ImportCommand


class Command(ImportCommand):
    help = "Import party members from FILE (.xlsx with an optional sheet of events, or .csv); --dry-run checks only."

    def run(self, data: bytes, name: str, *, dry_run: bool) -> ImportReport:
        members, events = read_file(data, name)
        self.stdout.write(_("Đã đọc %(n)s dòng đảng viên, %(e)s dòng sự kiện.")
                          % {"n": len(members.rows), "e": len(events.rows) if events else 0})
        return import_members(members, events, dry_run=dry_run, progress=self.progress)
