"""Where a rating is given: the cell, grassroots organization (GPO), province and unit it is recorded under.

A rating is placed once, when it is written, and never moved: a member's transfer, or a merger of units or of
party organizations, leaves past figures, the year's lock and the rules' groups where they were. An organization's
rating is placed under its GPO; a member's under the GPO of the member's cell at the end of the year reviewed
(members.selectors.year_end_cells says which day counts). Province and unit are the GPO's when the rating is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from members import selectors as member_selectors
from members.models import Member
from organizations.models import PartyOrganization
from organizations.selectors import reporting_unit_ids

_CHUNK = 5000


class Place(NamedTuple):
    gpo_id: int
    province_id: int
    admin_unit_id: int | None
    cell_id: int | None = None

    def fields(self) -> dict:
        return {"gpo_id": self.gpo_id, "province_id": self.province_id, "admin_unit_id": self.admin_unit_id,
                "cell_id": self.cell_id}


def _units(organization_ids: set[int]) -> dict[int, Place]:
    """Each organization → the place of a rating given under it (its GPO, the GPO's province and unit)."""
    units = reporting_unit_ids(organization_ids)
    gpo_ids = sorted({unit or pk for pk, unit in units.items()})
    rows: dict[int, tuple[int, int | None]] = {}
    for start in range(0, len(gpo_ids), _CHUNK):
        rows.update((pk, (province_id, admin_unit_id)) for pk, province_id, admin_unit_id in
                    PartyOrganization.objects.filter(pk__in=gpo_ids[start:start + _CHUNK])
                    .values_list("pk", "province_id", "admin_unit_id"))
    places = {}
    for pk, unit in units.items():
        gpo_id = unit or pk  # a broken chain (no GPO above): the organization stands for itself
        province_id, admin_unit_id = rows[gpo_id]
        places[pk] = Place(gpo_id, province_id, admin_unit_id)
    return places


def organizations_placed(organization_ids: Iterable[int]) -> dict[int, Place]:
    """Organization id → where its rating is given."""
    return _units(set(organization_ids))


def members_placed(member_years: Iterable[tuple[int, int]], *,
                   records: dict[int, tuple] | None = None) -> dict[tuple[int, int], Place]:
    """(member id, year) → where that year's rating of the member is given (the cell at the year's end).

    `records`: member id → (cell id, admission date, status), when the caller has read them already.
    """
    pairs = set(member_years)
    if not pairs:
        return {}
    member_ids = {member_id for member_id, _year in pairs}
    if records is None or not member_ids <= set(records):
        records = {}
        ordered = sorted(member_ids)
        for start in range(0, len(ordered), _CHUNK):
            records.update((pk, rest) for pk, *rest in Member.objects.filter(
                pk__in=ordered[start:start + _CHUNK]).values_list("pk", "cell_id", "admitted_on", "status"))
    year_end = member_selectors.year_end_cells(member_ids, {year for _member, year in pairs}, records=records)
    record_cells = {pk: record[0] for pk, record in records.items()}
    cells = {}
    for member_id, year in pairs:
        if member_id in record_cells:
            # Before the admission there is no cell of that year (the rules refuse such a rating): the record's.
            cells[(member_id, year)] = year_end[(member_id, year)].cell_id or record_cells[member_id]
    places = _units(set(cells.values()))
    return {key: places[cell_id]._replace(cell_id=cell_id) for key, cell_id in cells.items()}


def return_place(organization: PartyOrganization) -> dict:
    """A summary return's province and unit: its reporting organization's, when the return is entered."""
    return {"province_id": organization.province_id, "admin_unit_id": organization.admin_unit_id}
