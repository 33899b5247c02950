"""Key commune cadres: qualification shares per commune and area type, against Nghệ An's targets (article 001)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import KeyCadre, Member
from members.selectors.tree import descendants_of_kind, ids_of
from organizations.models import PartyOrganization

Q_ = Member.Qualification
T_ = Member.TheoryLevel
INTERMEDIATE_PLUS = (Q_.INTERMEDIATE, Q_.COLLEGE, Q_.UNIVERSITY, Q_.POSTGRADUATE)
UNIVERSITY_PLUS = (Q_.UNIVERSITY, Q_.POSTGRADUATE)
THEORY_INTERMEDIATE_PLUS = (T_.INTERMEDIATE, T_.ADVANCED)

AREA_TYPES = {
    "lowland": _("Đồng bằng, trung du"),
    "mountain": _("Miền núi"),
    "high_mountain": _("Vùng cao, đặc biệt khó khăn"),
}

# Article 001 (Nghệ An, 1996–2015). Each target: area types it applies to, measure, minimum, maximum.
TARGETS = (
    {
        "key": "2002",
        "source": _("Nghị quyết 14-NQ/TU ngày 16/8/2002 của Tỉnh ủy Nghệ An"),
        "rules": (
            (("mountain", "high_mountain"), "qualification_share", 60, None),
            (("mountain", "high_mountain"), "theory_share", 70, None),
            # "at least 3-5 full-time officials with university degrees" in each lowland commune.
            (("lowland",), "university_full_time", 3, 5),
        ),
    },
    {
        "key": "2010",
        "source": _("Mục tiêu đến năm 2010, Đại hội XVI Đảng bộ tỉnh Nghệ An (2005)"),
        "rules": (
            (("lowland", "mountain", "high_mountain"), "qualification_share", 100, None),
            (("lowland", "mountain", "high_mountain"), "theory_share", 100, None),
            (("lowland",), "university_count", 4, 5),
            (("high_mountain",), "university_count", 1, 2),
        ),
    },
)
MEASURES = {
    "qualification_share": _("% trung cấp chuyên môn trở lên"),
    "university_share": _("% đại học trở lên"),
    "theory_share": _("% trung cấp lý luận trở lên"),
    "university_count": _("số cán bộ có trình độ đại học"),
    "university_full_time": _("số cán bộ chuyên trách có trình độ đại học"),
}


def area_type(*, is_highland: bool, is_extremely_difficult: bool, is_border: bool = False) -> str:
    if not is_highland:
        return "lowland"
    return "high_mountain" if is_extremely_difficult else "mountain"


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _measures(cadres: list[dict]) -> dict:
    n = len(cadres)
    qual = sum(1 for c in cadres if c["qualification"] in INTERMEDIATE_PLUS)
    uni = [c for c in cadres if c["qualification"] in UNIVERSITY_PLUS]
    theory = sum(1 for c in cadres if c["theory_level"] in THEORY_INTERMEDIATE_PLUS)
    return {
        "cadres": n,
        "rotated": sum(1 for c in cadres if c["is_rotated"]),
        "qualification_share": _share(qual, n),
        "university_share": _share(len(uni), n),
        "theory_share": _share(theory, n),
        "university_count": len(uni),
        "university_full_time": sum(1 for c in uni if c["is_full_time"]),
    }


def _checks(area: str, measures: dict) -> list[dict]:
    checks = []
    for target in TARGETS:
        for areas, measure, minimum, maximum in target["rules"]:
            if area not in areas:
                continue
            actual = measures[measure]
            checks.append({
                "target": target["key"], "source": str(target["source"]), "measure": measure,
                "measure_label": str(MEASURES[measure]), "minimum": minimum, "maximum": maximum, "actual": actual,
                "met": actual is not None and actual >= minimum,
            })
    return checks


def key_cadre_qualification(organizations: Iterable, on: datetime.date | None = None) -> list[dict]:
    """One row per commune GPO under the organizations: the measures of its key cadres in office on `on` and
    each target of article 001 that applies to its area type, with whether it is met."""
    on = on or timezone.localdate()
    gpo_ids = {g for s in descendants_of_kind(ids_of(organizations), PartyOrganization.Kind.GRASSROOTS).values() for g in s}
    gpos = PartyOrganization.objects.filter(pk__in=gpo_ids).values(
        "pk", "name", "admin_unit__is_highland", "admin_unit__is_extremely_difficult", "admin_unit__is_border"
    )
    cadres: dict[int, list[dict]] = defaultdict(list)
    for row in KeyCadre.objects.filter(
        Q(term_end__isnull=True) | Q(term_end__gte=on), organization_id__in=gpo_ids, term_start__lte=on
    ).values("organization_id", "qualification", "theory_level", "is_full_time", "is_rotated"):
        cadres[row["organization_id"]].append(row)
    rows = []
    for gpo in sorted(gpos, key=lambda g: g["name"]):
        area = area_type(
            is_highland=bool(gpo["admin_unit__is_highland"]),
            is_extremely_difficult=bool(gpo["admin_unit__is_extremely_difficult"]),
        )
        measures = _measures(cadres[gpo["pk"]])
        rows.append({
            "organization_id": gpo["pk"], "name": gpo["name"], "area_type": area, "area_label": str(AREA_TYPES[area]),
            **measures, "checks": _checks(area, measures),
        })
    return rows


def key_cadre_by_area(organizations: Iterable, on: datetime.date | None = None) -> list[dict]:
    """The same measures pooled per area type (shares over all cadres of the area), with the communes counted."""
    per_commune = key_cadre_qualification(organizations, on)
    pooled: dict[str, dict] = {}
    for row in per_commune:
        acc = pooled.setdefault(row["area_type"], {"communes": 0, "cadres": 0, "qual": 0.0, "uni": 0.0, "theory": 0.0})
        acc["communes"] += 1
        acc["cadres"] += row["cadres"]
        for key, measure in (("qual", "qualification_share"), ("uni", "university_share"), ("theory", "theory_share")):
            acc[key] += (row[measure] or 0) * row["cadres"] / 100
    return [
        {
            "area_type": area, "area_label": str(AREA_TYPES[area]), "communes": acc["communes"], "cadres": acc["cadres"],
            "qualification_share": _share(round(acc["qual"]), acc["cadres"]),
            "university_share": _share(round(acc["uni"]), acc["cadres"]),
            "theory_share": _share(round(acc["theory"]), acc["cadres"]),
            "communes_meeting_all_targets": sum(
                1 for r in per_commune if r["area_type"] == area and r["checks"] and all(c["met"] for c in r["checks"])
            ),
        }
        for area, acc in pooled.items()
    ]
