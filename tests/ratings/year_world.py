"""A commune whose year is fully rated through the services, for the returns page and the documents' tests."""

from __future__ import annotations

from dataclasses import dataclass

from ratings import services
from ratings.services import GridEntry
from tests.ratings.factories import commune, level

YEAR = 2024
OVERRIDE_REASON = "Thành tích đột xuất trong phòng chống thiên tai"


@dataclass
class RatedYear:
    gpo: object
    constituent: object
    cells: list
    members: dict
    year: int


def rated_year(province_committee, staff, *, year: int = YEAR) -> RatedYear:
    """A GPO (3 direct cells, a constituent with 1 cell, 4 members each) rated in full: organizations 1/2/2/3/2/2,
    members mostly "good", one "excellent" over the quota with a reason, one "not completed", one exempted."""
    gpo, constituent, cells, members = commune(province_committee, cells=3, members_per_cell=4)
    gpo.name, gpo.admin_unit.name = "Đảng bộ xã Tiền Phong", "Xã Tiền Phong"
    gpo.save()
    gpo.admin_unit.save()
    organization_tiers = dict(zip([gpo.pk, constituent.pk, *[c.pk for c in cells]], [1, 2, 2, 3, 2, 2]))
    for cell in cells:
        people = members[cell.pk]
        tiers = [2, 2, 3, 2]
        if cell == cells[0]:
            tiers = [2, 2, 4, 2]
        entries = [GridEntry(subject_id=m.pk, level_id=level("member", year, t).pk) for m, t in zip(people, tiers)]
        if cell == cells[1]:
            entries[3] = GridEntry(subject_id=people[3].pk, not_reviewed="exempted")
        services.grid_save(user=staff, organization=cell, year=year, entries=entries)
    services.grid_save(user=staff, organization=gpo, year=year, entries=[
        GridEntry(subject_id=pk, level_id=level("organization", year, t).pk) for pk, t in organization_tiers.items()])
    services.rating_set(user=staff, year=year, member=members[cells[0].pk][0], level=level("member", year, 1),
                        override_reason=OVERRIDE_REASON)
    return RatedYear(gpo, constituent, cells, members, year)
