"""Writes of the reports app: the summary tables the dashboards read (called by ratings after every change)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reports import summaries
from reports.models import SummaryState


def _bump(*, rebuilt: bool) -> None:
    now = timezone.now()
    state, _created = SummaryState.objects.get_or_create(pk=1)
    fields = {"version": F("version") + 1, "refreshed_at": now}
    if rebuilt:
        fields["rebuilt_at"] = now
    SummaryState.objects.filter(pk=state.pk).update(**fields)


@transaction.atomic
def summaries_refresh(*, organization_ids: list[int], year: int) -> None:
    """Recompute the summaries touched by these organizations' ratings or returns of one year.

    Organizations may be members' cells, cells, constituents, GPOs or reporting committees: each is mapped to
    its GPO (or kept as itself above GPO level), and that GPO's province is recomputed for the year.
    """
    summaries.refresh(organization_ids=list(organization_ids), years=[int(year)])
    _bump(rebuilt=False)


@transaction.atomic
def summaries_rebuild() -> None:
    """Recompute every summary from all ratings and returns (set-based; minutes at national scale)."""
    summaries.rebuild_all()
    _bump(rebuilt=True)
