"""Reads of the members app. The reports app reads members only through these functions.

Each accepts organizations as a queryset, instances or ids (any level: figures of a committee count every
cell under it) and returns plain dicts and lists.
"""

from members.selectors.cadres import AREA_TYPES, TARGETS, key_cadre_by_area, key_cadre_qualification
from members.selectors.development import (
    admission_targets,
    awareness_class_attendance,
    events_per_year,
    members_at_year_end,
    total_admissions,
)
from members.selectors.people import AGE_BANDS, member_breakdown, member_counts, members_suggested
from members.selectors.placement import YearEnd, members_touching, year_end_cells
from members.selectors.statute import cell_statute_flags, official_member_counts
from members.selectors.villages import village_coverage, village_heads_membership

__all__ = [
    "AGE_BANDS",
    "AREA_TYPES",
    "TARGETS",
    "YearEnd",
    "admission_targets",
    "awareness_class_attendance",
    "cell_statute_flags",
    "events_per_year",
    "key_cadre_by_area",
    "key_cadre_qualification",
    "member_breakdown",
    "member_counts",
    "members_at_year_end",
    "members_suggested",
    "members_touching",
    "official_member_counts",
    "total_admissions",
    "village_coverage",
    "village_heads_membership",
    "year_end_cells",
]
