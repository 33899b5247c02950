"""Where each member belonged in a year reviewed, by the events in force: the place a year's rating is kept.

The day that counts is 31 December of the year reviewed: the member's cell on that day. A member who left during
the year (moved out of the cells kept here, removed, expelled or died) counts in the last cell of that year.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Q

from members.history import MemberState, apply_event, effective_events
from members.models import Member, MemberEvent

Kind = MemberEvent.Kind
# Only these events move a member or end a membership; a history of admission, official recognition and
# exemptions leaves the member in the cell of their record all along (the record caches the admission's cell).
_MOVING = (Kind.TRANSFER, Kind.REMOVAL, Kind.DEATH, Kind.DISCIPLINE, Kind.CORRECTION)
_CHUNK = 5000


class YearEnd(NamedTuple):
    cell_id: int | None  # None: not yet admitted by the end of the year
    belonged: bool  # a member at some time during the year (admitted by its end, not gone before its start)


def _timeline(events: list[MemberEvent]) -> list[tuple[datetime.date, int | None, bool]]:
    """(date, cell, active) after each event in force; a history that breaks a rule is read up to the break."""
    state, points = MemberState(), []
    for event in effective_events(events):
        try:
            apply_event(state, event)
        except ValidationError:
            break
        points.append((event.date, state.cell_id, state.status in Member.ACTIVE_STATUSES))
    return points


def _year_end(points: list[tuple[datetime.date, int | None, bool]], year: int) -> YearEnd:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    last = None
    belonged = False
    for position, (day, cell_id, active) in enumerate(points):
        if day > end:
            break
        last = cell_id
        following = points[position + 1][0] if position + 1 < len(points) else None
        if active and (following is None or following >= start):
            belonged = True
    return YearEnd(last, belonged)


def year_end_cells(member_ids: Iterable[int], years: Iterable[int], *,
                   records: dict[int, tuple] | None = None) -> dict[tuple[int, int], YearEnd]:
    """(member id, year) → the member's cell at the end of that year and whether they belonged that year.

    `records`: member id → (cell id, admission date, status) from the caller, to save reading them again.
    """
    ids, years = sorted(set(member_ids)), sorted(set(years))
    result: dict[tuple[int, int], YearEnd] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        if records is not None:
            known = {pk: (pk, *records[pk]) for pk in chunk if pk in records}
        else:
            known = {row[0]: row for row in Member.objects.filter(pk__in=chunk).values_list(
                "pk", "cell_id", "admitted_on", "status")}
        moved = set(MemberEvent.objects.filter(member_id__in=chunk, kind__in=_MOVING).values_list("member_id",
                                                                                                     flat=True))
        events: dict[int, list[MemberEvent]] = defaultdict(list)
        for event in MemberEvent.objects.filter(member_id__in=moved).only(
            "pk", "member_id", "kind", "date", "to_cell_id", "corrects_id", "discipline_level", "transfer_scope"
        ):
            events[event.member_id].append(event)
        for pk, cell_id, admitted_on, status in known.values():
            points = _timeline(events[pk]) if pk in events else None
            for year in years:
                if points:
                    result[(pk, year)] = _year_end(points, year)
                else:
                    # No event that moves the member: their record's cell and status hold from the admission on.
                    admitted = admitted_on <= datetime.date(year, 12, 31)
                    result[(pk, year)] = YearEnd(cell_id if admitted else None,
                                                 admitted and status in Member.ACTIVE_STATUSES)
    return result


def members_touching(cell_ids: Iterable[int]) -> set[int]:
    """Members who are in one of these cells or ever moved into or out of one (candidates for "as they were")."""
    cells = list(set(cell_ids))
    if not cells:
        return set()
    current = set(Member.objects.filter(cell_id__in=cells).values_list("pk", flat=True))
    moved = set(MemberEvent.objects.filter(Q(to_cell_id__in=cells) | Q(from_cell_id__in=cells))
                .values_list("member_id", flat=True))
    return current | moved
