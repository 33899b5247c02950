"""Writes of the reports app: the summary tables the dashboards read, kept fresh through the figures_changed seam.

Every writer below (ratings, returns, cycles, member events, mergers, admin saves) sends
`organizations.signals.figures_changed` inside its transaction; `figures_changed_received` recomputes the rows it
names in that same transaction, so the figures commit with the change or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import summaries
from reports.models import SummaryState


def _lock() -> None:
    """Refreshes take turns: two at once would each delete a province's rows and insert their own (twice the
    figures). The one state row is the lock, held until the writer's transaction ends, like the version bump."""
    SummaryState.objects.get_or_create(pk=1)
    SummaryState.objects.select_for_update().get(pk=1)


def _bump(*, rebuilt: bool) -> None:
    now = timezone.now()
    fields = {"version": F("version") + 1, "refreshed_at": now}
    if rebuilt:
        fields["rebuilt_at"] = now
    SummaryState.objects.filter(pk=1).update(**fields)


@transaction.atomic
def summaries_refresh(*, organization_ids: Iterable[int] = (), years: Iterable[int] | None = None,
                      unit_ids: Iterable[int] = ()) -> None:
    """Recompute the summaries touched by these organizations' ratings or returns of these years (None: every
    year), and the provinces whose figures depend on these administrative units."""
    _lock()
    summaries.refresh(organization_ids=list(organization_ids), years=None if years is None else sorted(set(years)),
                      unit_ids=list(unit_ids))
    _bump(rebuilt=False)


@transaction.atomic
def summaries_rebuild(*, progress: Callable[..., None] | None = None) -> None:
    """Recompute every summary from all ratings and returns (set-based; under a minute at national scale).
    `progress(done, total, stage)` hears of each step (the web's background job shows them)."""
    step = progress or (lambda *_args, **_kwargs: None)
    step(0, 3, stage=_("Chờ các lần ghi khác xong…"))
    _lock()
    step(1, 3, stage=_("Đang tính lại các bảng tổng hợp…"))
    summaries.rebuild_all()
    step(2, 3, stage=_("Đang ghi phiên bản mới…"))
    _bump(rebuilt=True)
    step(3, 3, stage="")


def summaries_check() -> list[tuple[str, dict, int]]:
    """Recompute every summary apart and list where the stored ones differ (nothing is written)."""
    return summaries.differences()


def figures_changed_received(sender, *, organization_ids, years, unit_ids, **kwargs) -> None:
    """The receiver of organizations.signals.figures_changed (connected in ReportsConfig.ready)."""
    summaries_refresh(organization_ids=organization_ids, years=years, unit_ids=unit_ids)
