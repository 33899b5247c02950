"""Writes of the ratings app: ratings one by one or by grid, summary returns, and the yearly workflow."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from members.models import Member
from organizations import access
from organizations.inputs import NOTE_MAX_LENGTH, clean_decimal, parse_decimal
from organizations.models import PartyOrganization
from organizations.selectors import reporting_unit, units_reporting_to
from organizations.signals import announce_figures
from ratings import engine, placement, selectors
from ratings.cycles import is_locked, lock_cycle
from ratings.engine import RatingInput, RatingInputError  # noqa: F401 - re-exported for callers
from ratings.models import Level, Rating, ReviewCycle, SummaryCount, SummaryReturn
from ratings.schemes import MEMBER, ORGANIZATION, SchemeBook

Kind = PartyOrganization.Kind
Status = ReviewCycle.Status
REPORTING_KINDS = (Kind.GRASSROOTS, Kind.DISTRICT, Kind.PROVINCIAL)


PLACES = 2  # scores and shares, as stored (numeric(5, 2))


def clean_percent(value, label: str) -> Decimal:
    """A score or a share as stored: 0 to 100 with at most two decimals; ValidationError otherwise. Never rounded,
    so that a value is the same on create, on update and at every re-import."""
    if isinstance(value, str):
        return parse_percent(value, label)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = Decimal(str(value))
    return clean_decimal(value, places=PLACES, minimum=Decimal(0), maximum=Decimal(100), label=label)


def parse_percent(text: str, label: str) -> Decimal:
    """A score or a share typed in a file or a form: digits with "." or "," and at most two decimals."""
    return parse_decimal(text, places=PLACES, minimum=Decimal(0), maximum=Decimal(100), label=label)


def clean_score(value) -> Decimal:
    return clean_percent(value, _("Điểm"))


def parse_score(text: str) -> Decimal:
    return parse_percent(text, _("Điểm"))


def parse_share(text: str) -> Decimal:
    return parse_percent(text, _("Tỷ lệ"))


def _apply(inputs: list[RatingInput], *, user, override_reason: str = "") -> engine.Outcome:
    return engine.apply(inputs, user=user, override_reason=override_reason)


@transaction.atomic
def rating_set(
    *,
    user,
    year: int,
    organization: PartyOrganization | None = None,
    member: Member | None = None,
    level: Level | None = None,
    not_reviewed: str = "",
    score: Decimal | None = None,
    exceeded_share: Decimal | None = None,
    is_exemplary: bool = False,
    decided_on: datetime.date | None = None,
    deciding_body: str = "",
    override_reason: str = "",
    note: str = "",
    version: int | None = None,
) -> Rating:
    """Set one subject's rating for a year (create or change), with every rule of the year's scheme."""
    if (organization is None) == (member is None):
        raise ValidationError({"organization": _("Chọn đúng một đối tượng: tổ chức đảng hoặc đảng viên.")})
    if level is None and not not_reviewed:
        raise ValidationError({"level": _("Chọn mức xếp loại hoặc lý do không đánh giá.")})
    _check_year(year)
    score = _percent_or_points(score, "score", _("Điểm"))
    exceeded_share = _percent_or_points(exceeded_share, "exceeded_share", _("Tỷ lệ"))
    for name, text in (("note", note), ("override_reason", override_reason)):
        if len(text or "") > NOTE_MAX_LENGTH:
            raise ValidationError({name: _("Tối đa %(n)s ký tự (đang có %(len)s).") % {"n": NOTE_MAX_LENGTH,
                                                                                    "len": len(text)}})
    item = RatingInput(
        ref="rating", year=year, organization_id=organization.pk if organization else None,
        member_id=member.pk if member else None, level=level, not_reviewed=not_reviewed, score=score,
        exceeded_share=exceeded_share, is_exemplary=is_exemplary, decided_on=decided_on, deciding_body=deciding_body,
        override_reason=override_reason, note=note, version=version,
    )
    try:
        _apply([item], user=user)
    except RatingInputError as exc:
        raise ValidationError({issue.field: str(issue) for issue in exc.issues}) from exc
    subject = Q(organization=organization) if organization else Q(member=member)
    return Rating.objects.select_related("level").get(subject, year=year)


def _percent_or_points(value, name: str, label: str) -> Decimal | None:
    """A score or a share, or nothing; a bad one is refused on its field."""
    if value is None:
        return None
    try:
        return clean_percent(value, label)
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from exc


@transaction.atomic
def rating_delete(*, user, rating: Rating) -> None:
    """Remove a rating (the admin's delete) under the same lock as every edit; history names who removed it."""
    item = RatingInput(ref="rating", year=rating.year, organization_id=rating.organization_id,
                       member_id=rating.member_id, fields=(), clear=True)
    try:
        _apply([item], user=user)
    except RatingInputError as exc:
        raise ValidationError({issue.field: issue.message for issue in exc.issues}) from exc


def rating_locked(rating: Rating) -> bool:
    """Whether the year of the unit the rating was given in is submitted or approved (read-only until reopened)."""
    return ReviewCycle.objects.filter(organization_id=rating.gpo_id, year=rating.year,
                                      status__in=engine.LOCKED).exists()


@dataclass
class GridEntry:
    """One row of a grid: the subject, the chosen level (or a not-reviewed reason, or nothing)."""

    subject_id: int
    level_id: int | None = None
    not_reviewed: str = ""
    version: int | None = None
    override_reason: str = ""
    # Score-based schemes (27-HD/BTCTW, 366-QĐ/TW): the grid sends the score (and the share of tasks above the
    # requirement); a grid without those columns leaves what is stored.
    score: Decimal | None = None
    exceeded_share: Decimal | None = None
    percent_fields: tuple[str, ...] = ()  # ("score",) or ("score", "exceeded_share") when the grid has them


@transaction.atomic
def grid_save(
    *,
    user,
    organization: PartyOrganization,
    year: int,
    entries: list[GridEntry],
    override_reason: str = "",
    members: bool | None = None,
) -> engine.Outcome:
    """Save a GPO's grid (itself, its constituent committees, all its cells) or a cell's grid (its members)
    in one transaction and one bulk write. Rows left empty that had a rating lose it.

    `members` defaults to True for a cell; a grassroots cell (chi bộ cơ sở) has both grids, so say which.
    """
    _propose_levels(entries, organization=organization, year=year, members=members)  # a score alone: its level
    inputs = _grid_inputs(user=user, organization=organization, year=year, entries=entries, members=members)
    return _apply(inputs, user=user, override_reason=override_reason)


@dataclass
class GridCheck:
    """What the rules say of a grid as it stands in the browser, before saving: the issues (errors block the
    save, warnings do not) and, for rows with a score but no level, the level the thresholds give."""

    issues: list
    proposed: dict[int, Level]


def grid_check(
    *,
    user,
    organization: PartyOrganization,
    year: int,
    entries: list[GridEntry],
    override_reason: str = "",
    members: bool | None = None,
) -> GridCheck:
    """Run every rule of the year on a grid without writing (the engine's dry run), as the save would.

    Not in a transaction: it reads only, and on SQLite a transaction takes the write lock at once (immediate),
    which would make a save sent meanwhile wait for a preview."""
    proposed = _propose_levels(entries, organization=organization, year=year, members=members)
    inputs = _grid_inputs(user=user, organization=organization, year=year, entries=entries, members=members)
    try:
        outcome = engine.apply(inputs, user=user, dry_run=True, override_reason=override_reason)
    except RatingInputError as exc:
        return GridCheck(issues=exc.issues, proposed=proposed)
    return GridCheck(issues=outcome.warnings, proposed=proposed)


def _propose_levels(entries: list[GridEntry], *, organization: PartyOrganization, year: int,
                    members: bool | None) -> dict[int, Level]:
    """Rows with a score and no level get the level the year's thresholds give (the entry is filled in)."""
    members_grid = organization.kind == Kind.CELL if members is None else members
    book = SchemeBook()
    applies = MEMBER if members_grid else ORGANIZATION
    proposed = {}
    for entry in entries:
        if entry.score is None or entry.level_id or entry.not_reviewed:
            continue
        level = book.level_for_score(applies, year, entry.score, exceeded_share=entry.exceeded_share)
        if level is not None:
            entry.level_id = level.pk
            proposed[entry.subject_id] = level
    return proposed


def _grid_subjects(organization: PartyOrganization, year: int, members_grid: bool) -> set[int]:
    """The rows the grid shows (who belonged to the cell, which units were under the GPO that year), and those
    there today: a row's rating is still placed, locked and checked where it belongs, whichever grid sent it."""
    if members_grid:
        allowed = {m.pk for m in selectors.cell_members(organization, year)}
        return allowed | set(Member.objects.filter(cell=organization).values_list("pk", flat=True))
    return {u.pk for u in selectors.gpo_units(organization, year)} | set(units_reporting_to([organization.pk]))


def _grid_inputs(*, user, organization: PartyOrganization, year: int, entries: list[GridEntry],
                 members: bool | None) -> list[RatingInput]:
    _check_year(year)
    if not access.can_write(user, organization):
        raise PermissionDenied
    members_grid = organization.kind == Kind.CELL if members is None else members
    allowed = _grid_subjects(organization, year, members_grid)
    levels = {lv.pk: lv for lv in Level.objects.select_related("scheme")}
    inputs: list[RatingInput] = []
    for entry in entries:
        if entry.subject_id not in allowed:
            raise ValidationError({"entries": _("Dòng không thuộc bảng này: %(id)s.") % {"id": entry.subject_id}})
        level = levels.get(entry.level_id) if entry.level_id else None
        if entry.level_id and level is None:
            raise ValidationError({"entries": _("Mức không hợp lệ.")})
        item = _grid_input(entry, year=year, level=level, members_grid=members_grid)
        if item.clear and not entry.version:
            continue  # nothing there when shown (version 0 or none), nothing chosen: a rating entered meanwhile stays
        inputs.append(item)
    return inputs


def _grid_input(entry: GridEntry, *, year: int, level: Level | None, members_grid: bool) -> RatingInput:
    fields = ("level", "not_reviewed")
    if entry.override_reason:
        fields += ("override_reason",)
    fields += entry.percent_fields
    item = RatingInput(
        ref=str(entry.subject_id), year=year, level=level, not_reviewed="" if level else entry.not_reviewed,
        override_reason=entry.override_reason, score=entry.score if level else None,
        exceeded_share=entry.exceeded_share if level else None, fields=fields, version=entry.version,
        clear=level is None and not entry.not_reviewed,
    )
    if members_grid:
        item.member_id = entry.subject_id
    else:
        item.organization_id = entry.subject_id
    return item


def _check_year(year: int) -> None:
    if year > datetime.date.today().year:
        raise ValidationError({"year": _("Năm %(year)s chưa tới; không thể nhập kết quả.") % {"year": year}})


def _cycle_for_update(organization: PartyOrganization, year: int) -> ReviewCycle:
    # Cycles belong to reporting units: a GPO (its grids and returns), a district or a province (their summary
    # returns). A cell's or a constituent committee's ratings are in the cycle of the GPO above.
    if organization.kind not in REPORTING_KINDS:
        raise ValidationError({"organization": _("%(name)s không có kỳ trình và phê duyệt riêng; kết quả thuộc kỳ "
                                                 "của tổ chức cơ sở đảng cấp trên.") % {"name": organization}})
    cycle, _created = ReviewCycle.objects.select_for_update().get_or_create(organization=organization, year=year)
    return cycle


def _save_cycle(cycle: ReviewCycle, *, user, status: str, reason: str = "") -> ReviewCycle:
    cycle.status, cycle.changed_by, cycle.reason = status, user, reason
    cycle._history_user = user  # the history row names the user even outside a request (commands, tests)
    cycle.full_clean()
    cycle.save()
    return cycle


@transaction.atomic
def cycle_submit(*, user, organization: PartyOrganization, year: int) -> ReviewCycle:
    """Staff hand the year over for approval; refused while the check report lists errors."""
    if not access.can_write(user, organization):
        raise PermissionDenied
    cycle = _cycle_for_update(organization, year)
    if cycle.status != Status.DRAFT:
        raise ValidationError({"status": _("Chỉ trình được năm đang nhập (hiện: %(s)s).")
                               % {"s": cycle.get_status_display()}})
    from ratings.selectors import unit_check_report

    errors = [i for i in unit_check_report(organization, year).issues if i.is_error]
    if errors:
        raise ValidationError({"status": _("Còn %(n)s lỗi trong báo cáo kiểm tra; sửa trước khi trình.")
                               % {"n": len(errors)}})
    return _save_cycle(cycle, user=user, status=Status.SUBMITTED)


@transaction.atomic
def cycle_withdraw(*, user, organization: PartyOrganization, year: int) -> ReviewCycle:
    """Staff take back a submission not yet approved (to correct it); the history row names who and when."""
    if not access.can_write(user, organization):
        raise PermissionDenied
    cycle = _cycle_for_update(organization, year)
    if cycle.status != Status.SUBMITTED:
        raise ValidationError({"status": _("Chỉ rút lại được năm đã trình và chưa phê duyệt (hiện: %(s)s).")
                               % {"s": cycle.get_status_display()}})
    return _save_cycle(cycle, user=user, status=Status.DRAFT)


@transaction.atomic
def cycle_approve(*, user, organization: PartyOrganization, year: int) -> ReviewCycle:
    """An approver locks a submitted year."""
    if not access.can_approve(user, organization):
        raise PermissionDenied
    cycle = _cycle_for_update(organization, year)
    if cycle.status != Status.SUBMITTED:
        raise ValidationError({"status": _("Chỉ phê duyệt được năm đã trình (hiện: %(s)s).")
                               % {"s": cycle.get_status_display()}})
    _save_cycle(cycle, user=user, status=Status.APPROVED)
    announce_figures(ReviewCycle, organization_ids=[organization.pk], years=[year])  # no longer provisional
    return cycle


@transaction.atomic
def cycle_reopen(*, user, organization: PartyOrganization, year: int, reason: str) -> ReviewCycle:
    """An approver sends a submitted or approved year back to draft; the reason is kept in the history."""
    if not access.can_approve(user, organization):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Cần ghi lý do mở lại.")})
    cycle = _cycle_for_update(organization, year)
    if cycle.status == Status.DRAFT:
        raise ValidationError({"status": _("Năm này đang mở để nhập.")})
    _save_cycle(cycle, user=user, status=Status.DRAFT, reason=reason.strip())
    announce_figures(ReviewCycle, organization_ids=[organization.pk], years=[year])  # provisional again
    return cycle


class ReturnChanged(ValidationError):
    """The summary return was created or changed by someone else after the user read it."""

    def __init__(self, summary: SummaryReturn | None):
        self.summary = summary
        super().__init__({NON_FIELD_ERRORS: _(
            "Báo cáo tổng hợp %(r)s vừa được người khác tạo hoặc sửa; không ghi gì. Xem báo cáo đó ở bảng trên; bấm "
            "Lưu lần nữa nếu vẫn muốn thay bằng số liệu của bạn.") % {"r": summary or ""}})


@transaction.atomic
def returns_save(
    *,
    user,
    reporting_organization: PartyOrganization,
    year: int,
    subject: str,
    counts: dict[int, dict],
    population: str = "",
    total: int | None = None,
    reviewed: int | None = None,
    source: str = "",
    note: str = "",
    version: int | None = None,
) -> tuple[SummaryReturn, list[str]]:
    """Create or replace a summary return and its counts per tier; returns it with the non-blocking warnings.

    `counts` maps tier → {"count": int|None, "share": Decimal|None, "exemplary": int|None}. `version` is the
    return's version the user saw (0: none there); a return created or changed since is refused, not replaced.
    """
    _check_year(year)
    if user is not None and not access.can_write(user, reporting_organization):
        raise PermissionDenied
    # A cell's or a constituent's return is in its GPO's cycle, like its ratings; its lock is read under the cycle
    # row's lock, so an approval and this write, or two writes of the unit-year, take turns.
    unit = reporting_unit(reporting_organization) or reporting_organization
    if is_locked(lock_cycle(unit.pk, year, user=user)):
        raise ValidationError({"year": _("Năm %(year)s của đơn vị này đã trình hoặc đã phê duyệt.") % {"year": year}})
    from ratings.selectors import units_existing

    summed = sum(v.get("count") or 0 for v in counts.values())
    if total is not None and summed > total:
        raise ValidationError({"total": _("Tổng các mức (%(sum)s) lớn hơn tổng số (%(total)s).")
                               % {"sum": summed, "total": total}})
    if total is not None and reviewed is not None and reviewed > total:
        raise ValidationError({"reviewed": _("Số được đánh giá lớn hơn tổng số.")})
    # The counts per level are counts of the units (or members) reviewed.
    if reviewed is not None and summed > reviewed:
        raise ValidationError({"reviewed": _("Tổng các mức (%(sum)s) lớn hơn số được đánh giá (%(reviewed)s).")
                               % {"sum": summed, "reviewed": reviewed}})
    # Filled before its first save, so that a new return has one history row ("created"), not two.
    summary = SummaryReturn.objects.select_for_update().filter(
        reporting_organization=reporting_organization, year=year, subject=subject, population=population).first()
    created = summary is None
    if version is not None and version != (0 if created else summary.version):
        raise ReturnChanged(summary)
    if created:
        summary = SummaryReturn(reporting_organization=reporting_organization, year=year, subject=subject,
                                population=population, **placement.return_place(reporting_organization))
    summary.total, summary.reviewed, summary.source, summary.note = total, reviewed, source, note
    if not created:
        summary.version += 1
    summary._history_user = user
    summary.full_clean()
    try:
        with transaction.atomic():
            summary.save()
    except IntegrityError as exc:
        # Two people creating the same return at once: neither saw the other's row, the database took the first.
        raise ValidationError({NON_FIELD_ERRORS: _("Người khác vừa tạo báo cáo tổng hợp này cùng lúc; không ghi gì. "
                                                   "Hãy tải lại trang để xem báo cáo đó.")}) from exc
    summary.counts.exclude(tier__in=list(counts)).delete()
    for tier, value in counts.items():
        row = SummaryCount.objects.filter(summary_return=summary, tier=tier).first() or SummaryCount(
            summary_return=summary, tier=tier)
        row.count, row.share, row.exemplary = value.get("count"), value.get("share"), value.get("exemplary")
        row._history_user = user
        row.full_clean()
        row.save()
    warnings = []
    existing = units_existing(reporting_organization, year, subject)
    if existing and summed > existing:
        warnings.append(_("Tổng các mức (%(sum)s) lớn hơn số đơn vị đang có trong hệ thống (%(n)s).")
                        % {"sum": summed, "n": existing})
    announce_figures(SummaryReturn, organization_ids=[reporting_organization.pk], years=[year])
    return summary, warnings
