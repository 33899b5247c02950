"""The members import as the web and the background worker know it (the worker imports every app's jobs)."""

from __future__ import annotations

from members.spreadsheets.importer import import_members, read_file
from organizations.spreadsheets.cells import ImportReport
from organizations.spreadsheets.web import Importer


def _run(data: bytes, name: str, *, user, dry_run: bool) -> ImportReport:
    members, events = read_file(data, name)
    return import_members(members, events, user=user, dry_run=dry_run)


IMPORTER = Importer(kind="members", run=_run, page="members/import.html", done_url="members:list",
                    upload_url="members:import", checked_url="members:import_checked")
