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
    """A GPO (3 direct cells, a constituent with 1 cell, 4 members each) rated in full: organizations 1/2/2/3/2/2;
    members 3 excellent (over the quota, with a reason), 9 good, 2 completed, 1 not completed, 1 exempted."""
    gpo, constituent, cells, members = commune(province_committee, cells=3, members_per_cell=4)
    gpo.name, gpo.admin_unit.name = "Đảng bộ xã Tiền Phong", "Xã Tiền Phong"
    gpo.save()
    gpo.admin_unit.save()
    organization_tiers = dict(zip([gpo.pk, constituent.pk, *[c.pk for c in cells]], [1, 2, 2, 3, 2, 2]))
    tiers = {cells[0].pk: [1, 1, 4, 2], cells[1].pk: [1, 2, 3, None], cells[2].pk: [2, 2, 3, 2],
             cells[3].pk: [2, 2, 2, 2]}
    excellent = []
    for cell in cells:
        entries = []
        for member, tier in zip(members[cell.pk], tiers[cell.pk]):
            if tier is None:
                entries.append(GridEntry(subject_id=member.pk, not_reviewed="exempted"))
                continue
            if tier == 1:
                excellent.append(member)
            entries.append(GridEntry(subject_id=member.pk, level_id=level("member", year, 2 if tier == 1 else tier).pk))
        services.grid_save(user=staff, organization=cell, year=year, entries=entries)
    services.grid_save(user=staff, organization=gpo, year=year, entries=[
        GridEntry(subject_id=pk, level_id=level("organization", year, t).pk) for pk, t in organization_tiers.items()])
    # Three "excellent" against nine "good" pass the 20% quota: the board records why.
    for member in excellent:
        services.rating_set(user=staff, year=year, member=member, level=level("member", year, 1),
                            override_reason=OVERRIDE_REASON)
    return RatedYear(gpo, constituent, cells, members, year)
