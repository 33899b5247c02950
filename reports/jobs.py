"""Background jobs of the reports app (run by `manage.py jobs_worker`)."""

from __future__ import annotations

import time

from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.registry import job_function
from reports import services

REBUILD = "reports.rebuild_summaries"


@job_function(REBUILD)
def rebuild_summaries(run) -> dict:
    """The summary tables recomputed from every rating and return, in one transaction."""
    started = time.monotonic()
    services.summaries_rebuild(progress=run.progress)
    return {"message": _("Đã tính lại toàn bộ các bảng tổng hợp trong %(s)s giây.")
            % {"s": f"{time.monotonic() - started:.1f}"},
            "url": reverse("reports:index"), "link_text": _("Về trang báo cáo")}
