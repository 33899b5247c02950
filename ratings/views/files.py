"""Spreadsheets on the web: template download, upload with a preview of every row error, confirm, export."""

from __future__ import annotations

import datetime
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobs.models import Job
from jobs.services import job_start
from organizations import access
from organizations.spreadsheets.reader import FileRefused, read_table
from ratings import jobs as import_jobs
from ratings.forms import ExportForm, UploadForm
from ratings.models import PendingImport, Rating
from ratings.spreadsheets import resources
from ratings.spreadsheets.template import template_file
from ratings.spreadsheets.importer import ImportFailed, import_table

CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "csv": "text/csv; charset=utf-8"}
SESSION_KEY = "ratings_import"
TEMPLATE_FIRST_YEAR = 2000  # the oldest schemes (the articles' years before 2008) start here


def _require_writer(request: HttpRequest) -> None:
    if not access.writable_organizations_for(request.user).exists():
        raise PermissionDenied


def _download(content: bytes, name: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _template_year(request: HttpRequest) -> int:
    """The year whose scheme fills the template's level list (?year=); this year when absent or not a year."""
    this_year = datetime.date.today().year
    text = request.GET.get("year", "")
    if text.isascii() and text.isdigit() and TEMPLATE_FIRST_YEAR <= int(text) <= this_year:
        return int(text)
    return this_year


@login_required
def template(request: HttpRequest, subject: str, file_format: str) -> HttpResponse:
    if subject not in resources.RESOURCES or file_format not in CONTENT_TYPES:
        raise Http404
    year = _template_year(request)
    content = template_file(subject, year, file_format)
    return _download(content, f"mau-xep-loai-{subject}-{year}.{file_format}", file_format)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET or None)
    if not form.is_valid():
        return render(request, "ratings/export.html", {"form": form})
    subject = form.cleaned_data["subject"]
    if subject == "member":
        access.require_personal_data_access(request.user)
        base = Rating.objects.filter(access.in_scope_filter(request.user, "member__cell__"))
    else:
        base = Rating.objects.filter(organization__in=access.organizations_for(request.user))
    year, file_format = form.cleaned_data["year"], form.cleaned_data["file_format"]
    dataset = resources.dataset_for(year=year, subject=subject, base=base)
    return _download(resources.render(dataset, file_format), f"xep-loai-{subject}-{year}.{file_format}", file_format)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Check an uploaded file without writing; show the errors per row and column, or a preview to confirm."""
    _require_writer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = _page_context(request, form)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > import_jobs.INLINE_MAX_BYTES:
            return _check_in_background(request, upload)
        data = upload.read()
        try:
            table = read_table(data, upload.name)
            report = import_table(table, user=request.user, dry_run=True)
        except FileRefused as exc:
            form.add_error("file", str(exc))
        except ImportFailed as exc:
            context.update(import_jobs.errors_context(exc))
        else:
            token = _keep(request, upload.name, data)
            context.update(import_jobs.preview_context(report, table, name=upload.name, token=token))
    return render(request, "ratings/import.html", context)


def _page_context(request: HttpRequest, form: UploadForm) -> dict:
    this_year = datetime.date.today().year
    return {"form": form, "template_year": _template_year(request),
            "template_years": range(this_year, TEMPLATE_FIRST_YEAR - 1, -1)}


def _keep(request: HttpRequest, name: str, data: bytes) -> str:
    """Store a file until its confirmation (in the database: any app server, or the worker, may read it)."""
    token = secrets.token_hex(16)
    _forget_abandoned()
    PendingImport.objects.create(token=token, user=request.user, name=name[:255], data=data)
    request.session[SESSION_KEY] = {"token": token, "name": name}
    return token


def _check_in_background(request: HttpRequest, upload) -> HttpResponse:
    """A large file is stored as it came and checked by a background job; the request ends at once."""
    with transaction.atomic():
        token = _keep(request, upload.name, upload.read())
        job = job_start(name=import_jobs.CHECK, title=_("Kiểm tra tệp %(name)s") % {"name": upload.name[:150]},
                        user=request.user, arguments={"token": token}, back_url=reverse("ratings:import"))
    return redirect("job", job.pk)


@login_required
@require_GET
def import_checked(request: HttpRequest, pk) -> HttpResponse:
    """The outcome of a background check: the same page as a small file's check (errors, or preview to confirm)."""
    _require_writer(request)
    job = access.job_for_user_or_404(request.user, pk)
    if job.name != import_jobs.CHECK or job.status != Job.Status.DONE:
        raise Http404
    context = _page_context(request, UploadForm())
    context.update({key: value for key, value in job.result.items() if key not in ("message", "url", "link_text")})
    return render(request, "ratings/import.html", context)


def _forget(request: HttpRequest, stored: PendingImport) -> None:
    request.session.pop(SESSION_KEY, None)
    PendingImport.objects.filter(pk=stored.pk).delete()


def _forget_abandoned(max_age: datetime.timedelta = datetime.timedelta(days=1)) -> None:
    """Checked files never confirmed are removed after a day."""
    PendingImport.objects.filter(created_at__lt=timezone.now() - max_age).delete()


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Write the checked file; every rule is checked again inside the transaction."""
    _require_writer(request)
    pending = request.session.get(SESSION_KEY)
    stored = None
    if pending and pending.get("token") == request.POST.get("token"):
        stored = PendingImport.objects.filter(token=pending["token"], user=request.user).first()
    if stored is None:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, _("Không tìm thấy tệp đã kiểm tra; hãy tải tệp lên lại."))
        return redirect("ratings:import")
    if len(stored.data) > import_jobs.INLINE_MAX_BYTES:
        request.session.pop(SESSION_KEY, None)  # the job owns the file now: a second click finds nothing to send
        job = job_start(name=import_jobs.WRITE, title=_("Ghi tệp %(name)s") % {"name": stored.name[:150]},
                        user=request.user, arguments={"token": stored.token}, back_url=reverse("ratings:import"))
        return redirect("job", job.pk)
    try:
        # The checked file is used up in the transaction that writes its rows: when the database goes away half-way
        # both roll back, and the same confirmation can be sent again.
        with transaction.atomic():
            report = import_table(read_table(bytes(stored.data), stored.name), user=request.user)
            PendingImport.objects.filter(pk=stored.pk).delete()
    except (FileRefused, ImportFailed) as exc:
        _forget(request, stored)
        messages.error(request, _("Không ghi được: %(e)s") % {"e": str(exc)[:2000]})
        return redirect("ratings:import")
    except IntegrityError:
        # Another user wrote a rating of the same subject and year in the same instant.
        _forget(request, stored)
        messages.error(request, _("Có người vừa ghi kết quả của cùng đối tượng và năm; không ghi gì. Hãy tải tệp "
                                  "lên lại."))
        return redirect("ratings:import")
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("Đã ghi %(rows)s dòng: %(c)s mới, %(u)s thay đổi, %(n)s không đổi.")
                     % {"rows": report.rows, "c": report.created, "u": report.updated, "n": report.unchanged})
    return redirect("ratings:index")
