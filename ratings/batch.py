"""A batch of ratings as the engine sees it: the rows asked for, the plan built from the database, the outcome."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organizations.models import PartyOrganization
from ratings import checks, placement
from ratings.models import Level, Rating, ReviewCycle
from ratings.schemes import SchemeBook

WRITABLE_FIELDS = ("level", "not_reviewed", "score", "exceeded_share", "is_exemplary", "decided_on",
                   "deciding_body", "override_reason", "note")
Key = tuple[str, int, int]  # ("o", organization id, year) or ("m", member id, year)


@dataclass
class RatingInput:
    """What one row of a grid or a file asks for. `fields` lists the attributes it sets (others are kept).

    `version` is the rating's version the user saw (0: none was there); None checks nothing (the command line)."""

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

    @property
    def key(self) -> Key:
        return ("o", self.organization_id, self.year) if self.organization_id else ("m", self.member_id, self.year)


class MemberInfo(NamedTuple):
    pk: int
    admitted_on: datetime.date
    cell_id: int
    status: str
    full_name: str
    card_number: str | None


@dataclass
class RowChange:
    """What a row does to the stored rating: "created", "updated", "deleted" or "unchanged", field by field."""

    ref: str
    subject: str
    year: int
    action: str
    fields: list[tuple[str, object, object]] = field(default_factory=list)  # (field, old, new)
    version: int = 0  # the kept rating's version when read (0: none)


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    warnings: list[checks.Issue] = field(default_factory=list)
    organization_ids: set[int] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    changes: list[RowChange] = field(default_factory=list)  # every row, in the batch's order


class RatingInputError(ValidationError):
    """All the problems of a batch at once; `issues` keeps the row reference and the field of each."""

    def __init__(self, issues: list[checks.Issue]):
        self.issues = issues
        by_ref: dict[str, list[str]] = defaultdict(list)
        for issue in issues:
            by_ref[issue.ref].append(str(issue))  # with the rule's source, where it is a regulation's rule
        super().__init__(dict(by_ref))


@dataclass
class Plan:
    """A batch and what the database holds for it: built by `resolve`, then checked and turned into writes."""

    inputs: list[RatingInput]
    user: object
    organizations: dict[int, PartyOrganization]
    members: dict[int, MemberInfo]
    existing: dict[Key, Rating]
    places: dict[Key, placement.Place]
    book: SchemeBook
    resolved: list[tuple[RatingInput, int]] = field(default_factory=list)  # rows whose subject was found, their GPO
    states: dict[str, checks.RatingState] = field(default_factory=dict)  # by row reference
    issues: list[checks.Issue] = field(default_factory=list)
    # Rows that change nothing where nothing may change (a locked year, a rating given outside the user's scope):
    # they were checked when written, so their rules are not judged again.
    settled: set[str] = field(default_factory=set)
    cycles: dict[tuple[int, int], ReviewCycle] = field(default_factory=dict)

    @property
    def years(self) -> set[int]:
        return {item.year for item in self.inputs}

    @property
    def unit_years(self) -> set[tuple[int, int]]:
        return {(gpo_id, item.year) for item, gpo_id in self.resolved}

    def subject_name(self, item: RatingInput) -> str:
        """The subject as people know it, for messages: an organization's name, a member's name and card."""
        if item.organization_id:
            org = self.organizations.get(item.organization_id)
            return str(org) if org else str(item.organization_id)
        member = self.members.get(item.member_id)
        if member is None:
            return str(item.member_id)
        card = member.card_number or _("chưa có thẻ")
        return _("đảng viên %(name)s (thẻ %(card)s)") % {"name": member.full_name, "card": card}


def values_of(item: RatingInput) -> dict:
    """What a row writes: the fields it sets, a level and a not-reviewed reason excluding each other."""
    values = {name: getattr(item, name) for name in item.fields}
    if "level" in values and values["level"] is not None:
        values["not_reviewed"] = ""
    if values.get("not_reviewed"):
        values["level"] = None
    return values


def changes(item: RatingInput, current: Rating | None) -> bool:
    if item.clear:
        return current is not None
    if current is None:
        return True
    return any(differs(name, current, value) for name, value in values_of(item).items())


def differs(name: str, rating: Rating, new) -> bool:
    if name == "level":  # by id: reading rating.level would cost one query per row
        return rating.level_id != (new.pk if new else None)
    old = getattr(rating, name)
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return (Decimal(old) if old is not None else None) != (Decimal(new) if new is not None else None)
    return (old or "") != (new or "") if isinstance(old, str) or isinstance(new, str) else old != new
