"""Reads of the ratings app: grids, check reports, history, and the read API of the reports app."""

from __future__ import annotations

import datetime
from collections import namedtuple
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from members import selectors as member_selectors
from members.models import Member, MemberEvent
from organizations.models import PartyOrganization
from organizations.selectors import reporting_unit, units_reporting_to
from ratings import checks
from ratings.engine import RATED_KINDS, build_context
from ratings.models import Rating, ReviewCycle, SummaryCount, SummaryReturn
from ratings.schemes import SchemeBook

Kind = PartyOrganization.Kind
TierCountRow = namedtuple("TierCountRow", "organization_id province_id year subject tier count")
SummaryRow = namedtuple(
    "SummaryRow", "reporting_organization_id province_id year subject population tier count share total"
)


def existing_in_year(year: int) -> tuple[Q, Q]:
    """Organizations that existed at some time during `year`."""
    return Q(founded__isnull=True) | Q(founded__lte=datetime.date(year, 12, 31)), Q(dissolved__isnull=True) | Q(
        dissolved__gte=datetime.date(year, 1, 1)
    )


def _rated_elsewhere(year: int, *, gpo_id: int, organization_ids) -> set[int]:
    """Of these organizations, those whose rating of `year` was given under another GPO (they belong there)."""
    return set(Rating.objects.filter(year=year, organization_id__in=list(organization_ids)).exclude(gpo_id=gpo_id)
               .values_list("organization_id", flat=True))


def gpo_units(gpo: PartyOrganization, year: int) -> list[PartyOrganization]:
    """The GPO, its constituent committees and all its cells in `year`, in grid order: those rated under it that
    year, and those under it today that existed then and were not rated under another GPO (a merger moved them)."""
    # Ids in hand, not a subquery: OR-ed with a subquery, the query below read every organization (0.5 s at
    # national scale); with two lists of ids PostgreSQL reads both through the primary key.
    rated = list(Rating.objects.filter(gpo_id=gpo.pk, year=year, organization__isnull=False)
                 .values_list("organization_id", flat=True))
    today = set(units_reporting_to([gpo.pk]))
    moved = _rated_elsewhere(year, gpo_id=gpo.pk, organization_ids=today)
    there = PartyOrganization.objects.filter(*existing_in_year(year), pk__in=today - moved, kind__in=list(RATED_KINDS))
    units = list(there | PartyOrganization.objects.filter(pk__in=rated))
    order = {Kind.GRASSROOTS: 0, Kind.CONSTITUENT: 1, Kind.CELL: 2}

    def key(org: PartyOrganization):
        group = org.pk if org.kind == Kind.CONSTITUENT else (org.parent_id if org.parent_id != gpo.pk else 0)
        return (0 if org.pk == gpo.pk else 1, group, order.get(org.kind, 3), org.code)

    return sorted(units, key=key)


def members_as_they_were(cell_ids: list[int], year: int, *, gpo_id: int | None = None) -> dict[int, int]:
    """Member id → cell, for the members who belonged to one of these cells in `year`: those whose rating of the
    year was given there (under that GPO, when one is named), and those who were there at the year's end (or left
    it during the year) and were not rated elsewhere."""
    cells = set(cell_ids)
    rated = Rating.objects.filter(year=year, cell_id__in=cells)
    if gpo_id is not None:
        rated = rated.filter(gpo_id=gpo_id)
    result = dict(rated.values_list("member_id", "cell_id"))
    candidates = member_selectors.members_touching(cells) - set(result)
    elsewhere = set(Rating.objects.filter(year=year, member_id__in=candidates).values_list("member_id", flat=True))
    for (member_id, _year), then in member_selectors.year_end_cells(candidates - elsewhere, [year]).items():
        if then.belonged and then.cell_id in cells:
            result[member_id] = then.cell_id
    return result


def cell_members(cell: PartyOrganization, year: int) -> QuerySet[Member]:
    """The members of the cell in `year`, as they were (see `members_as_they_were`)."""
    ids = members_as_they_were([cell.pk], year)
    return Member.objects.filter(pk__in=list(ids)).order_by("search_name", "pk")


@dataclass
class GridRow:
    subject: object
    rating: Rating | None
    previous: Rating | None
    indent: int = 0
    disciplined: bool = False


