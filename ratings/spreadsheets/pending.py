"""Checked files waiting for their confirmation: stored when a file is checked on the web, used up exactly once.

`confirm_pending_import` is the one way to write a checked file (the web's confirm button, or a background task):
it claims the stored file under a row lock and marks it applied in the transaction that writes its rows, so that a
repeated or parallel confirmation waits for the first, then is told that the file was already applied.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ratings.models import PendingImport
from ratings.spreadsheets import preview
from ratings.spreadsheets.importer import ImportReport, import_table
from organizations.spreadsheets.reader import read_table

KEPT_FOR = datetime.timedelta(days=1)  # a checked file never confirmed (or one applied) is removed after a day


class PendingImportMissing(Exception):
    """No checked file with this token for this user (never checked, discarded, or removed after a day)."""


class AlreadyApplied(Exception):
    """The checked file was written by an earlier confirmation."""

    def __init__(self, pending: PendingImport):
        self.pending = pending
        result = pending.summary.get("result", {})
        when = timezone.localtime(pending.applied_at).strftime("%H:%M %d/%m/%Y")
        super().__init__(_("Tệp “%(name)s” đã được ghi lúc %(when)s (%(c)s mới, %(u)s thay đổi); không ghi lại lần "
                           "nữa.") % {"name": pending.name, "when": when, "c": result.get("created", 0),
                                      "u": result.get("updated", 0)})


def pending_import_store(*, user, name: str, data: bytes) -> PendingImport:
    """Keep an uploaded file until it is checked and confirmed (in the database: any app server, or the worker,
    may read it); files left for more than a day are removed."""
    PendingImport.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return PendingImport.objects.create(token=secrets.token_hex(16), user=user, name=name[:255], data=data)


def pending_import_checked(pending: PendingImport, report: ImportReport) -> PendingImport:
    """Record what the check found: the versions its rows read and the preview of its changes."""
    pending.versions = report.versions
    pending.preview = preview.rows_of(report.changes, report.row_warnings)
    pending.summary = {"rows": report.rows, "created": report.created, "updated": report.updated,
                       "unchanged": report.unchanged, "deleted": report.deleted, "warnings": len(report.warnings)}
    pending.save(update_fields=["versions", "preview", "summary"])
    return pending


def pending_import_create(*, user, name: str, data: bytes, report: ImportReport) -> PendingImport:
    """Keep a checked file, the versions its rows read and its preview, until it is confirmed."""
    return pending_import_checked(pending_import_store(user=user, name=name, data=data), report)


def pending_import_for(*, user, token: str) -> PendingImport:
    """A checked file's record for its preview pages, without its bytes (up to 20 MB, not needed to page)."""
    pending = PendingImport.objects.defer("data").filter(token=token, user=user).first() if token else None
    if pending is None:
        raise PendingImportMissing
    return pending


@transaction.atomic
def confirm_pending_import(*, user, token: str, on_progress: Callable[[str], None] | None = None) -> ImportReport:
    """Write a checked file once: every rule is checked again, and a rating changed since the preview is a conflict.

    Raises PendingImportMissing, AlreadyApplied, ImportFailed or FileRefused (nothing written on any of them)."""
    pending = PendingImport.objects.select_for_update().filter(token=token, user=user).first() if token else None
    if pending is None:
        raise PendingImportMissing
    if pending.applied_at is not None:
        raise AlreadyApplied(pending)
    report = import_table(read_table(bytes(pending.data), pending.name), user=user, versions=pending.versions,
                          progress=on_progress)
    pending.applied_at, pending.data = timezone.now(), b""
    pending.summary = {**pending.summary, "result": {"created": report.created, "updated": report.updated,
                                                     "unchanged": report.unchanged, "deleted": report.deleted}}
    pending.save(update_fields=["applied_at", "data", "summary"])
    return report


def pending_import_discard(*, user, token: str) -> None:
    """Forget a checked file that will not be applied (cancelled, or refused at its confirmation)."""
    PendingImport.objects.filter(token=token, user=user, applied_at__isnull=True).delete()
