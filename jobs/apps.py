from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Công việc chạy nền")

    def ready(self) -> None:
        # Job functions register themselves when their module is imported; the worker imports every app's
        # `jobs` module so that a job enqueued by one app can be run by a worker that never served its pages.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
