"""The page of a background job (progress bar, then the result and a link back) and its state as JSON."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jobs import selectors, services
from organizations import access


@login_required
@require_GET
def job_page(request: HttpRequest, pk) -> HttpResponse:
    job = services.job_recover_if_gone(access.job_for_user_or_404(request.user, pk))
    return render(request, "jobs/job.html", {"job": job, "result": job.result or {}})


@never_cache
@login_required
@require_GET
def job_status(request: HttpRequest, pk) -> JsonResponse:
    job = services.job_recover_if_gone(access.job_for_user_or_404(request.user, pk))
    return JsonResponse(selectors.job_state(job))
