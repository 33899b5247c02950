"""The organizations import as the web and the background worker know it (the worker imports every app's jobs)."""

from __future__ import annotations

from organizations.imports import import_organizations
from organizations.spreadsheets import jobs as _job_functions  # noqa: F401  (registers the import jobs)
from organizations.spreadsheets.cells import ImportReport
from organizations.spreadsheets.reader import read_table
from organizations.spreadsheets.web import Importer


def _run(data: bytes, name: str, *, user, dry_run: bool) -> ImportReport:
    return import_organizations(read_table(data, name), user=user, dry_run=dry_run)


IMPORTER = Importer(kind="organizations", run=_run, page="organizations/import.html",
                    done_url="organizations:hierarchy", upload_url="organizations:import",
                    checked_url="organizations:import_checked")
