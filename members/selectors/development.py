"""Member development per year: admissions, official recognitions, removals, disciplines, classes, targets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Case, Count, F, IntegerField, When
from django.db.models.functions import ExtractYear

from members.models import AdmissionTarget, AwarenessClass, MemberEvent
from members.selectors.tree import cells_under, ids_of, invert

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
        .filter(cell__in=by_cell.keys())
        .values("cell", "year", "kind", "discipline_level")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        add(row["cell"], row["year"], _COLUMNS[row["kind"]], row["n"])
        if row["discipline_level"] == MemberEvent.DisciplineLevel.EXPULSION:
            add(row["cell"], row["year"], "expulsions", row["n"])
    arrivals = (
        events.filter(kind=Kind.TRANSFER, to_cell_id__in=by_cell.keys())
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
    by_cell = invert(cells_under(ids_of(organizations)))
    table: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: {"attendees": 0, "cells": 0})
    rows = AwarenessClass.objects.filter(cell_id__in=by_cell.keys(), year__gte=first_year, year__lte=last_year).values(
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


__all__ = ["admission_targets", "awareness_class_attendance", "events_per_year", "total_admissions"]
