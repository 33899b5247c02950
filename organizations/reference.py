"""Loading the official administrative units (before and after the 2025 reform) from the reference fixture.

The fixture is generated from one vietnam-provinces release by scripts/build_legacy_reference.py, so current codes,
legacy codes and the conversion table agree. Loading is idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from organizations.models import REFORM_2025, REFORM_2025_BASIS, AdministrativeUnit, UnitLineage
from organizations.text import fold

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "reference" / "administrative_units.json"
LAST_DAY_BEFORE_REFORM = REFORM_2025 - datetime.timedelta(days=1)
COMMUNE_REFORM_BASIS = "Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã năm 2025"

Kind = AdministrativeUnit.Kind
_KINDS = {
    "tỉnh": Kind.TINH,
    "thành phố trung ương": Kind.THANH_PHO_TW,
    "huyện": Kind.HUYEN,
    "quận": Kind.QUAN,
    "thị xã": Kind.THI_XA,
    "thành phố": Kind.THANH_PHO,
    "xã": Kind.XA,
    "phường": Kind.PHUONG,
    "thị trấn": Kind.THI_TRAN,
    "đặc khu": Kind.DAC_KHU,
}

# Area characteristics are not in the official list. Provinces on the land border (with China, Laos, Cambodia) and
# the northern-mountain and Central-Highlands provinces, by their folded short names; communes are flagged by admins.
BORDER_PROVINCES = {
    "dien bien", "lai chau", "lao cai", "ha giang", "cao bang", "lang son", "quang ninh", "son la", "thanh hoa",
    "nghe an", "ha tinh", "quang binh", "quang tri", "hue", "quang nam", "kon tum", "gia lai", "dak lak", "dak nong",
    "binh phuoc", "tay ninh", "long an", "dong thap", "an giang", "kien giang", "tuyen quang", "da nang",
    "quang ngai", "lam dong", "dong nai",
}
HIGHLAND_PROVINCES = {
    "dien bien", "lai chau", "lao cai", "ha giang", "cao bang", "lang son", "son la", "yen bai", "tuyen quang",
    "bac kan", "thai nguyen", "hoa binh", "kon tum", "gia lai", "dak lak", "dak nong", "lam dong",
}


@dataclass
class LoadResult:
    created: bool
    provinces: int
    communes: int


def _short(name: str) -> str:
    folded = fold(name)
    for prefix in ("thanh pho ", "tinh "):
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded


def _unit(code: str, name: str, kind: str, **fields) -> AdministrativeUnit:
    kind = _KINDS[kind]
    return AdministrativeUnit(
        code=code, name=name, kind=kind, level=AdministrativeUnit.KIND_LEVEL[kind], search_name=fold(name), **fields
    )


def _province_flags(name: str) -> dict[str, bool]:
    short = _short(name)
    return {"is_border": short in BORDER_PROVINCES, "is_highland": short in HIGHLAND_PROVINCES}


def reference_loaded() -> bool:
    return AdministrativeUnit.objects.provinces().current().count() >= 34 and UnitLineage.objects.exists()


@transaction.atomic
def load_administrative_units(path: Path = FIXTURE) -> LoadResult:
    """Create the 34 + 63 provinces, 696 districts, 3,321 + 10,051 communes and their lineage, once."""
    if reference_loaded():
        return LoadResult(False, AdministrativeUnit.objects.provinces().count(), AdministrativeUnit.objects.communes().count())
    data = json.loads(path.read_text(encoding="utf-8"))
    effective = datetime.date.fromisoformat(data["effective_date"])
    day_before = effective - datetime.timedelta(days=1)

    # A province that neither merged nor was renamed is one unit spanning both periods.
    legacy_names = {code: name for code, name, _kind in data["provinces"]}
    successors = {int(old): new for old, new in data["province_successors"].items()}
    inflow: dict[int, list[int]] = {}
    for old, new_codes in successors.items():
        for new in new_codes:
            inflow.setdefault(new, []).append(old)
    unchanged = {
        code
        for code, name, _kind in data["current_provinces"]
        if inflow.get(code) == [code] and successors.get(code) == [code] and legacy_names.get(code) == name
    }

    current_provinces = AdministrativeUnit.objects.bulk_create(
        _unit(f"{code:02d}", name, kind, valid_from=None if code in unchanged else effective, **_province_flags(name))
        for code, name, kind in data["current_provinces"]
    )
    current_by_code = {int(p.code): p for p in current_provinces}
    legacy_provinces = AdministrativeUnit.objects.bulk_create(
        _unit(f"{code:02d}", name, kind, valid_to=day_before, **_province_flags(name))
        for code, name, kind in data["provinces"]
        if code not in unchanged
    )
    legacy_by_code = {int(p.code): p for p in legacy_provinces} | {c: current_by_code[c] for c in unchanged}

    districts = AdministrativeUnit.objects.bulk_create(
        _unit(f"{code:03d}", name, kind, parent=legacy_by_code[province], valid_to=day_before)
        for code, name, kind, province in data["districts"]
    )
    district_by_code = {int(d.code): d for d in districts}
    legacy_communes = AdministrativeUnit.objects.bulk_create(
        (
            _unit(f"{code:05d}", name, kind, parent=district_by_code[district], valid_to=day_before)
            for code, name, kind, district in data["communes"]
        ),
        batch_size=2000,
    )
    current_communes = AdministrativeUnit.objects.bulk_create(
        (
            _unit(f"{code:05d}", name, kind, parent=current_by_code[province], valid_from=effective)
            for code, name, kind, province in data["current_communes"]
        ),
        batch_size=2000,
    )

    legacy_commune_by_code = {int(c.code): c for c in legacy_communes}
    current_commune_by_code = {int(c.code): c for c in current_communes}
    lineage = [
        UnitLineage(
            predecessor=legacy_by_code[old],
            successor=current_by_code[new],
            change=UnitLineage.Change.MERGE,
            is_partial=len(new_codes) > 1,
            effective_date=effective,
            legal_basis=REFORM_2025_BASIS,
        )
        for old, new_codes in successors.items()
        if old not in unchanged
        for new in new_codes
    ]
    lineage += [
        UnitLineage(
            predecessor=legacy_commune_by_code[int(old)],
            successor=current_commune_by_code[new],
            change=UnitLineage.Change.SPLIT if partial else UnitLineage.Change.MERGE,
            is_partial=bool(partial),
            effective_date=effective,
            legal_basis=COMMUNE_REFORM_BASIS,
        )
        for old, targets in data["commune_successors"].items()
        # A handful of conversion rows name communes already merged before the 2025-01-04 list; they have no unit.
        if int(old) in legacy_commune_by_code
        for new, partial in targets
    ]
    UnitLineage.objects.bulk_create(lineage, batch_size=2000)
    return LoadResult(True, len(current_provinces) + len(legacy_provinces), len(current_communes) + len(legacy_communes))