def grid_rows(organization: PartyOrganization, year: int, members: bool | None = None) -> list[GridRow]:
    """Rows of a GPO's grid (its units) or a cell's grid (its members), with this and last year's rating."""
    if (organization.kind == Kind.CELL) if members is None else members:
        subjects = list(cell_members(organization, year))
        prefix = "member"
    else:
        subjects = gpo_units(organization, year)
        prefix = "organization"
    ids = [s.pk for s in subjects]
    ratings = {
        (getattr(r, f"{prefix}_id"), r.year): r
        for r in Rating.objects.filter(**{f"{prefix}_id__in": ids}, year__in=[year, year - 1]).select_related("level")
    }
    disciplined = set()
    if prefix == "member":
        disciplined = set(MemberEvent.objects.filter(
            member_id__in=ids, kind=MemberEvent.Kind.DISCIPLINE, date__year=year).values_list("member_id", flat=True))
    rows = []
    for subject in subjects:
        indent = 0 if prefix == "member" or subject.pk == organization.pk else (
            1 if subject.parent_id == organization.pk else 2)
        rows.append(GridRow(subject, ratings.get((subject.pk, year)), ratings.get((subject.pk, year - 1)), indent,
                            subject.pk in disciplined))
    return rows


def cycle_of(organization: PartyOrganization, year: int) -> ReviewCycle | None:
    """The review cycle holding this organization's ratings (its GPO's, or its own for higher committees)."""
    unit = reporting_unit(organization) or organization
    return ReviewCycle.objects.filter(organization=unit, year=year).first()


@dataclass
class CheckReport:
    organization: PartyOrganization
    year: int
    issues: list[checks.Issue] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # ref -> subject name
    missing: list[str] = field(default_factory=list)
    not_reviewed: int = 0
    quota: dict | None = None
    schemes: list = field(default_factory=list)  # the year's schemes (organizations, members), rules prefetched


def unit_check_report(gpo: PartyOrganization, year: int, *, ignore_reasons: bool = False) -> CheckReport:
    """Every rule of the year's scheme over the GPO's stored ratings, plus missing ratings and summary returns.

    With `ignore_reasons` the ratings are checked as if no reason had been recorded: what is then found on a rating
    with a reason is what the board overrode."""
    report = CheckReport(gpo, year)
    book = SchemeBook()
    report.schemes = [scheme for scheme in (book.scheme("organization", year), book.scheme("member", year)) if scheme]
    units = gpo_units(gpo, year) if gpo.kind == Kind.GRASSROOTS else [gpo]
    cells = {u.pk for u in units if u.kind == Kind.CELL or u.is_grassroots_cell}
    cells |= set(Rating.objects.filter(gpo_id=gpo.pk, year=year, cell__isnull=False).values_list("cell_id", flat=True))
    cell_of = members_as_they_were(sorted(cells), year, gpo_id=gpo.pk)
    cell_names = dict(PartyOrganization.objects.filter(pk__in=set(cell_of.values())).values_list("pk", "name"))
    members = list(Member.objects.filter(pk__in=list(cell_of)).order_by("search_name", "pk"))
    left_on = dict(
        MemberEvent.objects.filter(member__in=members, kind__in=[MemberEvent.Kind.REMOVAL, MemberEvent.Kind.DEATH])
        .values_list("member_id", "date")
    )
    org_ratings = {r.organization_id: r for r in Rating.objects.filter(organization__in=units, year=year)}
    member_ratings = {r.member_id: r for r in Rating.objects.filter(member__in=members, year=year)}
    states = []
    for unit in units:
        rating = org_ratings.get(unit.pk)
        ref = f"o{unit.pk}"
        report.labels[ref] = unit.name
        if rating is None:
            report.missing.append(unit.name)
            continue
        states.append(_state(ref, rating, RATED_KINDS.get(unit.kind, "gpo"), unit.pk, gpo.pk, book, ignore_reasons,
                             founded=unit.founded, dissolved=unit.dissolved))
    for member in members:
        rating = member_ratings.get(member.pk)
        ref = f"m{member.pk}"
        report.labels[ref] = f"{member.full_name} ({cell_names.get(cell_of[member.pk], '')})"
        if rating is None:
            report.missing.append(report.labels[ref])  # a member of the unit that year, not rated
            continue
        if rating.not_reviewed:
            report.not_reviewed += 1
        states.append(_state(ref, rating, "member", member.pk, gpo.pk, book, ignore_reasons,
                             admitted_on=member.admitted_on,
                             left_on=left_on.get(member.pk)))
    context = build_context({year}, {gpo.pk}, {m.pk for m in members}, quota=False)
    report.issues = checks.run(states, context)
    report.issues += _parts_issues(states, units, cell_of, gpo)
    scheme = book.scheme("member", year)
    if scheme and scheme.excellent_quota_percent is not None:
        tiers = [s.level.tier for s in states if s.subject == "member" and s.level]
        excellent, good = tiers.count(1), tiers.count(2)
        rule = checks.rule_of(scheme, checks.Kind.QUOTA)
        report.quota = {"percent": scheme.excellent_quota_percent, "excellent": excellent, "good": good,
                        "confirmed": bool(rule and rule.confirmed), "source": rule.source if rule else scheme.source,
                        "limit": int(good * scheme.excellent_quota_percent / 100),
                        "overrides": sum(1 for s in states if s.subject == "member" and s.level
                                         and s.level.tier == 1 and s.override_reason)}
    for summary in SummaryReturn.objects.filter(reporting_organization=gpo, year=year).prefetch_related("counts"):
        summed = sum(c.count or 0 for c in summary.counts.all())
        existing = units_existing(gpo, year, summary.subject)
        if existing and summed > existing:
            report.issues.append(checks.Issue(
                f"s{summary.pk}", "counts",
                f"{summary.get_subject_display()}: {summed} > {existing}", severity="warning"))
    return report


