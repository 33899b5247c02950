"""The synthetic demo organizations (labelled DEMO): communes of Nghệ An and Cao Bằng, their committees and cells.

Names of communes come from the official reference list; villages, committees and cells are invented but
realistic. Every demo organization's code starts with "DEMO-" and its note says it is synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from organizations.models import AdministrativeUnit, PartyOrganization
from organizations.reference import load_administrative_units

DEMO_NOTE = "Dữ liệu minh họa (giả lập), không phải số liệu thật."
Kind = PartyOrganization.Kind
Sector = PartyOrganization.Sector


@dataclass
class DemoOrganizations:
    provincial: dict[str, PartyOrganization] = field(default_factory=dict)  # "nghe_an", "cao_bang"
    grassroots: list[PartyOrganization] = field(default_factory=list)
    constituents: list[PartyOrganization] = field(default_factory=list)
    cells: list[PartyOrganization] = field(default_factory=list)
    villages: list[AdministrativeUnit] = field(default_factory=list)


@dataclass(frozen=True)
class _CommunePlan:
    province_key: str
    province_code: str
    commune_name: str
    villages: tuple[str, ...]
    villages_without_cell: int  # the last N villages get no cell of their own
    flags: dict
    special_cells: tuple[tuple[str, str], ...]  # (name, sector) directly under the GPO
    constituent: tuple[str, tuple[str, ...]]  # constituent committee name and its cells


_PLANS = (
    _CommunePlan(
        "nghe_an",
        "40",
        "Xã Tiền Phong",
        ("Bản Mường Hinh", "Bản Piềng Cu", "Bản Na Sài", "Bản Cọc", "Bản Đôn Phạt", "Bản Tà Pàn", "Bản Hủa Na", "Bản Nà Phày"),
        2,
        {"is_highland": True, "is_ethnic_minority": True, "is_extremely_difficult": True},
        (("Chi bộ Quân sự xã", Sector.ARMED_FORCES), ("Chi bộ Công an xã", Sector.ARMED_FORCES)),
        ("Đảng bộ bộ phận khối cơ quan xã", ("Chi bộ cơ quan Đảng - Đoàn thể", "Chi bộ Ủy ban nhân dân xã")),
    ),
    _CommunePlan(
        "nghe_an",
        "40",
        "Xã Quế Phong",
        ("Bản Nậm Giải", "Bản Piêng Văn", "Bản Tạ Sỏi", "Bản Huồi Mới", "Bản Pà Khốm", "Bản Mường Nọc"),
        1,
        {"is_highland": True, "is_ethnic_minority": True},
        (("Chi bộ Quân sự xã", Sector.ARMED_FORCES), ("Chi bộ Trường Trung học cơ sở", Sector.SCHOOL)),
        ("Đảng bộ bộ phận khối trường học", ("Chi bộ Trường Tiểu học", "Chi bộ Trường Mầm non")),
    ),
    _CommunePlan(
        "cao_bang",
        "04",
        "Xã Trà Lĩnh",
        ("Xóm Bản Khuông", "Xóm Pò Rẫy", "Xóm Nà Đoỏng", "Xóm Lũng Pán", "Xóm Bó Củng", "Xóm Nặm Nhũng", "Xóm Cô Mười"),
        2,
        {"is_border": True, "is_highland": True, "is_ethnic_minority": True, "is_extremely_difficult": True},
        (("Chi bộ Đồn Biên phòng", Sector.ARMED_FORCES), ("Chi bộ Quân sự xã", Sector.ARMED_FORCES)),
        ("Đảng bộ bộ phận khối cơ quan xã", ("Chi bộ cơ quan Đảng - Đoàn thể", "Chi bộ Trạm Y tế xã")),
    ),
)


def provincial_committee(province: AdministrativeUnit) -> PartyOrganization:
    """The province's committee of the demo, "DB-<code>", made when absent (never the articles' historic ones)."""
    committee, _created = PartyOrganization.objects.get_or_create(
        code=f"DB-{province.code}",
        defaults={"name": f"Đảng bộ {province.name.replace('Tỉnh ', 'tỉnh ')}", "kind": Kind.PROVINCIAL,
                  "province": province, "admin_unit": province},
    )
    return committee


def _build_commune(plan: _CommunePlan, provincial: PartyOrganization, demo: DemoOrganizations) -> None:
    province = provincial.province
    commune = AdministrativeUnit.objects.current().communes().get(name=plan.commune_name, parent=province)
    for flag, value in plan.flags.items():
        setattr(commune, flag, value)
    commune.save()
    villages = [
        AdministrativeUnit.objects.create(
            code=f"{commune.code}-{number:02d}",
            name=name,
            kind=AdministrativeUnit.Kind.XOM if name.startswith("Xóm") else AdministrativeUnit.Kind.BAN,
            parent=commune,
            valid_from=commune.valid_from,
            note=DEMO_NOTE,
        )
        for number, name in enumerate(plan.villages, start=1)
    ]
    demo.villages += villages
    prefix = f"DEMO-{commune.code}"
    gpo = PartyOrganization.objects.create(
        code=prefix,
        name=f"Đảng bộ {plan.commune_name.replace('Xã ', 'xã ')}",
        kind=Kind.GRASSROOTS,
        sector=Sector.COMMUNE,
        parent=provincial,
        province=province,
        admin_unit=commune,
        note=DEMO_NOTE,
    )
    demo.grassroots.append(gpo)
    with_cell = villages[: len(villages) - plan.villages_without_cell]
    for number, village in enumerate(with_cell, start=1):
        cell = PartyOrganization.objects.create(
            code=f"{prefix}-CB{number:02d}",
            name=f"Chi bộ {village.name.replace('Bản ', 'bản ').replace('Xóm ', 'xóm ')}",
            kind=Kind.CELL,
            sector=Sector.VILLAGE,
            parent=gpo,
            province=province,
            admin_unit=commune,
            note=DEMO_NOTE,
        )
        cell.villages.add(village)
        demo.cells.append(cell)
    for number, (name, sector) in enumerate(plan.special_cells, start=len(with_cell) + 1):
        demo.cells.append(
            PartyOrganization.objects.create(
                code=f"{prefix}-CB{number:02d}", name=name, kind=Kind.CELL, sector=sector, parent=gpo,
                province=province, admin_unit=commune, note=DEMO_NOTE,
            )
        )
    constituent_name, constituent_cells = plan.constituent
    constituent = PartyOrganization.objects.create(
        code=f"{prefix}-BP1", name=constituent_name, kind=Kind.CONSTITUENT, sector=Sector.AGENCY, parent=gpo,
        province=province, admin_unit=commune, note=DEMO_NOTE,
    )
    demo.constituents.append(constituent)
    for number, name in enumerate(constituent_cells, start=1):
        demo.cells.append(
            PartyOrganization.objects.create(
                code=f"{prefix}-BP1-CB{number:02d}", name=name, kind=Kind.CELL, sector=Sector.AGENCY,
                parent=constituent, province=province, admin_unit=commune, note=DEMO_NOTE,
            )
        )


def existing() -> DemoOrganizations:
    """The demo organizations already in the database."""
    demo_orgs = PartyOrganization.objects.filter(code__startswith="DEMO-").order_by("code")
    provincial_ids = set(demo_orgs.values_list("parent__parent", flat=True)) | set(
        demo_orgs.filter(kind=Kind.GRASSROOTS).values_list("parent", flat=True)
    )
    provincial = {}
    for committee in PartyOrganization.objects.filter(pk__in=provincial_ids, kind=Kind.PROVINCIAL):
        key = next((p.province_key for p in _PLANS if p.province_code == committee.province.code), None)
        if key:
            provincial[key] = committee
    return DemoOrganizations(
        provincial=provincial,
        grassroots=list(demo_orgs.filter(kind=Kind.GRASSROOTS)),
        constituents=list(demo_orgs.filter(kind=Kind.CONSTITUENT)),
        cells=list(demo_orgs.filter(kind=Kind.CELL)),
        villages=list(AdministrativeUnit.objects.villages().filter(note=DEMO_NOTE).order_by("code")),
    )


def load() -> tuple[DemoOrganizations, bool]:
    """Build the demo organizations once; returns them and whether they were created now."""
    if PartyOrganization.objects.filter(code__startswith="DEMO-").exists():
        return existing(), False
    load_administrative_units()
    demo = DemoOrganizations()
    for plan in _PLANS:
        province = AdministrativeUnit.objects.provinces().current().get(code=plan.province_code)
        provincial = demo.provincial.get(plan.province_key) or provincial_committee(province)
        demo.provincial[plan.province_key] = provincial
        _build_commune(plan, provincial, demo)
    return demo, True
