"""Members per unit by status, ethnicity, gender and age band (current records)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, F, IntegerField, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from organizations.text import fold
from members.selectors.tree import cells_subquery, cells_under, ids_of, invert

# Age in the year of reference (year minus year of birth), as party statistics count it.
AGE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("18-30", _("Từ 30 tuổi trở xuống"), 0, 30),
    ("31-40", _("31–40 tuổi"), 31, 40),
    ("41-50", _("41–50 tuổi"), 41, 50),
    ("51-60", _("51–60 tuổi"), 51, 60),
    ("61-70", _("61–70 tuổi"), 61, 70),
    ("71+", _("Trên 70 tuổi"), 71, None),
)
UNKNOWN = "unknown"
DIMENSIONS = ("status", "ethnicity", "gender", "age_band")


def age_band_of(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    for key, _label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return key
    return UNKNOWN


def age_band_filter(band: str, year: int, field: str = "born") -> Q:
    """A Q keeping members (annotated by `with_birth_year`) whose age in `year` falls in the band."""
    for key, _label, low, high in AGE_BANDS:
        if key == band:
            born = Q(**{f"{field}__lte": year - low})
            if high is not None:
                born &= Q(**{f"{field}__gte": year - high})
            return born
    return Q(**{f"{field}__isnull": True})


def with_birth_year(queryset: QuerySet[Member]) -> QuerySet[Member]:
    return queryset.annotate(
        born=Coalesce("birth_year", ExtractYear("birth_date"), output_field=IntegerField())
    )


def _labels(dimension: str) -> dict[str, str]:
    if dimension == "status":
        return dict(Member.Status.choices)
    if dimension == "gender":
        return dict(Member.Gender.choices)
    if dimension == "age_band":
        return {key: str(label) for key, label, _low, _high in AGE_BANDS} | {UNKNOWN: str(_("Không rõ"))}
    return {}


def member_breakdown(
    organizations: Iterable, dimension: str, *, year: int | None = None, active_only: bool = True
) -> list[dict]:
    """Rows {organization_id, key, label, count}: current members under each organization by one dimension.

    `active_only` keeps probationary and official members (ignored for the status dimension, which shows all).
    Age bands use `year` (default: this year).
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {DIMENSIONS}")
    org_ids = ids_of(organizations)
    by_cell = invert(cells_under(org_ids))
    queryset = Member.objects.filter(cell_id__in=cells_subquery(org_ids))
    if active_only and dimension != "status":
        queryset = queryset.filter(status__in=Member.ACTIVE_STATUSES)
    year = year or timezone.localdate().year
    labels = _labels(dimension)
    if dimension == "ethnicity":
        rows = queryset.values("cell_id", key=F("ethnicity__code"), name=F("ethnicity__name")).annotate(n=Count("pk"))
    elif dimension == "age_band":
        rows = with_birth_year(queryset).values("cell_id", "born").annotate(n=Count("pk"))
    else:
        rows = queryset.values("cell_id", key=F(dimension)).annotate(n=Count("pk"))
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for row in rows:
        if dimension == "age_band":
            key = age_band_of(year - row["born"] if row["born"] else None)
        else:
            key = row["key"]
            if dimension == "ethnicity":
                labels[key] = row["name"]
        for org_id in by_cell[row["cell_id"]]:
            totals[(org_id, key)] += row["n"]
    # Statuses, genders and age bands in their natural order (probationary before official…); ethnic groups by code.
    rank = {key: i for i, key in enumerate(_labels(dimension))}
    return [
        {"organization_id": org_id, "key": key, "label": str(labels.get(key, key)), "count": count}
        for (org_id, key), count in sorted(totals.items(), key=lambda t: (t[0][0], rank.get(t[0][1], len(rank)), t[0][1]))
    ]


def member_counts(organizations: Iterable) -> dict[int, dict[str, int]]:
    """Per organization: {"probationary", "official", "active", "exempt"} current counts."""
    org_ids = ids_of(organizations)
    mapping = cells_under(org_ids)
    by_cell = invert(mapping)
    result = {org_id: {"probationary": 0, "official": 0, "active": 0, "exempt": 0} for org_id in mapping}
    rows = (
        Member.objects.filter(cell_id__in=cells_subquery(org_ids), status__in=Member.ACTIVE_STATUSES)
        .values("cell_id", "status")
        .annotate(n=Count("pk"), exempt=Count("pk", filter=Q(exempt_from_activities=True)))
    )
    for row in rows:
        for org_id in by_cell[row["cell_id"]]:
            counts = result[org_id]
            counts[row["status"]] += row["n"]
            counts["active"] += row["n"]
            counts["exempt"] += row["exempt"]
    return result


def today() -> datetime.date:
    return timezone.localdate()


def members_suggested(members: QuerySet[Member], term: str, *, limit: int) -> list[Member]:
    """Members among `members` named by `term`: the one whose card number it is first, then those whose folded name
    contains it, by name (at most `limit` + 1, so the caller can tell there are more)."""
    folded = fold(term)
    if not folded:
        return []
    by_card = list(members.filter(card_number=term.strip())[:1])
    by_name = members.filter(search_name__contains=folded).exclude(pk__in=[m.pk for m in by_card])
    return by_card + list(by_name.order_by("search_name", "pk")[: limit + 1 - len(by_card)])
