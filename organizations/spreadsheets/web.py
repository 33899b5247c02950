"""Checked imports on the web: upload → preview (every change field by field, or every error) → confirm.

The checked file waits in the database (PendingUpload), so that the confirmation may reach any app server, and it
is used up in the transaction that writes its rows: when the database goes away half-way both roll back.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobs.models import Job
from jobs.services import job_start
from organizations import access
from organizations.models import PendingUpload
from organizations.spreadsheets.cells import ImportFailed, ImportReport
from organizations.spreadsheets.reader import EXTENSIONS, MAX_BYTES, FileRefused, extension_of

MAX_SHOWN = 500  # errors or changes listed on the page; the counts say how many there are in all
CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "csv": "text/csv; charset=utf-8"}


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp (.xlsx hoặc .csv)"),
                           help_text=format_lazy(gettext_lazy("Tối đa {} MB."), MAX_BYTES // 1024 // 1024))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page writes the form, its busy state and its button

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refuse by size and type before anything reads the content.
        if upload.size == 0:
            raise forms.ValidationError(_("Tệp rỗng."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (%(mb).1f MB); tối đa %(max)s MB.")
                                        % {"mb": upload.size / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024})
        if extension_of(upload.name) not in EXTENSIONS:
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        return upload


# Files up to this size are checked and written within the request (a few thousand rows); larger ones by a
# background job (jobs app), whose page shows the progress and leads to the same preview.
INLINE_MAX_BYTES = 200 * 1024
CHECK = "spreadsheets.import_check"
WRITE = "spreadsheets.import_write"
_IMPORTERS: dict[str, Importer] = {}


@dataclass(frozen=True)
class Importer:
    """One kind of checked import: how to run it on a file's bytes, and its pages (URL names)."""

    kind: str  # "organizations", "members": the PendingUpload's kind and the session key
    run: Callable[..., ImportReport]  # run(data, name, *, user, dry_run) -> report; FileRefused, ImportFailed
    page: str  # the template of the upload page
    done_url: str  # where a confirmed import goes
    upload_url: str  # the upload page, where a refused confirmation goes back
    checked_url: str  # the outcome of a background check (args: the job's id)

    def __post_init__(self) -> None:
        _IMPORTERS[self.kind] = self  # a background job names its importer by kind

    @property
    def session_key(self) -> str:
        return f"import_{self.kind}"


def importer_of(kind: str) -> Importer:
    return _IMPORTERS[kind]


def import_views(importer: Importer, guard: Callable) -> tuple[Callable, Callable, Callable]:
    """The upload page, the confirmation and the outcome of a background check of an importer, behind `guard`
    (login, personal data…); all refuse read-only roles (organizations/access.py)."""

    @guard
    @require_http_methods(["GET", "POST"])
    def upload_page(request: HttpRequest) -> HttpResponse:
        access.require_writer(request.user)
        return upload(request, importer)

    @guard
    @require_POST
    def confirm_page(request: HttpRequest) -> HttpResponse:
        access.require_writer(request.user)
        return confirm(request, importer)

    @guard
    @require_GET
    def checked_page(request: HttpRequest, pk) -> HttpResponse:
        access.require_writer(request.user)
        return checked(request, importer, pk)

    return upload_page, confirm_page, checked_page


def download(content: bytes, name: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def upload(request: HttpRequest, importer: Importer, context: dict | None = None) -> HttpResponse:
    """Check an uploaded file without writing; show every error by row and column, or the changes to confirm."""
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, **(context or {})}
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > INLINE_MAX_BYTES:
            return _in_background(request, importer, CHECK, _keep(request, importer, uploaded.name, uploaded.read()),
                                  _("Kiểm tra tệp %(name)s") % {"name": uploaded.name[:150]})
        data = uploaded.read()
        try:
            report = importer.run(data, uploaded.name, user=request.user, dry_run=True)
        except FileRefused as exc:
            form.add_error("file", str(exc))
        except ImportFailed as exc:
            context.update(errors_context(exc))
        else:
            context.update(preview_context(report, uploaded.name, _keep(request, importer, uploaded.name, data)))
    return render(request, importer.page, context)


