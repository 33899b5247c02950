"""Villages without a cell or without a member, and village heads who are party members."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from members.models import Member, VillageHead
from members.selectors.tree import descendants_of_kind, ids_of
from organizations.models import AdministrativeUnit, PartyOrganization


def _villages_per_organization(org_ids: list[int]) -> dict[int, set[int]]:
    """Current villages of the communes led by the GPOs under each organization (article 002 counts these)."""
    gpos = descendants_of_kind(org_ids, PartyOrganization.Kind.GRASSROOTS)
    commune_of_gpo = dict(
        PartyOrganization.objects.filter(pk__in={g for s in gpos.values() for g in s}, admin_unit__isnull=False)
        .values_list("pk", "admin_unit_id")
    )
    villages_of_commune: dict[int, set[int]] = defaultdict(set)
    for village_id, commune_id in (
        AdministrativeUnit.objects.villages().current().filter(parent_id__in=set(commune_of_gpo.values()))
        .values_list("pk", "parent_id")
    ):
        villages_of_commune[commune_id].add(village_id)
    return {
        org_id: {v for gpo in gpo_ids if gpo in commune_of_gpo for v in villages_of_commune[commune_of_gpo[gpo]]}
        for org_id, gpo_ids in gpos.items()
    }


def village_coverage(organizations: Iterable) -> list[dict]:
    """Rows {organization_id, villages, without_cell, without_member, without_cell_names, without_member_names}.

    A village "has a cell" when an active cell serves it; it "has a member" when such a cell has an active member
    (residence is not recorded, so a member counts for the villages their cell serves).
    """
    per_org = _villages_per_organization(ids_of(organizations))
    all_villages = {v for s in per_org.values() for v in s}
    served = PartyOrganization.villages.through.objects.filter(
        administrativeunit_id__in=all_villages, partyorganization__dissolved__isnull=True,
        partyorganization__kind=PartyOrganization.Kind.CELL,
    ).values_list("administrativeunit_id", "partyorganization_id")
    cells_of_village: dict[int, set[int]] = defaultdict(set)
    for village_id, cell_id in served:
        cells_of_village[village_id].add(cell_id)
    cells_with_members = set(
        Member.objects.filter(
            cell_id__in={c for s in cells_of_village.values() for c in s}, status__in=Member.ACTIVE_STATUSES
        ).values_list("cell_id", flat=True).distinct()
    )
    names = dict(AdministrativeUnit.objects.filter(pk__in=all_villages).values_list("pk", "name"))
    rows = []
    for org_id, villages in sorted(per_org.items()):
        no_cell = sorted((v for v in villages if not cells_of_village[v]), key=names.get)
        no_member = sorted((v for v in villages if not cells_of_village[v] & cells_with_members), key=names.get)
        rows.append({
            "organization_id": org_id,
            "villages": len(villages),
            "without_cell": len(no_cell),
            "without_member": len(no_member),
            "without_cell_names": [names[v] for v in no_cell],
            "without_member_names": [names[v] for v in no_member],
        })
    return rows


def village_heads_membership(organizations: Iterable) -> list[dict]:
    """Rows {organization_id, villages, heads, members, not_members, share}: sitting heads who are party members.

    Quế Phong (article 003): 32 of 194 heads were not members; Tiền Phong: 12 of 12 are.
    """
    per_org = _villages_per_organization(ids_of(organizations))
    heads = dict(
        VillageHead.objects.filter(village_id__in={v for s in per_org.values() for v in s}, term_end__isnull=True)
        .values_list("village_id", "is_party_member")
    )
    rows = []
    for org_id, villages in sorted(per_org.items()):
        with_head = [v for v in villages if v in heads]
        members = sum(1 for v in with_head if heads[v])
        rows.append({
            "organization_id": org_id,
            "villages": len(villages),
            "heads": len(with_head),
            "members": members,
            "not_members": len(with_head) - members,
            "share": round(100 * members / len(with_head), 1) if with_head else None,
        })
    return rows


def villages_of(organization_id: int):
    """The current villages under an organization's communes, as a queryset for a form's choices."""
    ids = _villages_per_organization([organization_id]).get(organization_id, set())
    return AdministrativeUnit.objects.filter(pk__in=ids).select_related("parent").order_by("parent__name", "name")
