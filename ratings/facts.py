"""The facts around a batch of ratings that the rules need: discipline (of members, of a collective's
leadership) and the tiers of the GPOs' other members for the quota, loaded in a few queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from members.models import CellRole, KeyCadre, MemberEvent
from organizations.models import PartyOrganization
from organizations.selectors import reporting_unit_ids, units_reporting_to
from ratings import checks
from ratings.models import Rating

CHUNK = 5000
# The leadership of a cell (its secretary and deputies) and of a GPO (the party committee's secretary and deputies),
# for 366-QĐ/TW's condition on the discipline of a collective's leadership.
LEADERSHIP_TITLES = (KeyCadre.Title.PARTY_SECRETARY, KeyCadre.Title.PARTY_DEPUTY)


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def build_context(years: set[int], gpo_ids: set[int], member_ids: set[int], quota: bool) -> checks.Context:
    """Discipline facts and the tiers of the GPOs' other members, loaded in a few queries.

    Discipline counts where it happened (the event's cell); the quota's groups are the GPOs the ratings are
    recorded under. `member_ids` are the members being checked: their own discipline is looked up wherever it
    happened, and they are left out of the others' tiers.
    """
    context = checks.Context()
    if not gpo_ids or not years:
        return context
    units = units_reporting_to(gpo_ids)
    corrected = MemberEvent.objects.filter(corrects__isnull=False).values("corrects_id")
    disciplines = MemberEvent.objects.filter(kind=MemberEvent.Kind.DISCIPLINE, date__year__in=years).exclude(
        pk__in=corrected)
    columns = ("pk", "member_id", "from_cell_id", "member__cell_id", "date")
    found: dict[int, tuple] = {}
    for chunk in _chunks(sorted(units)):
        found.update((row[0], row[1:]) for row in disciplines.filter(
            Q(from_cell_id__in=chunk) | Q(from_cell__isnull=True, member__cell_id__in=chunk)).values_list(*columns))
    # A member's own discipline counts wherever it happened (a member who moved during the year).
    for chunk in _chunks(sorted(member_ids)):
        found.update((row[0], row[1:]) for row in disciplines.filter(member_id__in=chunk).values_list(*columns))
    events = list(found.values())
    cells = {from_cell or cell for _m, from_cell, cell, _d in events}
    parents = dict(PartyOrganization.objects.filter(pk__in=cells).values_list("pk", "parent_id"))
    gpo_of = {**reporting_unit_ids(cells - set(units)), **units}
    disciplined: dict[int, set[int]] = defaultdict(set)  # member -> years
    for member_id, from_cell, cell, day in events:
        context.disciplined_members.add((member_id, day.year))
        disciplined[member_id].add(day.year)
        cell_id = from_cell or cell
        for org_id in (cell_id, parents.get(cell_id), gpo_of.get(cell_id)):
            if org_id:
                context.orgs_with_discipline.add((org_id, day.year))
    if disciplined:
        _leaders_disciplined(context, disciplined)
    if quota:
        rows = Rating.objects.filter(year__in=years, gpo_id__in=list(gpo_ids), member__isnull=False,
                                     level__isnull=False)
        for member_id, gpo_id, year, tier in rows.values_list("member_id", "gpo_id", "year", "level__tier"):
            if member_id not in member_ids:
                context.other_member_tiers[(gpo_id, year)][member_id] = tier
    return context


def _leaders_disciplined(context: checks.Context, disciplined: dict[int, set[int]]) -> None:
    """(organization, year) pairs whose secretary or deputy (of the cell, or of the GPO's committee) was
    disciplined in a year of their term."""
    roles = [*CellRole.objects.filter(member_id__in=list(disciplined)).values_list(
                 "member_id", "cell_id", "term_start", "term_end"),
             *KeyCadre.objects.filter(member_id__in=list(disciplined), title__in=LEADERSHIP_TITLES).values_list(
                 "member_id", "organization_id", "term_start", "term_end")]
    for member_id, organization_id, start, end in roles:
        for year in disciplined[member_id]:
            if start.year <= year and (end is None or end.year >= year):
                context.leaders_disciplined.add((organization_id, year))
