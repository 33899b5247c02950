"""Planning and writing a batch of ratings, shared by the grids, the spreadsheet import, the admin and the command
line, so that every path obeys the same rules.

`apply` runs the steps over one `Plan`: resolve the rows (subjects, scope, places, what is kept) → check the year's
locks and the versions read (under the cycle rows' locks when it writes) → judge the rules → write in bulk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from organizations.signals import announce_figures
from ratings import checks
from ratings.batch import (WRITABLE_FIELDS, Outcome, Plan, RatingInput, RatingInputError, RowChange, changes,
                           differs, values_of)
from ratings.bulk import update_with_history
from ratings.cycles import LOCKED, is_locked, lock_cycles, read_cycles
from ratings.facts import build_context
from ratings.models import Rating, ReviewCycle
from ratings.resolve import CHUNK, RATED_KINDS, resolve, versions

__all__ = ["CHUNK", "LOCKED", "RATED_KINDS", "WRITABLE_FIELDS", "Outcome", "RatingInput", "RatingInputError",
           "apply", "build_context", "ensure_cycles"]

_PLACE_FIELDS = ("gpo", "province", "admin_unit", "cell")
# What a row does not set is kept, and the rules see the kept value (a grid changes the level of a rating whose
# score, under 366-QĐ/TW, or recorded reason stays).
_JUDGED_FIELDS = ("score", "exceeded_share", "is_exemplary", "override_reason")
Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    """The progress callback of callers that do not follow progress."""


def apply(inputs: list[RatingInput], *, user=None, on_progress: Progress | None = None, dry_run: bool = False,
          override_reason: str = "") -> Outcome:
    """Validate the whole batch, then write it in bulk; raise RatingInputError (nothing written) on any error.

    `override_reason` (a grid's one reason field) is recorded on exactly the rows whose rule a reason lifts.
    `user` None means the command line (whole database, like an admin). Call inside a transaction: a write takes
    the locks of its unit-years' cycles and keeps them until the transaction ends.
    """
    report = on_progress or _quiet
    plan = resolve(inputs, user=user)
    report(_("Đã đọc %(n)s đối tượng.") % {"n": len(plan.organizations) + len(plan.members)})
    check_locks_and_versions(plan, lock=not dry_run)
    found = judge_rules(plan, override_reason)
    plan.issues.extend(i for i in found if i.is_error and not (i.ref in plan.settled and i.field != "year"))
    if plan.issues:
        raise RatingInputError(plan.issues)
    report(_("Đã kiểm tra %(n)s dòng, không có lỗi.") % {"n": len(inputs)})
    writes = plan_writes(plan)
    outcome = writes.outcome(warnings=[i for i in found if not i.is_error], years=plan.years)
    if not dry_run:
        write(writes, user=user, on_progress=report)
    return outcome


# Step 2: locks and versions -------------------------------------------------------------------------------------

def check_locks_and_versions(plan: Plan, *, lock: bool) -> None:
    """Refuse changes to a submitted or approved year and changes to a rating changed since the user read it.

    When writing, the unit-years' cycle rows are locked first, so that an approval, another grid or another import
    of the same unit-year waits for this transaction and this one sees what the other committed."""
    if lock:
        plan.cycles = lock_cycles(plan.unit_years, user=plan.user)
        _refuse_changed_meanwhile(plan)
    else:
        plan.cycles = read_cycles(plan.unit_years)
    for item, gpo_id in plan.resolved:
        cycle = plan.cycles.get((gpo_id, item.year))
        if not is_locked(cycle):
            continue
        plan.settled.add(item.ref)
        # A locked year refuses changes only: a row that rewrites what is kept (an exported approved year read
        # back, a file sent twice) is not an edit, so the export/import round trip works for every year.
        if changes(item, plan.existing.get(item.key)):
            plan.issues.append(checks.Issue(item.ref, "year", _(
                "Năm %(year)s của đơn vị này %(status)s; không thể sửa cho đến khi được mở lại.")
                % {"year": item.year, "status": cycle.get_status_display().lower()}))
    _check_versions(plan)


def _refuse_changed_meanwhile(plan: Plan) -> None:
    """Ratings written by someone else between this batch's first read and its locks are conflicts."""
    items = [item for item, _gpo in plan.resolved]
    now = versions(sorted({i.organization_id for i in items if i.organization_id}),
                    sorted({i.member_id for i in items if i.member_id}), plan.years)
    for item in items:
        current = plan.existing.get(item.key)
        if now.get(item.key) != (current.version if current else None):
            plan.issues.append(_conflict(plan, item))


def _check_versions(plan: Plan) -> None:
    """The version each row was read at (0: no rating then) against the rating kept; and what the rules see."""
    conflicted = {i.ref for i in plan.issues if i.field == "subject"}
    for item, _gpo in plan.resolved:
        current = plan.existing.get(item.key)
        if item.version is not None and item.version != (current.version if current else 0) \
                and item.ref not in conflicted:
            plan.issues.append(_conflict(plan, item))
        state = plan.states[item.ref]
        state.changed = current is None or current.level_id != (item.level.pk if item.level else None)
        if item.clear:
            state.level = None
        elif current is not None:
            for name in _JUDGED_FIELDS:
                if name not in item.fields:
                    setattr(state, name, getattr(current, name))


def _conflict(plan: Plan, item: RatingInput) -> checks.Issue:
    return checks.Issue(item.ref, "subject", _(
        "Kết quả năm %(year)s của %(subject)s vừa được người khác sửa sau khi bạn đọc; không ghi gì. Hãy tải "
        "lại để xem bản mới rồi nhập lại.") % {"year": item.year, "subject": plan.subject_name(item)})


# Step 3: rules --------------------------------------------------------------------------------------------------

def judge_rules(plan: Plan, override_reason: str = "") -> list[checks.Issue]:
    """Every rule of the years' schemes over the batch; a grid's reason is recorded where it lifts a rule."""
    states = list(plan.states.values())
    context = build_context(plan.years, {g for _i, g in plan.resolved},
                            {i.member_id for i in plan.inputs if i.member_id}, quota=True)
    found = checks.run(states, context)
    reason = override_reason.strip()
    lifted = {i.ref for i in found if i.overridable} if reason else set()
    if not lifted:
        return found
    for item, _gpo in plan.resolved:
        if item.ref in lifted:
            plan.states[item.ref].override_reason = item.override_reason = reason
            item.fields = tuple(dict.fromkeys((*item.fields, "override_reason")))
    return checks.run(states, context)


# Step 4: write --------------------------------------------------------------------------------------------------

@dataclass
class Writes:
    """The rows to create, update and delete, and what each row does (for the preview and the outcome)."""

    create: list[Rating] = field(default_factory=list)
    update: list[Rating] = field(default_factory=list)
    delete: list[Rating] = field(default_factory=list)
    changed_fields: set[str] = field(default_factory=set)
    written: set[tuple[int, int]] = field(default_factory=set)  # (GPO, year) pairs whose figures change
    rows: list[RowChange] = field(default_factory=list)

    def outcome(self, *, warnings: list[checks.Issue], years: set[int]) -> Outcome:
        return Outcome(created=len(self.create), updated=len(self.update), deleted=len(self.delete),
                       unchanged=sum(1 for row in self.rows if row.action == "unchanged"), warnings=warnings,
                       organization_ids={g for g, _y in self.written}, years={y for _g, y in self.written} or years,
                       changes=self.rows)


def plan_writes(plan: Plan) -> Writes:
    """Turn the checked rows into new, changed and removed ratings; a row that changes nothing writes nothing."""
    writes = Writes()
    for item, gpo_id in plan.resolved:
        current = plan.existing.get(item.key)
        row = RowChange(item.ref, plan.subject_name(item), item.year, "unchanged",
                        version=current.version if current else 0)
        writes.rows.append(row)
        if item.clear:
            if current is not None:
                row.action, row.fields = "deleted", [("level", _kept(plan, current, "level"), None)]
                writes.delete.append(current)
                writes.written.add((gpo_id, item.year))
            continue
        values = values_of(item)
        if current is None:
            rating = Rating(year=item.year, organization_id=item.organization_id, member_id=item.member_id,
                            **plan.places[item.key].fields(), **values)
            _validate_new(rating, item.ref)
            row.action, row.fields = "created", [(n, None, v) for n, v in values.items() if v not in (None, "")]
            writes.create.append(rating)
        else:
            diff = [name for name, value in values.items() if differs(name, current, value)]
            if not diff:
                continue
            row.action, row.fields = "updated", [(n, _kept(plan, current, n), values[n]) for n in diff]
            for name in diff:
                setattr(current, name, values[name])
            current.version += 1
            writes.changed_fields.update(diff)
            writes.update.append(current)
        writes.written.add((gpo_id, item.year))
    return writes


def _kept(plan: Plan, rating: Rating, name: str):
    """A kept rating's value, its level from the scheme book (reading rating.level would cost a query per row)."""
    return plan.book.levels_by_id.get(rating.level_id) if name == "level" else getattr(rating, name)


def _validate_new(rating: Rating, ref: str) -> None:
    try:
        # The subject, level and place were looked up above (a query per row here would cost minutes).
        rating.full_clean(exclude=["organization", "member", "level", *_PLACE_FIELDS], validate_unique=False,
                          validate_constraints=False)
    except ValidationError as exc:
        raise RatingInputError([checks.Issue(ref, "level", message) for messages in exc.message_dict.values()
                                for message in messages]) from exc


def write(writes: Writes, *, user, on_progress: Progress = _quiet) -> None:
    """Write the planned rows with their history, and announce the figures that changed (same transaction)."""
    if writes.create:
        bulk_create_with_history(writes.create, Rating, batch_size=2000, default_user=user)
        on_progress(_("Đã ghi %(n)s kết quả mới.") % {"n": len(writes.create)})
    if writes.update:
        update_with_history(writes.update, sorted(writes.changed_fields | {"version"}), user)
        on_progress(_("Đã cập nhật %(n)s kết quả.") % {"n": len(writes.update)})
    for rating in writes.delete:
        rating._history_user = user  # the deletion's history row names who cleared it
        rating.delete()
    if writes.written:
        announce_figures(Rating, organization_ids={g for g, _y in writes.written},
                         years={y for _g, y in writes.written})


def ensure_cycles(pairs: set[tuple[int, int]], known: dict, user) -> None:
    """Every unit-year with ratings or returns has a cycle row, so its status bar and the approval work at once."""
    missing = [ReviewCycle(organization_id=g, year=y, status=ReviewCycle.Status.DRAFT, changed_by=user)
               for g, y in sorted(pairs) if (g, y) not in known]
    if missing:
        bulk_create_with_history(missing, ReviewCycle, default_user=user)
