from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self) -> None:
        # The freshness seam: lower apps announce changed figures; this app owns the summaries and refreshes them.
        from organizations.signals import figures_changed
        from reports.services import figures_changed_received

        figures_changed.connect(figures_changed_received, dispatch_uid="reports.summaries_refresh")
