"""Planning and writing a batch of ratings: resolve subjects, enforce scope, cycles and rules, write in bulk.

Shared by the grids, the spreadsheet import and the command line, so that every path obeys the same rules.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from members.models import CellRole, KeyCadre, Member, MemberEvent
from organizations import access
from organizations.models import PartyOrganization
from organizations.selectors import reporting_unit_ids, units_reporting_to
from organizations.signals import announce_figures
from ratings import checks, placement
from ratings.bulk import update_with_history
from ratings.models import Level, Rating, ReviewCycle
from ratings.schemes import SchemeBook

CHUNK = 5000
Kind = PartyOrganization.Kind
RATED_KINDS = {Kind.GRASSROOTS: "gpo", Kind.CONSTITUENT: "constituent", Kind.CELL: "cell"}
LOCKED = (ReviewCycle.Status.SUBMITTED, ReviewCycle.Status.APPROVED)
_PLACE_FIELDS = ("gpo", "province", "admin_unit", "cell")
WRITABLE_FIELDS = ("level", "not_reviewed", "score", "exceeded_share", "is_exemplary", "decided_on",
                   "deciding_body", "override_reason", "note")
# The leadership of a cell (its secretary and deputies) and of a GPO (the party committee's secretary and deputies),
# for 366-QĐ/TW's condition on the discipline of a collective's leadership.
LEADERSHIP_TITLES = (KeyCadre.Title.PARTY_SECRETARY, KeyCadre.Title.PARTY_DEPUTY)


@dataclass
class RatingInput:
    """What one row of a grid or a file asks for. `fields` lists the attributes it sets (others are kept)."""

    ref: str
    year: int
    organization_id: int | None = None
    member_id: int | None = None
    level: Level | None = None
    not_reviewed: str = ""
    score: Decimal | None = None
    exceeded_share: Decimal | None = None
    is_exemplary: bool = False
    decided_on: datetime.date | None = None
    deciding_body: str = ""
    override_reason: str = ""
    note: str = ""
    fields: tuple[str, ...] = WRITABLE_FIELDS
    version: int | None = None
    clear: bool = False


class MemberInfo(NamedTuple):
    pk: int
    admitted_on: datetime.date
    cell_id: int
    status: str


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    warnings: list[checks.Issue] = field(default_factory=list)
    organization_ids: set[int] = field(default_factory=set)
    years: set[int] = field(default_factory=set)


class RatingInputError(ValidationError):
    """All the problems of a batch at once; `issues` keeps the row reference and the field of each."""

    def __init__(self, issues: list[checks.Issue]):
        self.issues = issues
        by_ref: dict[str, list[str]] = defaultdict(list)
        for issue in issues:
            by_ref[issue.ref].append(str(issue))  # with the rule's source, where it is a regulation's rule
        super().__init__(dict(by_ref))


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _load_subjects(user, org_ids: list[int], member_ids: list[int]):
    """The rated organizations in the user's scope, and the members (in scope or not: a past year's rating of a
    member who moved away is the business of the unit where it was given: `apply` checks the place)."""
    organizations, members = {}, {}
    orgs = PartyOrganization.objects.select_related("parent")
    if user is not None:
        orgs = orgs.filter(pk__in=access.writable_organizations_for(user).values("pk"))
    for chunk in _chunks(org_ids):
        organizations.update({o.pk: o for o in orgs.filter(pk__in=chunk)})
    # Plain tuples, not model instances: at 100,000 members, instances of members, cells and parents cost seconds.
    for chunk in _chunks(member_ids):
        for pk, admitted_on, cell_id, status in Member.objects.filter(pk__in=chunk).values_list(
                "pk", "admitted_on", "cell_id", "status"):
            members[pk] = MemberInfo(pk, admitted_on, cell_id, status)
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


def _existing(org_ids: list[int], member_ids: list[int], years: set[int]) -> dict[tuple[str, int, int], Rating]:
    found: dict[tuple[str, int, int], Rating] = {}
    for chunk in _chunks(org_ids):
        for rating in Rating.objects.filter(organization_id__in=chunk, year__in=years):
            found[("o", rating.organization_id, rating.year)] = rating
    for chunk in _chunks(member_ids):
        for rating in Rating.objects.filter(member_id__in=chunk, year__in=years):
            found[("m", rating.member_id, rating.year)] = rating
    return found


def apply(inputs: list[RatingInput], *, user=None, progress: Callable[[str], None] | None = None,
          dry_run: bool = False, override_reason: str = "") -> Outcome:
    """Validate the whole batch, then write it in bulk; raise RatingInputError (nothing written) on any error.

    `override_reason` (a grid's one reason field) is recorded on exactly the rows whose rule a reason lifts.

    `user` None means the command line (whole database, like an admin). Call inside a transaction.
    """
    note = progress or (lambda _message: None)
    book = SchemeBook()
    issues: list[checks.Issue] = []
    seen: dict[tuple[str, int, int], str] = {}
    for item in inputs:
        key = ("o", item.organization_id, item.year) if item.organization_id else ("m", item.member_id, item.year)
        if key in seen:
            issues.append(checks.Issue(item.ref, "subject", _("Trùng đối tượng và năm với dòng %(other)s.")
                                       % {"other": seen[key]}))
        seen[key] = item.ref
    org_ids = sorted({i.organization_id for i in inputs if i.organization_id})
    member_ids = sorted({i.member_id for i in inputs if i.member_id})
    years = {i.year for i in inputs}
    organizations, members, left_on = _load_subjects(user, org_ids, member_ids)
    note(_("Đã đọc %(n)s đối tượng.") % {"n": len(organizations) + len(members)})
    existing = _existing(org_ids, member_ids, years)
    places = _places(inputs, existing, organizations, members)
    reachable = _members_in_scope(user, list(members))
    writable = _writable_gpos(user, {place.gpo_id for place in places.values()})

    states: list[checks.RatingState] = []
    resolved: list[tuple[RatingInput, int]] = []
    # Rows of ratings given outside the user's scope that change nothing (a file sent back as exported) pass, like
    # the unchanged rows of a locked year; any change there is refused.
    kept_outside = {item.ref for item in inputs if writable is not None and _key(item) in existing
                    and existing[_key(item)].gpo_id not in writable and not _changes(item, existing[_key(item)])}
    for item in inputs:
        place = places.get(_key(item))
        outside = writable is not None and place is not None and place.gpo_id not in writable
        if outside and item.ref in kept_outside:
            outside = False
        if item.organization_id:
            org = organizations.get(item.organization_id)
            if org is None or org.kind not in RATED_KINDS or outside:
                issues.append(checks.Issue(item.ref, "subject", _("Không tìm thấy tổ chức đảng (tổ chức cơ sở, đảng bộ "
                                                                  "bộ phận, chi bộ) trong phạm vi của bạn.")))
                continue
            subject = RATED_KINDS[org.kind]
            extra = {"founded": org.founded, "dissolved": org.dissolved}
        else:
            member = members.get(item.member_id)
            in_reach = member is not None and (reachable is None or member.pk in reachable)
            if member is None or outside:
                if in_reach:
                    # The member is in scope today, but the year's rating belongs where they were then.
                    issues.append(checks.Issue(item.ref, "subject", _(
                        "Năm %(year)s đảng viên sinh hoạt ở tổ chức cơ sở đảng ngoài phạm vi của bạn; kết quả năm "
                        "đó do nơi ấy xếp loại.") % {"year": item.year}))
                else:
                    issues.append(checks.Issue(item.ref, "subject",
                                               _("Không tìm thấy đảng viên trong phạm vi của bạn.")))
                continue
            subject = "member"
            extra = {"admitted_on": member.admitted_on, "left_on": left_on.get(member.pk)}
        resolved.append((item, place.gpo_id))
        if item.level is not None:
            item.level = book.levels_by_id.get(item.level.pk, item.level)
        states.append(checks.RatingState(
            ref=item.ref, year=item.year, subject=subject, subject_id=item.organization_id or item.member_id,
            gpo_id=place.gpo_id, level=item.level, not_reviewed=item.not_reviewed, score=item.score,
            exceeded_share=item.exceeded_share, is_exemplary=item.is_exemplary,
            override_reason=item.override_reason, **extra,
        ))

    gpo_years = {(gpo_id, item.year) for item, gpo_id in resolved}
    cycles = {(c.organization_id, c.year): c for c in ReviewCycle.objects.filter(
        organization_id__in={g for g, _y in gpo_years}, year__in=years)}
    locked_refs: set[str] = set()
    for item, gpo_id in resolved:
        cycle = cycles.get((gpo_id, item.year))
        # A locked year refuses changes only: a row that rewrites what is kept (an exported approved year read
        # back, a file sent twice) is not an edit, so the export/import round trip works for every year.
        if cycle and cycle.status in LOCKED and _changes(item, existing.get(_key(item))):
            locked_refs.add(item.ref)
            issues.append(checks.Issue(item.ref, "year", _("Năm %(year)s của đơn vị này %(status)s; không thể sửa "
                                                           "cho đến khi được mở lại.")
                                       % {"year": item.year, "status": cycle.get_status_display().lower()}))
        elif cycle and cycle.status in LOCKED:
            locked_refs.add(item.ref)
    locked_refs |= kept_outside

    by_ref = {s.ref: s for s in states}
    for item, _gpo in resolved:
        current = existing.get(_key(item))
        # Version 0 is "no rating when the page was shown": a rating created (or removed) meanwhile is a conflict.
        if item.version is not None and (
            (current is None and item.version > 0) or (current is not None and current.version != item.version)
        ):
            issues.append(checks.Issue(item.ref, "level", _("Kết quả này vừa được người khác sửa; hãy tải lại trang.")))
        state = by_ref[item.ref]
        state.changed = current is None or current.level_id != (item.level.pk if item.level else None)
        if item.clear:
            state.level = None
        elif current is not None:
            # What the row does not set is kept, so the rules see it: a grid changes the level of a rating
            # whose score (366-QĐ/TW) or recorded reason stays.
            for name in ("score", "exceeded_share", "is_exemplary", "override_reason"):
                if name not in item.fields:
                    setattr(state, name, getattr(current, name))

    context = build_context(years, {g for _i, g in resolved}, set(member_ids), quota=True)
    found = checks.run(states, context)
    lifted = {i.ref for i in found if i.overridable} if override_reason.strip() else set()
    if lifted:
        for state in states:
            if state.ref in lifted:
                state.override_reason = override_reason.strip()
        for item, _gpo in resolved:
            if item.ref in lifted:
                item.override_reason = override_reason.strip()
                item.fields = tuple(dict.fromkeys((*item.fields, "override_reason")))
        found = checks.run(states, context)
    # An unchanged row of a locked year was checked when it was written; its rules are not re-judged here.
    issues.extend(i for i in found if i.is_error and not (i.ref in locked_refs and i.field != "year"))
    if issues:
        raise RatingInputError(issues)
    note(_("Đã kiểm tra %(n)s dòng, không có lỗi.") % {"n": len(inputs)})

    outcome = Outcome(warnings=[i for i in found if not i.is_error], years=years)
    to_create, to_update, to_delete, changed_fields = [], [], [], set()
    written: set[tuple[int, int]] = set()  # (GPO, year) pairs that change: each gets its cycle row
    for item, gpo_id in resolved:
        current = existing.get(_key(item))
        if item.clear:
            if current is not None:
                to_delete.append(current)
                written.add((gpo_id, item.year))
            continue
        values = _values(item)
        if current is None:
            to_create.append(Rating(year=item.year, organization_id=item.organization_id, member_id=item.member_id,
                                    **places[_key(item)].fields(), **values))
        else:
            diff = {name for name, value in values.items() if _differs(name, current, value)}
            if not diff:
                outcome.unchanged += 1
                continue
            for name in diff:
                setattr(current, name, values[name])
            current.version += 1
            changed_fields |= diff
            to_update.append(current)
        written.add((gpo_id, item.year))
    for rating in to_create:
        try:
            # The subject, level and place were looked up above (a query per row here would cost minutes).
            rating.full_clean(exclude=["organization", "member", "level", *_PLACE_FIELDS], validate_unique=False,
                              validate_constraints=False)
        except ValidationError as exc:
            raise RatingInputError([checks.Issue(r, "level", m) for r, m in _refs(rating, resolved, exc)]) from exc
    outcome.created, outcome.updated, outcome.deleted = len(to_create), len(to_update), len(to_delete)
    if dry_run:
        return outcome
    if to_create:
        bulk_create_with_history(to_create, Rating, batch_size=2000, default_user=user)
        note(_("Đã ghi %(n)s kết quả mới.") % {"n": len(to_create)})
    if to_update:
        update_with_history(to_update, sorted(changed_fields | {"version"}), user)
        note(_("Đã cập nhật %(n)s kết quả.") % {"n": len(to_update)})
    for rating in to_delete:
        rating._history_user = user  # the deletion's history row names who cleared it
        rating.delete()
    ensure_cycles(written, cycles, user)
    outcome.organization_ids = {gpo_id for gpo_id, _year in written}
    outcome.years = {year for _gpo, year in written}
    announce_figures(Rating, organization_ids=outcome.organization_ids, years=outcome.years)
    return outcome


def _places(inputs: list[RatingInput], existing: dict, organizations: dict, members: dict) -> dict:
    """Where each row's rating is: where it was given if it exists, else where it is given now."""
    places = {}
    new_members = set()
    for item in inputs:
        current = existing.get(_key(item))
        if current is not None:
            places[_key(item)] = placement.Place(current.gpo_id, current.province_id, current.admin_unit_id,
                                                 current.cell_id)
        elif item.member_id in members:
            new_members.add((item.member_id, item.year))
    by_org = placement.organizations_placed(organizations)
    by_member = placement.members_placed(new_members, records={
        pk: (info.cell_id, info.admitted_on, info.status) for pk, info in members.items()})
    for item in inputs:
        key = _key(item)
        if key in places:
            continue
        if item.organization_id in by_org:
            places[key] = by_org[item.organization_id]
        elif (item.member_id, item.year) in by_member:
            places[key] = by_member[(item.member_id, item.year)]
    return places


def _key(item: RatingInput) -> tuple[str, int, int]:
    return ("o", item.organization_id, item.year) if item.organization_id else ("m", item.member_id, item.year)


def _values(item: RatingInput) -> dict:
    """What a row writes: the fields it sets, a level and a not-reviewed reason excluding each other."""
    values = {name: getattr(item, name) for name in item.fields}
    if "level" in values and values["level"] is not None:
        values["not_reviewed"] = ""
    if values.get("not_reviewed"):
        values["level"] = None
    return values


def _changes(item: RatingInput, current: Rating | None) -> bool:
    if item.clear:
        return current is not None
    if current is None:
        return True
    return any(_differs(name, current, value) for name, value in _values(item).items())


def _refs(rating: Rating, resolved, exc: ValidationError):
    ref = next((i.ref for i, _g in resolved if i.year == rating.year and (
        (i.organization_id and i.organization_id == rating.organization_id) or
        (i.member_id and i.member_id == rating.member_id))), "?")
    for messages in exc.message_dict.values():
        for message in messages:
            yield ref, message


def _differs(name: str, rating: Rating, new) -> bool:
    if name == "level":  # by id: reading rating.level would cost one query per row
        return rating.level_id != (new.pk if new else None)
    old = getattr(rating, name)
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return (Decimal(old) if old is not None else None) != (Decimal(new) if new is not None else None)
    return (old or "") != (new or "") if isinstance(old, str) or isinstance(new, str) else old != new


def ensure_cycles(pairs: set[tuple[int, int]], known: dict, user) -> None:
    """Every unit-year with ratings has a cycle row, so its status bar and the approval flow work at once."""
    missing = [ReviewCycle(organization_id=g, year=y, status=ReviewCycle.Status.DRAFT, changed_by=user)
               for g, y in sorted(pairs) if (g, y) not in known]
    if missing:
        bulk_create_with_history(missing, ReviewCycle, default_user=user)
