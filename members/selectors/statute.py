"""The Statute's figures for cells (article 000): at least 3 official members; 30 or more may form a committee."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count
from django.utils.translation import gettext as _

from members.models import Member
from members.selectors.tree import cells_subquery, cells_under, ids_of
from organizations.models import PartyOrganization

MIN_OFFICIAL = PartyOrganization.CELL_MIN_OFFICIAL_MEMBERS
COMMITTEE_THRESHOLD = PartyOrganization.CELL_COMMITTEE_THRESHOLD


def _counts_per_cell(cell_ids: set[int], statuses: Iterable[str], subquery=None) -> dict[int, int]:
    counts = dict.fromkeys(cell_ids, 0)
    rows = (
        Member.objects.filter(cell_id__in=cell_ids if subquery is None else subquery, status__in=list(statuses))
        .values("cell_id")
        .annotate(n=Count("pk"))
        .values_list("cell_id", "n")
    )
    counts.update(rows)
    return counts


def official_member_counts(organization_ids: Iterable) -> dict[int, int]:
    """Organization id → its members on the rolls now (probationary and official; a committee counts its subtree).

    The name is the one the hierarchy page asked for; the figure is "active" members, as its column shows.
    For official members only, use `member_counts(...)[id]["official"]`.
    """
    org_ids = ids_of(organization_ids)
    mapping = cells_under(org_ids)
    per_cell = _counts_per_cell({c for s in mapping.values() for c in s}, Member.ACTIVE_STATUSES,
                                cells_subquery(org_ids))
    return {org_id: sum(per_cell[c] for c in cells) for org_id, cells in mapping.items()}


def cell_statute_flags(cell_ids: Iterable) -> dict[int, str]:
    """Cell id → a short warning, only for active cells outside the Statute's range of official members."""
    cells = set(
        PartyOrganization.objects.filter(
            pk__in=ids_of(cell_ids), kind=PartyOrganization.Kind.CELL, dissolved__isnull=True
        ).values_list("pk", flat=True)
    )
    flags = {}
    for cell_id, n in _counts_per_cell(cells, [Member.Status.OFFICIAL]).items():
        if n < MIN_OFFICIAL:
            flags[cell_id] = _("Chưa đủ 3 đảng viên chính thức (có %(n)s)") % {"n": n}
        elif n >= COMMITTEE_THRESHOLD:
            flags[cell_id] = _("%(n)s đảng viên chính thức: đủ điều kiện lập đảng ủy") % {"n": n}
    return flags
