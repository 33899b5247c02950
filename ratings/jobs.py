"""Large imports run as background jobs (`manage.py jobs_worker`): the check of an uploaded file and the write
of a checked one. The request only stores the file and queues the job, so it stays short whatever the file."""

from __future__ import annotations

from django.db import IntegrityError
from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.registry import JobFailed, job_function
from organizations.spreadsheets.reader import FileRefused, read_table
from ratings.models import PendingImport
from ratings.spreadsheets.importer import ImportFailed, import_table
from ratings.spreadsheets.pending import (AlreadyApplied, PendingImportMissing, confirm_pending_import,
                                          pending_import_checked, pending_import_discard)

CHECK = "ratings.import_check"
WRITE = "ratings.import_write"
# Files up to this size are checked and written in the request itself (a few thousand rows: about a second);
# larger ones by a background job.
INLINE_MAX_BYTES = 200 * 1024
MAX_SHOWN = 500  # errors or warnings kept for the page; the count says how many there are in all
STEPS = 3  # read the file, check (and write) its rows, done


def _stored(run, token: str) -> PendingImport:
    stored = PendingImport.objects.filter(token=token, user=run.user).first()
    if stored is None:
        raise JobFailed(_("Không tìm thấy tệp đã tải lên (có thể đã được ghi hoặc đã quá một ngày); hãy tải tệp lên "
                          "lại."))
    return stored


def _reading(run, stored: PendingImport):
    run.progress(0, STEPS, stage=_("Đang đọc tệp %(name)s…") % {"name": stored.name})
    table = read_table(bytes(stored.data), stored.name)
    run.progress(1, STEPS, stage=_("Đang kiểm tra %(n)s dòng…") % {"n": len(table.rows)})
    return table


@job_function(CHECK)
def import_check(run, *, token: str) -> dict:
    """Read and check every row without writing; the result is what the import page shows before confirming."""
    stored = _stored(run, token)
    try:
        table = _reading(run, stored)
        report = import_table(table, user=run.user, dry_run=True, progress=run.stage)
    except FileRefused as exc:
        pending_import_discard(user=run.user, token=token)
        raise JobFailed(str(exc)) from exc
    except ImportFailed as exc:
        pending_import_discard(user=run.user, token=token)
        return {"message": _("Tệp có %(n)s lỗi; chưa ghi gì.") % {"n": len(exc.errors)}, "level": "danger",
                "url": reverse("ratings:import_checked", args=[run.job.pk]), "link_text": _("Xem các lỗi"),
                **errors_context(exc)}
    pending_import_checked(stored, report)
    return {
        "message": _("%(rows)s dòng hợp lệ — sẽ ghi %(c)s mới, %(u)s thay đổi, %(n)s không đổi. Hãy xem lại rồi xác "
                     "nhận.") % {"rows": report.rows, "c": report.created, "u": report.updated, "n": report.unchanged},
        "url": reverse("ratings:import_checked", args=[run.job.pk]), "link_text": _("Xem lại và xác nhận"),
        **preview_context(report, table, name=stored.name, token=token),
    }


def errors_context(exc: ImportFailed) -> dict:
    """What the import page shows of a file with errors (also kept, as JSON, in a check job's result)."""
    errors = [{"row": e.row, "column": e.column, "message": e.message} for e in exc.errors[:MAX_SHOWN]]
    return {"errors": errors, "error_count": len(exc.errors)}


def preview_context(report, table, *, name: str, token: str) -> dict:
    """What the import page shows of a checked file before its confirmation (JSON values only)."""
    return {
        "token": token, "name": name,
        "report": {"rows": report.rows, "created": report.created, "updated": report.updated,
                   "unchanged": report.unchanged},
        "notices": [str(n) for n in table.notices], "warnings": [str(w) for w in report.warnings[:MAX_SHOWN]],
        "more_warnings": max(0, len(report.warnings) - MAX_SHOWN), "headers": [str(h) for h in table.headers],
        "preview": [["" if v is None else str(v) for v in values] for _n, values in table.rows[:20]],
    }


@job_function(WRITE)
def import_write(run, *, token: str) -> dict:
    """Write a checked file through the one confirmation service: every rule checked again, all rows in one
    transaction with the file marked applied, so a worker stopped half-way leaves nothing written and the file
    still there for the next run, and a repeat writes nothing twice."""
    run.progress(1, STEPS, stage=_("Đang ghi…"))
    try:
        report = confirm_pending_import(user=run.user, token=token, on_progress=run.stage)
    except PendingImportMissing as exc:
        raise JobFailed(_("Không tìm thấy tệp đã tải lên (có thể đã quá một ngày); hãy tải tệp lên lại.")) from exc
    except AlreadyApplied as exc:
        return {"message": str(exc), "url": reverse("ratings:index"), "link_text": _("Về trang đánh giá, xếp loại")}
    except (FileRefused, ImportFailed, IntegrityError) as exc:
        pending_import_discard(user=run.user, token=token)
        raise JobFailed(refusal(exc)) from exc
    return {"message": written(report), "url": reverse("ratings:index"),
            "link_text": _("Về trang đánh giá, xếp loại")}


def refusal(exc: Exception) -> str:
    """Why a confirmation wrote nothing, for the page or the job."""
    if isinstance(exc, IntegrityError):
        # Another user wrote a rating of the same subject and year in the same instant.
        return _("Có người vừa ghi kết quả của cùng đối tượng và năm; không ghi gì. Hãy tải tệp lên lại.")
    return _("Không ghi được: %(e)s") % {"e": str(exc)[:2000]}


def written(report) -> str:
    return (_("Đã ghi %(rows)s dòng: %(c)s mới, %(u)s thay đổi, %(n)s không đổi.")
            % {"rows": report.rows, "c": report.created, "u": report.updated, "n": report.unchanged})
