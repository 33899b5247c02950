"""Synthetic demo data of the ratings app (labelled DEMO), built on the demo organizations and members.

Every demo GPO, constituent committee, cell and member is rated for 2015 up to the year in progress; the
past years are approved, the year in progress is left as a draft. The ratings obey the rules of each year's
scheme (discipline, the 20% quota, scores under 27-HD and 366-QĐ), because they go through the same engine
as any import.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from members import selectors as member_selectors
from members.models import Member, MemberEvent
from organizations.demo import DemoOrganizations
from ratings import engine, facts
from organizations.models import PartyOrganization
from organizations.selectors import reporting_unit_ids
from organizations.signals import announce_figures
from ratings.models import Rating, ReviewCycle, Rule
from ratings.schemes import MEMBER, ORGANIZATION, SchemeBook

FIRST_YEAR = 2015
DEMO_NOTE = "Dữ liệu minh họa (giả lập)."
# Shares of tiers 1-4 for members and for organizations before the rules adjust them.
MEMBER_WEIGHTS = (14, 66, 17, 3)
ORGANIZATION_WEIGHTS = (35, 50, 13, 2)
# Score ranges per tier for score-based schemes (thresholds 90 / 70 / 50).
SCORES = {1: (90, 98), 2: (72, 89), 3: (52, 69), 4: (35, 49)}
# Shares of tasks done above the requirement (366-QĐ/TW): level 1 at or above the rule's 30%, others anywhere.
EXCEEDED = {1: (30, 60), 2: (0, 45), 3: (0, 20), 4: (0, 10)}
Kind = PartyOrganization.Kind
_DEPTH = {Kind.CELL: 0, Kind.CONSTITUENT: 1, Kind.GRASSROOTS: 2}
LEAVING_TRANSFERS = (MemberEvent.TransferScope.RESIDENCE, MemberEvent.TransferScope.OUT,
                     MemberEvent.TransferScope.COMMITTEE)


def load(demo: DemoOrganizations) -> None:
    """Create this app's demo rows for the demo organizations (called once, inside a transaction)."""
    rng = random.Random(20151231)
    this_year = timezone.localdate().year
    years = list(range(FIRST_YEAR, this_year + 1))
    book = SchemeBook()
    members = list(Member.objects.filter(cell__in=demo.cells).select_related("cell"))
    gone, exempted = _membership_dates(members)
    units = [*demo.grassroots, *demo.constituents, *demo.cells]
    gpo_of = reporting_unit_ids(u.pk for u in units)
    context = facts.build_context(set(years), {g.pk for g in demo.grassroots}, set(), quota=False)
    # Each year's ratings are given in the cell where each member was at that year's end (where the engine puts them).
    year_end = member_selectors.year_end_cells([m.pk for m in members], years)
    for year in years:
        inputs: list[engine.RatingInput] = []
        decided = datetime.date(year, 12, 20) if year < this_year else None
        cell_of = {m.pk: year_end[(m.pk, year)].cell_id or m.cell_id for m in members}
        for gpo in demo.grassroots:
            people = [m for m in members if gpo_of[cell_of[m.pk]] == gpo.pk]
            inputs += member_inputs(rng, book, year, people, gone, exempted, context, decided)
        parts: dict[int, list[int]] = {u.pk: [] for u in units}
        for item in inputs:
            if item.level is not None:
                parts[cell_of[item.member_id]].append(item.level.tier)
        # Bottom-up (cells, then constituent committees, then GPOs), so that where the scheme has 21-HD/BTCTW's
        # rule each organization's level follows from its parts.
        for unit in sorted(units, key=lambda u: _DEPTH[u.kind]):
            item = organization_input(rng, book, year, unit, context, decided, parts[unit.pk])
            inputs.append(item)
            if unit.parent_id in parts and unit.kind != Kind.GRASSROOTS:
                parts[unit.parent_id].append(item.level.tier)
        engine.apply(inputs, user=None)
    past = ReviewCycle.objects.filter(organization__in=demo.grassroots, year__lt=this_year)
    for cycle in past:
        cycle.status = ReviewCycle.Status.APPROVED
        cycle.save()
    # The approvals above make those years final in the reports.
    announce_figures(ReviewCycle, organization_ids=[g.pk for g in demo.grassroots], years=years)


def _membership_dates(members: list[Member]) -> tuple[dict[int, datetime.date], dict[int, datetime.date]]:
    """When each member left the party organizations of the demo, and when each was exempted."""
    gone: dict[int, datetime.date] = {}
    exempted: dict[int, datetime.date] = {}
    events = MemberEvent.objects.filter(member__in=members).values_list("member_id", "kind", "date", "transfer_scope")
    for member_id, kind, day, scope in events:
        if kind in (MemberEvent.Kind.REMOVAL, MemberEvent.Kind.DEATH) or (
            kind == MemberEvent.Kind.TRANSFER and scope in LEAVING_TRANSFERS
        ):
            gone[member_id] = min(day, gone.get(member_id, day))
        elif kind == MemberEvent.Kind.EXEMPTION:
            exempted[member_id] = min(day, exempted.get(member_id, day))
    return gone, exempted


