"""Step 1 of the engine: each row's subject (in the user's scope), the rating kept for it, where its rating is given."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

from members.models import Member, MemberEvent
from organizations import access
from organizations.models import PartyOrganization
from ratings import checks, placement
from ratings.batch import Key, MemberInfo, Plan, RatingInput, changes
from ratings.models import Rating
from ratings.schemes import SchemeBook

CHUNK = 5000
Kind = PartyOrganization.Kind
RATED_KINDS = {Kind.GRASSROOTS: "gpo", Kind.CONSTITUENT: "constituent", Kind.CELL: "cell"}


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def resolve(inputs: list[RatingInput], *, user) -> Plan:
    """Find each row's subject (in the user's scope), the rating kept for it and where its rating is given."""
    org_ids = sorted({i.organization_id for i in inputs if i.organization_id})
    member_ids = sorted({i.member_id for i in inputs if i.member_id})
    organizations, members, left_on = _load_subjects(user, org_ids, member_ids)
    existing = _existing(org_ids, member_ids, {i.year for i in inputs})
    plan = Plan(inputs=inputs, user=user, organizations=organizations, members=members, existing=existing,
                places=_places(inputs, existing, organizations, members), book=SchemeBook())
    plan.issues.extend(_repeated_subjects(inputs))
    reachable = _members_in_scope(user, list(members))
    writable = _writable_gpos(user, {place.gpo_id for place in plan.places.values()})
    # Rows of ratings given outside the user's scope that change nothing (a file sent back as exported) pass, like
    # the unchanged rows of a locked year; any change there is refused.
    plan.settled = {item.ref for item in inputs if writable is not None and item.key in existing
                    and existing[item.key].gpo_id not in writable and not changes(item, existing[item.key])}
    for item in inputs:
        place = plan.places.get(item.key)
        outside = writable is not None and place is not None and place.gpo_id not in writable
        issue = _subject_issue(plan, item, outside and item.ref not in plan.settled, reachable)
        if issue:
            plan.issues.append(issue)
            continue
        plan.resolved.append((item, place.gpo_id))
        if item.level is not None:
            item.level = plan.book.levels_by_id.get(item.level.pk, item.level)
        plan.states[item.ref] = _state(item, place.gpo_id, plan.organizations, plan.members, left_on)
    return plan


def _repeated_subjects(inputs: list[RatingInput]) -> list[checks.Issue]:
    issues, seen = [], {}
    for item in inputs:
        if item.key in seen:
            issues.append(checks.Issue(item.ref, "subject", _("Trùng đối tượng và năm với dòng %(other)s.")
                                       % {"other": seen[item.key]}))
        seen[item.key] = item.ref
    return issues


def _subject_issue(plan: Plan, item: RatingInput, outside: bool, reachable: set[int] | None) -> checks.Issue | None:
    """Why the row's subject cannot be rated here, or None."""
    if item.organization_id:
        org = plan.organizations.get(item.organization_id)
        if org is None or org.kind not in RATED_KINDS or outside:
            return checks.Issue(item.ref, "subject", _("Không tìm thấy tổ chức đảng (tổ chức cơ sở, đảng bộ bộ phận, "
                                                       "chi bộ) trong phạm vi của bạn."))
        return None
    member = plan.members.get(item.member_id)
    if member is not None and not outside:
        return None
    if member is not None and (reachable is None or member.pk in reachable):
        # The member is in scope today, but the year's rating belongs where they were then.
        return checks.Issue(item.ref, "subject", _(
            "Năm %(year)s đảng viên sinh hoạt ở tổ chức cơ sở đảng ngoài phạm vi của bạn; kết quả năm đó do nơi ấy "
            "xếp loại.") % {"year": item.year})
    return checks.Issue(item.ref, "subject", _("Không tìm thấy đảng viên trong phạm vi của bạn."))


def _state(item: RatingInput, gpo_id: int, organizations: dict, members: dict, left_on: dict) -> checks.RatingState:
    """The rating as the row would leave it, for the rules."""
    if item.organization_id:
        org = organizations[item.organization_id]
        subject, extra = RATED_KINDS[org.kind], {"founded": org.founded, "dissolved": org.dissolved}
    else:
        member = members[item.member_id]
        subject, extra = "member", {"admitted_on": member.admitted_on, "left_on": left_on.get(member.pk)}
    return checks.RatingState(
        ref=item.ref, year=item.year, subject=subject, subject_id=item.organization_id or item.member_id,
        gpo_id=gpo_id, level=item.level, not_reviewed=item.not_reviewed, score=item.score,
        exceeded_share=item.exceeded_share, is_exemplary=item.is_exemplary, override_reason=item.override_reason,
        **extra,
    )


