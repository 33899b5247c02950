"""Member development per year: admissions, official recognitions, removals, disciplines, classes, targets."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, IntegerField, Q, When
from django.db.models.functions import ExtractYear

from members.history import MemberState, apply_event, effective_events
from members.models import AdmissionTarget, AwarenessClass, Member, MemberEvent
from members.selectors.tree import cells_subquery, cells_under, ids_of, invert

Kind = MemberEvent.Kind
# Column of each counted kind; an expulsion is a discipline and is also shown on its own.
_COLUMNS = {
    Kind.ADMISSION: "admissions",
    Kind.OFFICIAL: "officials",
    Kind.REMOVAL: "removals",
    Kind.DISCIPLINE: "disciplines",
    Kind.DEATH: "deaths",
    Kind.TRANSFER: "transfers_out",
}
COLUMNS = ("admissions", "officials", "removals", "disciplines", "expulsions", "deaths", "transfers_in", "transfers_out")


def events_per_year(organizations: Iterable, first_year: int, last_year: int) -> list[dict]:
    """Rows {organization_id, year, admissions, officials, removals, disciplines, expulsions, deaths, transfers_in,
    transfers_out}, counting the events in force (corrections applied) in the cell where each happened.

    A transfer between two cells of the same organization counts both out and in.
    """
    org_ids = ids_of(organizations)
    by_cell = invert(cells_under(org_ids))
    events = MemberEvent.objects.effective().filter(date__year__gte=first_year, date__year__lte=last_year)
    table: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))

    def add(cell_id: int | None, year: int, column: str, n: int) -> None:
        for org_id in by_cell.get(cell_id, ()):
            table[(org_id, year)][column] += n

    rows = (
        events.exclude(kind__in=(Kind.EXEMPTION, Kind.EXEMPTION_END))
        .annotate(
            year=ExtractYear("date"),
            cell=Case(When(kind=Kind.ADMISSION, then=F("to_cell_id")), default=F("from_cell_id"),
                      output_field=IntegerField()),
        )
        .filter(cell__in=cells_subquery(org_ids))
        .values("cell", "year", "kind", "discipline_level")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        add(row["cell"], row["year"], _COLUMNS[row["kind"]], row["n"])
        if row["discipline_level"] == MemberEvent.DisciplineLevel.EXPULSION:
            add(row["cell"], row["year"], "expulsions", row["n"])
    arrivals = (
        events.filter(kind=Kind.TRANSFER, to_cell_id__in=cells_subquery(org_ids))
        .annotate(year=ExtractYear("date"))
        .values("to_cell_id", "year")
        .annotate(n=Count("pk"))
    )
    for row in arrivals:
        add(row["to_cell_id"], row["year"], "transfers_in", row["n"])
    return [
        {"organization_id": org_id, "year": year, **counts}
        for (org_id, year), counts in sorted(table.items())
    ]


def awareness_class_attendance(organizations: Iterable, first_year: int, last_year: int) -> list[dict]:
    """Rows {organization_id, year, attendees, cells}: people sent to Party awareness classes."""
    org_ids = ids_of(organizations)
    by_cell = invert(cells_under(org_ids))
    table: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: {"attendees": 0, "cells": 0})
    rows = AwarenessClass.objects.filter(cell_id__in=cells_subquery(org_ids), year__gte=first_year, year__lte=last_year).values(
        "cell_id", "year", "attendees"
    )
    for row in rows:
        for org_id in by_cell[row["cell_id"]]:
            table[(org_id, row["year"])]["attendees"] += row["attendees"]
            table[(org_id, row["year"])]["cells"] += 1
    return [{"organization_id": o, "year": y, **v} for (o, y), v in sorted(table.items())]


def admission_targets(organizations: Iterable, first_year: int, last_year: int) -> list[dict]:
    """Rows {organization_id, year, minimum, maximum, admitted, met} for the targets set on these organizations."""
    org_ids = ids_of(organizations)
    targets = list(
        AdmissionTarget.objects.filter(organization_id__in=org_ids, year__gte=first_year, year__lte=last_year)
        .values("organization_id", "year", "minimum", "maximum")
        .order_by("organization_id", "year")
    )
    admitted = {
        (row["organization_id"], row["year"]): row["admissions"]
        for row in events_per_year(org_ids, first_year, last_year)
    }
    for row in targets:
        row["admitted"] = admitted.get((row["organization_id"], row["year"]), 0)
        row["met"] = row["admitted"] >= row["minimum"]
    return targets


def total_admissions(organizations: Iterable, first_year: int, last_year: int) -> dict[int, int]:
    """Admissions over the whole period per organization (e.g. Quế Phong: 286 in 2020–2022)."""
    totals: dict[int, int] = defaultdict(int)
    for row in events_per_year(organizations, first_year, last_year):
        totals[row["organization_id"]] += row["admissions"]
    return dict(totals)




def _timeline(events: list[MemberEvent]) -> list[tuple[datetime.date, int | None, str]]:
    """(date, cell, status) after each event in force; a history that breaks a rule is cut where it breaks."""
    state, points = MemberState(), []
    for event in effective_events(events):
        try:
            apply_event(state, event)
        except ValidationError:
            break
        points.append((event.date, state.cell_id, state.status))
    return points


def members_at_year_end(organizations: Iterable, first_year: int, last_year: int) -> list[dict]:
    """Rows {organization_id, year, members, official}: the rolls on 31 December of each year, rebuilt from the
    events (a member counts where their cell was then). Records without events count from their admission date in
    their current cell (e.g. Quế Phong, article 003: 5,251 members in 2020, 5,417 in September 2022)."""
    org_ids = ids_of(organizations)
    by_cell = invert(cells_under(org_ids))
    cells = set(by_cell)
    subquery = cells_subquery(org_ids)
    touched = MemberEvent.objects.filter(Q(to_cell_id__in=subquery) | Q(from_cell_id__in=subquery)).values("member_id")
    events: dict[int, list[MemberEvent]] = defaultdict(list)
    for event in MemberEvent.objects.filter(member_id__in=touched).only(
        "pk", "member_id", "kind", "date", "to_cell_id", "corrects_id", "discipline_level"
    ):
        events[event.member_id].append(event)
    timelines = [_timeline(member_events) for member_events in events.values()]
    for row in Member.objects.filter(cell_id__in=subquery).exclude(pk__in=touched).values(
        "admitted_on", "official_on", "cell_id", "status"
    ):
        points = [(row["admitted_on"], row["cell_id"], Member.Status.PROBATIONARY)]
        if row["official_on"]:
            points.append((row["official_on"], row["cell_id"], Member.Status.OFFICIAL))
        timelines.append(points if row["status"] in Member.ACTIVE_STATUSES else points[:0])
    table: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: {"members": 0, "official": 0})
    for points in timelines:
        for year in range(first_year, last_year + 1):
            day = datetime.date(year, 12, 31)
            current = next((p for p in reversed(points) if p[0] <= day), None)
            if current is None or current[2] not in Member.ACTIVE_STATUSES or current[1] not in cells:
                continue
            for org_id in by_cell[current[1]]:
                table[(org_id, year)]["members"] += 1
                table[(org_id, year)]["official"] += current[2] == Member.Status.OFFICIAL
    return [{"organization_id": o, "year": y, **v} for (o, y), v in sorted(table.items())]
