"""Counts and shares by level of a reporting unit's year: computed from detailed ratings, and as summary returns give
them. One read for the returns page and the documents the board files, so that both show the same figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from organizations.access import subtree_filter
from organizations.models import PartyOrganization
from ratings.engine import RATED_KINDS
from ratings.models import Rating, Subject, SummaryReturn

TIERS = (1, 2, 3, 4)
DETAIL = "detail"
RETURN = "return"
ORGANIZATION_SUBJECTS = (Subject.GPO, Subject.CONSTITUENT, Subject.CELL)
_HUNDREDTH = Decimal("0.01")


@dataclass
class Line:
    """One subject's figures: a count and a share per tier (either may be missing in a return)."""

    subject: str
    source: str  # DETAIL or RETURN
    counts: dict[int, int | None] = field(default_factory=dict)
    shares: dict[int, Decimal | None] = field(default_factory=dict)
    total: int | None = None  # ratings recorded (details), or the return's total
    reviewed: int | None = None  # rated on a level
    not_reviewed: int | None = None  # details only: recorded as not reviewed (exempted, suspended, …)
    population: str = ""
    reference: str = ""  # a return's source text
    return_id: int | None = None

    @property
    def subject_label(self) -> str:
        return str(Subject(self.subject).label)

    @property
    def cells(self) -> list[tuple[int, int | None, Decimal | None]]:
        """(tier, count, share) for tiers 1–4."""
        return [(tier, self.counts.get(tier), self.shares.get(tier)) for tier in TIERS]

    @property
    def is_detail(self) -> bool:
        return self.source == DETAIL


def share(count: int | None, of: int | None) -> Decimal | None:
    if count is None or not of:
        return None
    return (Decimal(count) * 100 / Decimal(of)).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


def detail_scope(organization: PartyOrganization) -> tuple[Q, Q]:
    """Organizations' and members' ratings given under the organization, as recorded when each was given (a later
    transfer or merger does not move them): under its GPO and the GPOs below it, or, for a constituent committee
    or a cell, under it and the cells below it."""
    Kind = PartyOrganization.Kind
    if organization.kind in (Kind.CONSTITUENT, Kind.CELL):
        return (subtree_filter(organization.pk, "organization__"),
                Q(member__isnull=False) & subtree_filter(organization.pk, "cell__"))
    return (Q(organization__isnull=False) & subtree_filter(organization.pk, "gpo__"),
            Q(member__isnull=False) & subtree_filter(organization.pk, "gpo__"))


def detail_lines(organization: PartyOrganization, year: int) -> list[Line]:
    """Figures computed from the detailed ratings under an organization: one line per subject that has any."""
    organizations, members = detail_scope(organization)
    counts: dict[str, dict] = defaultdict(lambda: {"tiers": defaultdict(int), "not_reviewed": 0})
    rows = (Rating.objects.filter(organizations, year=year).values_list("organization__kind", "level__tier")
            .annotate(n=Count("pk")).order_by())
    for kind, tier, n in rows:
        subject = RATED_KINDS.get(kind)
        if subject is None:
            continue
        if tier is None:
            counts[subject]["not_reviewed"] += n
        else:
            counts[subject]["tiers"][tier] += n
    rows = (Rating.objects.filter(members, year=year).values_list("level__tier").annotate(n=Count("pk")).order_by())
    for tier, n in rows:
        if tier is None:
            counts[Subject.MEMBER]["not_reviewed"] += n
        else:
            counts[Subject.MEMBER]["tiers"][tier] += n
    lines = []
    for subject in (*ORGANIZATION_SUBJECTS, Subject.MEMBER):
        if subject not in counts:
            continue
        tiers, not_reviewed = counts[subject]["tiers"], counts[subject]["not_reviewed"]
        reviewed = sum(tiers.values())
        lines.append(Line(subject=subject, source=DETAIL, counts={t: tiers.get(t, 0) for t in TIERS},
                          shares={t: share(tiers.get(t, 0), reviewed) for t in TIERS}, total=reviewed + not_reviewed,
                          reviewed=reviewed, not_reviewed=not_reviewed))
    return lines


def return_lines(organization: PartyOrganization, year: int) -> list[Line]:
    """The organization's own summary returns of the year, as they give their figures (a share computed only where
    a return gives every count and no share)."""
    lines = []
    order = {subject: position for position, subject in enumerate((*ORGANIZATION_SUBJECTS, Subject.MEMBER))}
    returns = SummaryReturn.objects.filter(reporting_organization=organization, year=year).prefetch_related("counts")
    for summary in sorted(returns, key=lambda r: (order.get(r.subject, 9), r.population)):
        given = {c.tier: c for c in summary.counts.all()}
        counts = {t: given[t].count if t in given else None for t in TIERS}
        known = [c for c in counts.values() if c is not None]
        reviewed = summary.reviewed if summary.reviewed is not None else (sum(known) if len(known) == 4 else None)
        shares = {t: given[t].share if t in given and given[t].share is not None else share(counts[t], reviewed)
                  for t in TIERS}
        lines.append(Line(subject=summary.subject, source=RETURN, counts=counts, shares=shares, total=summary.total,
                          reviewed=reviewed, population=summary.population, reference=summary.source,
                          return_id=summary.pk))
    return lines


def unit_lines(organization: PartyOrganization, year: int) -> list[Line]:
    """What a unit's year reports: details where a subject has them, its returns for the other subjects."""
    details = detail_lines(organization, year)
    covered = {line.subject for line in details}
    return details + [line for line in return_lines(organization, year) if line.subject not in covered]
