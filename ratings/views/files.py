"""Spreadsheets on the web: template download, upload with a preview of every row error, confirm, export."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobs.models import Job
from jobs.services import job_start
from members import access_log
from organizations import access
from organizations.spreadsheets.reader import FileRefused, read_table
from ratings import jobs as import_jobs
from ratings.forms import ExportForm, UploadForm
from ratings.models import PendingImport, Rating
from ratings.spreadsheets import preview, resources
from ratings.spreadsheets.template import template_file
from ratings.spreadsheets.importer import CLEAR_MARKER, ImportFailed, import_table
from ratings.spreadsheets.pending import (AlreadyApplied, PendingImportMissing, confirm_pending_import,
                                          pending_import_create, pending_import_discard, pending_import_for,
                                          pending_import_store)

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
    # Members' ratings are personal data: a user who may not read them is not offered them (no door to a 403).
    if request.GET.get("subject") == "member":
        access.require_personal_data_access(request.user)  # asked for by hand: refused, not "not a choice"
    form = ExportForm(request.GET or None, members=access.can_see_personal_data(request.user))
    if not form.is_valid():
        return render(request, "ratings/export.html", {"form": form})
    subject = form.cleaned_data["subject"]
    if subject == "member":
        base = Rating.objects.filter(access.in_scope_filter(request.user, "member__cell__"))
    else:
        base = Rating.objects.filter(organization__in=access.organizations_for(request.user))
    year, file_format = form.cleaned_data["year"], form.cleaned_data["file_format"]
    dataset = resources.dataset_for(year=year, subject=subject, base=base)
    if subject == "member":
        access_log.record(request.user, access_log.Action.EXPORT, request.get_full_path(), records=dataset.height)
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
            pending = pending_import_create(user=request.user, name=upload.name, data=data, report=report)
            request.session[SESSION_KEY] = {"token": pending.token, "name": upload.name}
            context.update(_preview_context(request, pending, notices=table.notices))
    elif request.method == "GET" and request.GET.get("token"):
        try:
            context.update(_preview_context(request, pending_import_for(user=request.user,
                                                                        token=request.GET["token"])))
        except PendingImportMissing:
            messages.error(request, _("Không tìm thấy tệp đã kiểm tra; hãy tải tệp lên lại."))
    return render(request, "ratings/import.html", context)


def _preview_context(request: HttpRequest, pending: PendingImport, notices=()) -> dict:
    """The checked file's counts and one page of its changes (?show=changed|warnings&page=N)."""
    return {"pending": pending, "token": pending.token, "report": pending.summary, "name": pending.name,
            "clear_marker": CLEAR_MARKER, "notices": [str(n) for n in notices],
            **preview.preview_page(pending.preview, request.GET, extra={"token": pending.token})}


def _page_context(request: HttpRequest, form: UploadForm) -> dict:
    this_year = datetime.date.today().year
    return {"form": form, "template_year": _template_year(request),
            "template_years": range(this_year, TEMPLATE_FIRST_YEAR - 1, -1)}


def _check_in_background(request: HttpRequest, upload) -> HttpResponse:
    """A large file is stored as it came and checked by a background job; the request ends at once."""
    with transaction.atomic():
        token = pending_import_store(user=request.user, name=upload.name, data=upload.read()).token
        request.session[SESSION_KEY] = {"token": token, "name": upload.name}
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
    if job.result.get("token"):
        try:
            pending = pending_import_for(user=request.user, token=job.result["token"])
        except PendingImportMissing:
            raise Http404 from None  # discarded, or removed after a day
        context.update(_preview_context(request, pending, notices=job.result.get("notices", ())))
    return render(request, "ratings/import.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Write the checked file once (a large one by a background job); every rule is checked again."""
    _require_writer(request)
    token = request.POST.get("token", "")
    request.session.pop(SESSION_KEY, None)
    pending = PendingImport.objects.filter(token=token, user=request.user, applied_at__isnull=True).first()
    if pending is not None and len(pending.data) > import_jobs.INLINE_MAX_BYTES:
        job = job_start(name=import_jobs.WRITE, title=_("Ghi tệp %(name)s") % {"name": pending.name[:150]},
                        user=request.user, arguments={"token": token}, back_url=reverse("ratings:import"))
        return redirect("job", job.pk)
    try:
        report = confirm_pending_import(user=request.user, token=token)
    except PendingImportMissing:
        messages.error(request, _("Không tìm thấy tệp đã kiểm tra; hãy tải tệp lên lại."))
    except AlreadyApplied as exc:
        messages.info(request, str(exc))
        return redirect("ratings:index")
    except (FileRefused, ImportFailed, IntegrityError) as exc:
        pending_import_discard(user=request.user, token=token)
        messages.error(request, import_jobs.refusal(exc))
    else:
        messages.success(request, import_jobs.written(report))
        return redirect("ratings:index")
    return redirect("ratings:import")