def _level(book: SchemeBook, applies: str, year: int, tier: int):
    return book.level_by_tier(applies, year, tier)


def _score(rng: random.Random, book: SchemeBook, applies: str, year: int, tier: int) -> Decimal | None:
    scheme = book.scheme(applies, year)
    if not scheme.uses_score:
        return None
    low, high = SCORES[tier]
    return Decimal(rng.randint(low * 2, high * 2)) / 2


def _exceeded(rng: random.Random, book: SchemeBook, applies: str, year: int, tier: int) -> Decimal | None:
    if book.rule(applies, year, Rule.Kind.EXCEEDED_TASKS) is None:
        return None
    low, high = EXCEEDED[tier]
    return Decimal(rng.randint(low, high))


def member_inputs(rng, book, year, people, gone, exempted, context, decided,
                  weights: tuple[int, ...] = MEMBER_WEIGHTS) -> list[engine.RatingInput]:
    """The year's ratings of these members of one GPO: not reviewed where the rules say so, else a tier drawn
    from `weights` (tiers 1-4), a disciplined member at tier 4, the excellent kept within the year's quota."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    chosen: list[tuple[Member, int | None, str]] = []
    for member in people:
        if member.admitted_on > end or (member.pk in gone and gone[member.pk] < start):
            continue
        if member.pk in exempted and exempted[member.pk] <= end:
            chosen.append((member, None, Rating.NotReviewed.EXEMPTED))
        elif member.admitted_on > datetime.date(year, 6, 30):
            chosen.append((member, None, Rating.NotReviewed.NEW_MEMBER))  # admitted under 6 months before
        elif (member.pk, year) in context.disciplined_members:
            chosen.append((member, 4, ""))
        else:
            chosen.append((member, rng.choices((1, 2, 3, 4), weights)[0], ""))
    quota = book.scheme(MEMBER, year).excellent_quota_percent
    if quota is not None:  # demote the excess of excellent members, as the 21-HD quota would
        tiers = [t for _m, t, _r in chosen]
        while tiers.count(1) > tiers.count(2) * quota / 100:
            index = tiers.index(1)
            tiers[index] = 2
            chosen[index] = (chosen[index][0], 2, "")
    return [
        engine.RatingInput(
            ref=f"m{member.pk}-{year}", year=year, member_id=member.pk,
            level=_level(book, MEMBER, year, tier) if tier else None, not_reviewed=reason,
            score=_score(rng, book, MEMBER, year, tier) if tier else None,
            exceeded_share=_exceeded(rng, book, MEMBER, year, tier) if tier else None, decided_on=decided,
            deciding_body="Chi bộ" if decided else "", note=DEMO_NOTE,
        )
        for member, tier, reason in chosen
    ]


def organization_input(rng, book, year, unit, context, decided, parts: list[int],
                       weights: tuple[int, ...] = ORGANIZATION_WEIGHTS) -> engine.RatingInput:
    """The year's rating of one organization: drawn from `weights`, or from its parts' tiers (members of a cell,
    cells of a GPO) where the scheme has 21-HD/BTCTW's rule on parts."""
    tier = rng.choices((1, 2, 3, 4), weights)[0]
    scheme = book.scheme(ORGANIZATION, year)
    if book.rule(ORGANIZATION, year, Rule.Kind.PARTS) is not None and parts:
        good_share = sum(1 for t in parts if t <= 2) / len(parts)
        if 4 not in parts and good_share >= 0.8:
            tier = rng.choice((1, 2))
        elif good_share >= 0.5:
            tier = rng.choices((2, 3), (4, 1))[0]
        elif parts.count(4) * 2 >= len(parts):
            tier = 4  # half of its parts failed their duties: so did the organization
        else:
            tier = 3
    if tier == 1 and year >= 2018 and ((unit.pk, year) in context.orgs_with_discipline
                                       or (unit.pk, year) in context.leaders_disciplined):
        tier = 2  # a collective with a disciplined member is not made excellent in the demo
    return engine.RatingInput(
        ref=f"o{unit.pk}-{year}", year=year, organization_id=unit.pk, level=_level(book, ORGANIZATION, year, tier),
        score=_score(rng, book, ORGANIZATION, year, tier),
        exceeded_share=_exceeded(rng, book, ORGANIZATION, year, tier), decided_on=decided,
        is_exemplary=bool(tier == 1 and scheme.has_exemplary and rng.random() < 0.25),
        deciding_body=("Đảng ủy cấp trên" if decided else ""), note=DEMO_NOTE,
    )
