"""The freshness seam: writers say which figures changed; whoever keeps figures derived from them listens.

Defined in the lowest app so that every writer (organizations, members, ratings, the admin) can send it without
importing the app that keeps the dashboards' summary tables (reports connects its receiver in its AppConfig).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

# Sent with:
#   organization_ids: the organizations whose figures may have changed. For ratings, the grassroots organization
#       (GPO) the rating is recorded under; for summary returns, the reporting organization; any organization may
#       be named (a cell, a committee): the receiver widens it to the GPO above it and to where its ratings sit.
#   years: the years reviewed that changed, or None for every year (a change to the structure).
#   unit_ids: administrative units whose area flags, validity or lineage changed (figures by area and
#       "boundaries as of today" depend on them).
figures_changed = Signal()


def announce_figures(
    sender: object,
    *,
    organization_ids: Iterable[int | None] = (),
    years: Iterable[int] | None = None,
    unit_ids: Iterable[int | None] = (),
) -> None:
    """Send `figures_changed` from inside the write transaction, so the derived figures commit with the data.

    Outside a transaction a refresh would commit apart from the change it follows (or without it): refused.
    """
    organization_ids = sorted({pk for pk in organization_ids if pk})
    unit_ids = sorted({pk for pk in unit_ids if pk})
    years = None if years is None else sorted({int(year) for year in years})
    if not organization_ids and not unit_ids:
        return
    if years is not None and not years:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("figures_changed must be sent inside the write's transaction (transaction.atomic).")
    figures_changed.send(sender=sender, organization_ids=organization_ids, years=years, unit_ids=unit_ids)