def _keep(request: HttpRequest, importer: Importer, name: str, data: bytes) -> str:
    """Store a file until its confirmation (in the database: any app server, or the worker, may read it)."""
    token = secrets.token_hex(16)
    _forget_abandoned()
    PendingUpload.objects.create(kind=importer.kind, token=token, user=request.user, name=name[:255], data=data)
    request.session[importer.session_key] = token
    return token


def _in_background(request: HttpRequest, importer: Importer, name: str, token: str, title: str) -> HttpResponse:
    job = job_start(name=name, title=title, user=request.user, arguments={"kind": importer.kind, "token": token},
                    back_url=reverse(importer.upload_url))
    return redirect("job", job.pk)


def errors_context(exc: ImportFailed) -> dict:
    """What the page shows of a file with errors (also kept, as JSON, in a check job's result)."""
    errors = [{"sheet": e.sheet, "row": e.row, "column": e.column, "message": e.message}
              for e in exc.errors[:MAX_SHOWN]]
    return {"errors": errors, "error_count": len(exc.errors)}


def preview_context(report: ImportReport, name: str, token: str) -> dict:
    """What the page shows of a checked file before its confirmation (JSON values only)."""
    changes = [{"row": c.row, "key": c.key, "action": c.action, "fields": [list(f) for f in c.fields]}
               for c in report.changes[:MAX_SHOWN]]
    return {"report": {"rows": report.rows, "created": report.created, "updated": report.updated,
                       "unchanged": report.unchanged},
            "changes": changes, "more_changes": max(0, len(report.changes) - MAX_SHOWN), "name": name,
            "token": token}


def checked(request: HttpRequest, importer: Importer, pk) -> HttpResponse:
    """The outcome of a background check: the same page as a small file's (errors, or the preview to confirm)."""
    job = access.job_for_user_or_404(request.user, pk)
    if job.name != CHECK or job.status != Job.Status.DONE or job.arguments.get("kind") != importer.kind:
        raise Http404
    context = {"form": UploadForm()}
    context.update({key: value for key, value in job.result.items() if key not in ("message", "url", "link_text")})
    return render(request, importer.page, context)


def _forget_abandoned(max_age: datetime.timedelta = datetime.timedelta(days=1)) -> None:
    """Checked files never confirmed are removed after a day."""
    PendingUpload.objects.filter(created_at__lt=timezone.now() - max_age).delete()


def confirm(request: HttpRequest, importer: Importer) -> HttpResponse:
    """Write the checked file; every rule is checked again inside the transaction."""
    token = request.session.pop(importer.session_key, None)
    stored = None
    if token and token == request.POST.get("token"):
        stored = PendingUpload.objects.filter(kind=importer.kind, token=token, user=request.user).first()
    if stored is None:
        messages.error(request, _("Không tìm thấy tệp đã kiểm tra; hãy tải tệp lên lại."))
        return redirect(importer.upload_url)
    if len(stored.data) > INLINE_MAX_BYTES:
        return _in_background(request, importer, WRITE, stored.token,
                              _("Ghi tệp %(name)s") % {"name": stored.name[:150]})
    try:
        with transaction.atomic():
            report = importer.run(bytes(stored.data), stored.name, user=request.user, dry_run=False)
            stored.delete()
    except (FileRefused, ImportFailed) as exc:
        PendingUpload.objects.filter(pk=stored.pk).delete()
        messages.error(request, _("Không ghi được: %(e)s") % {"e": str(exc)[:2000]})
        return redirect(importer.upload_url)
    except IntegrityError:
        PendingUpload.objects.filter(pk=stored.pk).delete()
        messages.error(request, _("Có người vừa ghi cùng hồ sơ trong lúc nhập; không ghi gì. Hãy tải tệp lên lại."))
        return redirect(importer.upload_url)
    messages.success(request, _("Đã ghi %(rows)s dòng: %(c)s mới, %(u)s thay đổi, %(n)s không đổi.")
                     % {"rows": report.rows, "c": report.created, "u": report.updated, "n": report.unchanged})
    return redirect(importer.done_url)
