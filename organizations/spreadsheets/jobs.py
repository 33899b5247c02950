"""Large imports of organizations and members run as background jobs: the check of an uploaded file and the write
of a checked one, each all or nothing (a worker stopped half-way leaves nothing written and the file kept)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.registry import JobFailed, job_function
from organizations.models import PendingUpload
from organizations.spreadsheets.cells import ImportFailed
from organizations.spreadsheets.reader import FileRefused
from organizations.spreadsheets.web import CHECK, WRITE, errors_context, importer_of, preview_context

STEPS = 2  # the rows checked (or written), done


def _stored(run, kind: str, token: str) -> PendingUpload:
    stored = PendingUpload.objects.filter(kind=kind, token=token, user=run.user).first()
    if stored is None:
        raise JobFailed(_("Không tìm thấy tệp đã tải lên (có thể đã được ghi hoặc đã quá một ngày); hãy tải tệp lên "
                          "lại."))
    run.progress(0, STEPS, stage=_("Đang đọc và kiểm tra tệp %(name)s…") % {"name": stored.name})
    return stored


@job_function(CHECK)
def import_check(run, *, kind: str, token: str) -> dict:
    """Read and check every row without writing; the result is what the import page shows before confirming."""
    importer = importer_of(kind)
    stored = _stored(run, kind, token)
    url = reverse(importer.checked_url, args=[run.job.pk])
    try:
        report = importer.run(bytes(stored.data), stored.name, user=run.user, dry_run=True)
    except FileRefused as exc:
        stored.delete()
        raise JobFailed(str(exc)) from exc
    except ImportFailed as exc:
        stored.delete()
        return {"message": _("Tệp có %(n)s lỗi; chưa ghi gì.") % {"n": len(exc.errors)}, "level": "danger",
                "url": url, "link_text": _("Xem các lỗi"), **errors_context(exc)}
    return {"message": _("%(rows)s dòng hợp lệ — sẽ ghi %(c)s mới, %(u)s thay đổi, %(n)s không đổi. Hãy xem lại rồi "
                         "xác nhận.") % {"rows": report.rows, "c": report.created, "u": report.updated,
                                         "n": report.unchanged},
            "url": url, "link_text": _("Xem lại và xác nhận"), **preview_context(report, stored.name, token)}


@job_function(WRITE)
def import_write(run, *, kind: str, token: str) -> dict:
    """Write a checked file: every rule checked again, all rows in one transaction with the file used up."""
    importer = importer_of(kind)
    stored = _stored(run, kind, token)
    try:
        with transaction.atomic():
            report = importer.run(bytes(stored.data), stored.name, user=run.user, dry_run=False)
            PendingUpload.objects.filter(pk=stored.pk).delete()
    except (FileRefused, ImportFailed) as exc:
        stored.delete()
        raise JobFailed(_("Không ghi được: %(e)s") % {"e": str(exc)[:2000]}) from exc
    except IntegrityError as exc:
        stored.delete()
        raise JobFailed(_("Có người vừa ghi cùng hồ sơ trong lúc nhập; không ghi gì. Hãy tải tệp lên lại.")) from exc
    return {"message": _("Đã ghi %(rows)s dòng: %(c)s mới, %(u)s thay đổi, %(n)s không đổi.")
            % {"rows": report.rows, "c": report.created, "u": report.updated, "n": report.unchanged},
            "url": reverse(importer.done_url), "link_text": _("Xem kết quả")}