@dataclass
class OpenIssues:
    """What a submit or an approval confirmation shows: the check report's errors, warnings and missing rows."""

    errors: int = 0
    warnings: int = 0
    missing: int = 0


def open_issues(unit: PartyOrganization, year: int) -> OpenIssues:
    """The counts of a GPO's check report for a year (districts and provinces have returns only: nothing)."""
    if unit.kind != Kind.GRASSROOTS:
        return OpenIssues()
    report = unit_check_report(unit, year)
    errors = sum(1 for issue in report.issues if issue.is_error)
    return OpenIssues(errors=errors, warnings=len(report.issues) - errors, missing=len(report.missing))


def approval_queue(organizations: QuerySet[PartyOrganization]) -> QuerySet[ReviewCycle]:
    """The submitted years of these organizations, the oldest submission first (it has waited longest)."""
    return (ReviewCycle.objects.filter(status=ReviewCycle.Status.SUBMITTED, organization__in=organizations)
            .select_related("organization", "organization__province", "changed_by").order_by("changed_at", "pk"))


def _parts_issues(states, units, cell_of: dict[int, int], gpo) -> list[checks.Issue]:
    """The level of each organization against the levels of its parts (its units, or a cell's members)."""
    tiers = {s.ref: s.level.tier for s in states if s.level is not None}
    parts: dict[int, list[int]] = {u.pk: [] for u in units}
    member_parts: dict[int, list[int]] = {u.pk: [] for u in units}
    for unit in units:
        if unit.pk != gpo.pk and unit.parent_id in parts and f"o{unit.pk}" in tiers:
            parts[unit.parent_id].append(tiers[f"o{unit.pk}"])
    for member_id, cell_id in cell_of.items():
        if cell_id in parts and f"m{member_id}" in tiers:
            parts[cell_id].append(tiers[f"m{member_id}"])
            member_parts[cell_id].append(tiers[f"m{member_id}"])
    issues = []
    for state in states:
        if state.subject != "member":
            issues += checks.check_parts(state, parts.get(state.subject_id, []))
            # 27-HD: a cell is judged on its members, a committee on its subordinate organizations.
            own_members = member_parts.get(state.subject_id, [])
            issues += checks.check_weak_parts(state, own_members or parts.get(state.subject_id, []),
                                              members=bool(own_members))
    return issues


def _state(ref, rating, subject, subject_id, gpo_id, book, ignore_reasons, **extra) -> checks.RatingState:
    level = book.levels_by_id.get(rating.level_id) if rating.level_id else None
    return checks.RatingState(ref=ref, year=rating.year, subject=subject, subject_id=subject_id, gpo_id=gpo_id,
                              level=level, not_reviewed=rating.not_reviewed, score=rating.score,
                              exceeded_share=rating.exceeded_share, is_exemplary=rating.is_exemplary,
                              override_reason="" if ignore_reasons else rating.override_reason, **extra)


def units_existing(organization: PartyOrganization, year: int, subject: str) -> int:
    """How many units (or members) of a subject exist in the system under an organization in `year`."""
    from organizations.access import subtree_filter

    if subject == "member":
        return Member.objects.filter(subtree_filter(organization.pk, "cell__"),
                                     admitted_on__lte=datetime.date(year, 12, 31)).count()
    kind = {"gpo": Kind.GRASSROOTS, "constituent": Kind.CONSTITUENT, "cell": Kind.CELL}[subject]
    return PartyOrganization.objects.filter(subtree_filter(organization.pk), *existing_in_year(year), kind=kind).count()


@dataclass
class Change:
    field: str  # the field's Vietnamese name
    old: object
    new: object


def _readable(name: str, value, book: SchemeBook):
    if value in (None, ""):
        return ""
    if name == "level":
        level = book.levels_by_id.get(value)
        return f"{level.tier}. {level.label}" if level else value
    if name == "not_reviewed":
        return Rating.NotReviewed(value).label
    if name == "is_exemplary":
        return "✓" if value else ""
    return value