def _load_subjects(user, org_ids: list[int], member_ids: list[int]):
    """The rated organizations in the user's scope, and the members (in scope or not: a past year's rating of a
    member who moved away is the business of the unit where it was given: `resolve` checks the place)."""
    organizations, members = {}, {}
    orgs = PartyOrganization.objects.select_related("parent")
    if user is not None:
        orgs = orgs.filter(pk__in=access.writable_organizations_for(user).values("pk"))
    for chunk in _chunks(org_ids):
        organizations.update({o.pk: o for o in orgs.filter(pk__in=chunk)})
    # Plain tuples, not model instances: at 100,000 members, instances of members, cells and parents cost seconds.
    for chunk in _chunks(member_ids):
        for row in Member.objects.filter(pk__in=chunk).values_list(*MemberInfo._fields):
            members[row[0]] = MemberInfo(*row)
    left_on: dict[int, datetime.date] = {}
    for chunk in _chunks(member_ids):
        for row in MemberEvent.objects.filter(
            member_id__in=chunk, kind__in=[MemberEvent.Kind.REMOVAL, MemberEvent.Kind.DEATH]
        ).values("member_id", "date"):
            left_on[row["member_id"]] = min(row["date"], left_on.get(row["member_id"], row["date"]))
    return organizations, members, left_on


def _members_in_scope(user, member_ids: list[int]) -> set[int] | None:
    """The members the user may reach today (None: everyone, for the command line and admins)."""
    if user is None or access.role_of(user) == "admin":
        return None
    found: set[int] = set()
    for chunk in _chunks(member_ids):
        found.update(Member.objects.filter(access.in_scope_filter(user, "cell__"), pk__in=chunk)
                     .values_list("pk", flat=True))
    return found


def _writable_gpos(user, gpo_ids: set[int]) -> set[int] | None:
    if user is None or access.role_of(user) == "admin":
        return None
    return set(access.writable_organizations_for(user).filter(pk__in=gpo_ids).values_list("pk", flat=True))


def _existing(org_ids: list[int], member_ids: list[int], years: set[int]) -> dict[Key, Rating]:
    found: dict[Key, Rating] = {}
    for chunk in _chunks(org_ids):
        for rating in Rating.objects.filter(organization_id__in=chunk, year__in=years):
            found[("o", rating.organization_id, rating.year)] = rating
    for chunk in _chunks(member_ids):
        for rating in Rating.objects.filter(member_id__in=chunk, year__in=years):
            found[("m", rating.member_id, rating.year)] = rating
    return found


def _places(inputs: list[RatingInput], existing: dict, organizations: dict, members: dict) -> dict:
    """Where each row's rating is: where it was given if it exists, else where it is given now."""
    places = {}
    new_members = set()
    for item in inputs:
        current = existing.get(item.key)
        if current is not None:
            places[item.key] = placement.Place(current.gpo_id, current.province_id, current.admin_unit_id,
                                                 current.cell_id)
        elif item.member_id in members:
            new_members.add((item.member_id, item.year))
    by_org = placement.organizations_placed(organizations)
    by_member = placement.members_placed(new_members, records={
        pk: (info.cell_id, info.admitted_on, info.status) for pk, info in members.items()})
    for item in inputs:
        key = item.key
        if key in places:
            continue
        if item.organization_id in by_org:
            places[key] = by_org[item.organization_id]
        elif (item.member_id, item.year) in by_member:
            places[key] = by_member[(item.member_id, item.year)]
    return places


def versions(org_ids: list[int], member_ids: list[int], years: set[int]) -> dict[Key, int]:
    """The version of each kept rating, as committed now (read again once the cycles are locked)."""
    found: dict[Key, int] = {}
    for chunk in _chunks(org_ids):
        rows = Rating.objects.filter(organization_id__in=chunk, year__in=years)
        found.update((("o", o, y), v) for o, y, v in rows.values_list("organization_id", "year", "version"))
    for chunk in _chunks(member_ids):
        rows = Rating.objects.filter(member_id__in=chunk, year__in=years)
        found.update((("m", m, y), v) for m, y, v in rows.values_list("member_id", "year", "version"))
    return found


