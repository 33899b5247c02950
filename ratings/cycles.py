"""The year's lock of a reporting unit, read where every writer reads it: under a row lock in its write transaction.

Every writer of a unit-year (grids, imports, single ratings, summary returns, the admin) and the workflow (submit,
approve, reopen) takes the lock of the unit-year's cycle row before it reads what it will change, so that an
approval and a write, or two writes, take turns instead of both acting on what each read before the other committed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from ratings.models import ReviewCycle

Status = ReviewCycle.Status
LOCKED = (Status.SUBMITTED, Status.APPROVED)
Pair = tuple[int, int]  # (reporting organization id, year)
_CHUNK = 2000


def read_cycles(pairs: Iterable[Pair], *, lock: bool = False) -> dict[Pair, ReviewCycle]:
    """The cycle rows of these unit-years (missing ones are absent); `lock` takes their row locks, in one order."""
    pairs = sorted(set(pairs))
    found: dict[Pair, ReviewCycle] = {}
    years = {year for _unit, year in pairs}
    for start in range(0, len(pairs), _CHUNK):
        units = {unit for unit, _year in pairs[start:start + _CHUNK]}
        rows = ReviewCycle.objects.filter(organization_id__in=units, year__in=years)
        if lock:
            # Ordered, so that two writers of overlapping unit-years take the locks in the same order (no deadlock).
            rows = rows.select_for_update().order_by("organization_id", "year")
        found.update(((c.organization_id, c.year), c) for c in rows)
    return {pair: found[pair] for pair in pairs if pair in found}


def lock_cycles(pairs: Iterable[Pair], *, user) -> dict[Pair, ReviewCycle]:
    """Lock the cycle rows of these unit-years for the rest of the transaction, creating the missing ones (draft):
    a unit-year with ratings or returns has its cycle, so its status bar and the approval work at once."""
    pairs = set(pairs)
    missing = sorted(pairs - set(read_cycles(pairs)))
    if missing:
        _create_cycles(missing, user)
    return read_cycles(pairs, lock=True)


def _create_cycles(pairs: list[Pair], user) -> None:
    new = [ReviewCycle(organization_id=unit, year=year, status=Status.DRAFT, changed_by=user) for unit, year in pairs]
    try:
        with transaction.atomic():
            bulk_create_with_history(new, ReviewCycle, default_user=user)
    except IntegrityError:
        # Another writer created some of them meanwhile (and PostgreSQL made us wait for its commit): one by one.
        for cycle in new:
            cycle.pk = None
            cycle._history_user = user
            try:
                with transaction.atomic():
                    cycle.save()
            except IntegrityError:
                continue


def lock_cycle(organization_id: int, year: int, *, user) -> ReviewCycle:
    return lock_cycles({(organization_id, year)}, user=user)[(organization_id, year)]


def is_locked(cycle: ReviewCycle | None) -> bool:
    return cycle is not None and cycle.status in LOCKED