def rating_history(*, organization: PartyOrganization | None = None, member: Member | None = None) -> list:
    """Every version of the subject's ratings, newest first, each with the fields that changed (readable)."""
    subject = {"organization_id": organization.pk} if organization else {"member_id": member.pk}
    records = list(Rating.history.filter(**subject).select_related("level", "history_user").order_by(
        "year", "history_date", "history_id"))
    book = SchemeBook()
    previous: dict[int, object] = {}
    for record in records:
        before = previous.get(record.year)
        record.changes = []
        if before is not None:
            for change in record.diff_against(before).changes:
                if change.field == "version":
                    continue
                label = str(Rating._meta.get_field(change.field).verbose_name)
                record.changes.append(Change(label, _readable(change.field, change.old, book),
                                             _readable(change.field, change.new, book)))
        previous[record.year] = record
    return list(reversed(records))


def cycle_history(organization: PartyOrganization) -> QuerySet:
    return ReviewCycle.history.filter(organization=organization).select_related("history_user").order_by(
        "-history_date", "-history_id")  # rows written in one bulk share their date: the later id is the later


@dataclass
class ReturnChange:
    """One version of a summary return or of one of its counts: who, when, what, before → after."""

    when: datetime.datetime
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted
    what: str
    changes: list = field(default_factory=list)


def returns_history(organization: PartyOrganization, year: int | None = None) -> list[ReturnChange]:
    """Every version of a unit's summary returns and of their counts per tier, newest first."""
    returns = SummaryReturn.history.filter(reporting_organization_id=organization.pk)
    if year is not None:
        returns = returns.filter(year=year)
    returns = list(returns.select_related("history_user").order_by("history_date", "history_id"))
    names = {}
    for record in returns:
        population = f" ({record.population})" if record.population else ""
        names[record.id] = f"{record.get_subject_display()}{population}, {record.year}"
    counts = list(SummaryCount.history.filter(summary_return_id__in=list(names)).select_related("history_user")
                  .order_by("history_date", "history_id"))
    entries: list[ReturnChange] = []
    for records, model, fields, describe in (
        (returns, SummaryReturn, ("total", "reviewed", "source", "note"), lambda r: names[r.id]),
        (counts, SummaryCount, ("count", "share", "exemplary"),
         lambda r: _("%(what)s — mức %(tier)s") % {"what": names[r.summary_return_id], "tier": r.tier}),
    ):
        previous: dict[int, object] = {}
        for record in records:
            before = previous.get(record.id)
            entry = ReturnChange(record.history_date, record.history_user, record.history_type, describe(record))
            for name in fields:
                old = getattr(before, name) if before is not None else None
                new = getattr(record, name) if record.history_type != "-" else None
                if old not in (None, "") or new not in (None, ""):
                    if old != new:
                        entry.changes.append(Change(str(model._meta.get_field(name).verbose_name), old, new))
            previous[record.id] = record
            entries.append(entry)
    return sorted(entries, key=lambda e: e.when, reverse=True)


def tier_counts_detailed(year_from: int, year_to: int) -> Iterator[TierCountRow]:
    """Counts per tier from detailed ratings, where each was given: an organization counts for itself, a member
    for the cell recorded on the rating; the province is the one recorded too."""
    organizations = (
        Rating.objects.filter(year__range=(year_from, year_to), organization__isnull=False, level__isnull=False)
        .values_list("organization_id", "province_id", "year", "organization__kind", "level__tier")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for org_id, province_id, year, kind, tier, count in organizations:
        yield TierCountRow(org_id, province_id, year, RATED_KINDS.get(kind, kind), tier, count)
    members = (
        Rating.objects.filter(year__range=(year_from, year_to), member__isnull=False, level__isnull=False)
        .values_list("cell_id", "province_id", "year", "level__tier")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for cell_id, province_id, year, tier, count in members:
        yield TierCountRow(cell_id, province_id, year, "member", tier, count)


def summary_return_rows(year_from: int, year_to: int) -> Iterator[SummaryRow]:
    """Every figure of the summary returns, one row per return and tier (the province as the return recorded it)."""
    rows = SummaryCount.objects.filter(summary_return__year__range=(year_from, year_to)).values_list(
        "summary_return__reporting_organization_id", "summary_return__province_id",
        "summary_return__year", "summary_return__subject", "summary_return__population", "tier", "count", "share",
        "summary_return__total",
    ).order_by("summary_return__year", "summary_return_id", "tier")
    for row in rows:
        yield SummaryRow(*row)
