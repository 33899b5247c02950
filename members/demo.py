"""Synthetic demo data of the members app (labelled DEMO), built on the demo organizations.

Every write goes through members.services, so the demo obeys the same rules as the pages: 12 months of probation,
no event after a removal or a death, 18 or older at admission. Randomness is seeded: each load is the same.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from members import services
from members.demo_people import full_name, pick_ethnicity
from members.history import earliest_official_date
from members.models import Ethnicity, KeyCadre, Member
from members.reference import load_ethnicities
from organizations.demo import DemoOrganizations
from organizations.models import AdministrativeUnit, PartyOrganization

D = datetime.date
DEMO_NOTE = "Dữ liệu minh họa (giả lập)."
Sector = PartyOrganization.Sector
Qual = Member.Qualification
Theory = Member.TheoryLevel


@dataclass(frozen=True)
class _Commune:
    mix: dict[str, int]
    heads_not_members: int  # among villages that have a cell
    target: tuple[int, int]  # yearly admission target (article 003: Nậm Giải, "5–6 new members a year")
    cadre_levels: tuple[tuple[str, str], ...]  # (qualification, theory) of the 11 key cadres now
    rotated_from: str = ""
    all_hmong_cell: str = ""  # like Nà Bủng 1 (article 004): a cell whose members are all Hmong


_COMMUNES = {
    "Xã Tiền Phong": _Commune(
        {"Thái": 60, "Kinh": 15, "Khơ-mú": 15, "Thổ": 10}, 0, (4, 5),
        ((Qual.UNIVERSITY, Theory.ADVANCED), (Qual.UNIVERSITY, Theory.INTERMEDIATE),
         (Qual.UNIVERSITY, Theory.INTERMEDIATE), (Qual.UNIVERSITY, Theory.INTERMEDIATE),
         (Qual.COLLEGE, Theory.INTERMEDIATE), (Qual.INTERMEDIATE, Theory.INTERMEDIATE),
         (Qual.INTERMEDIATE, Theory.INTERMEDIATE), (Qual.INTERMEDIATE, Theory.INTERMEDIATE),
         (Qual.ELEMENTARY, Theory.ELEMENTARY), (Qual.ELEMENTARY, Theory.ELEMENTARY), (Qual.NONE, Theory.ELEMENTARY)),
    ),
    "Xã Quế Phong": _Commune(
        {"Thái": 55, "Kinh": 20, "Khơ-mú": 10, "HMông": 15}, 2, (5, 6),
        ((Qual.UNIVERSITY, Theory.ADVANCED), (Qual.UNIVERSITY, Theory.INTERMEDIATE),
         (Qual.UNIVERSITY, Theory.INTERMEDIATE), (Qual.INTERMEDIATE, Theory.INTERMEDIATE),
         (Qual.INTERMEDIATE, Theory.INTERMEDIATE), (Qual.INTERMEDIATE, Theory.INTERMEDIATE),
         (Qual.INTERMEDIATE, Theory.INTERMEDIATE), (Qual.ELEMENTARY, Theory.ELEMENTARY),
         (Qual.ELEMENTARY, Theory.ELEMENTARY), (Qual.ELEMENTARY, Theory.ELEMENTARY), (Qual.NONE, Theory.NONE)),
        rotated_from="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Nghệ An",
        all_hmong_cell="Chi bộ bản Huồi Mới",
    ),
    "Xã Trà Lĩnh": _Commune(
        {"Tày": 45, "Nùng": 35, "Kinh": 10, "HMông": 5, "Dao": 5}, 1, (3, 4),
        ((Qual.UNIVERSITY, Theory.ADVANCED), (Qual.UNIVERSITY, Theory.ADVANCED),
         (Qual.UNIVERSITY, Theory.INTERMEDIATE), (Qual.UNIVERSITY, Theory.INTERMEDIATE),
         (Qual.UNIVERSITY, Theory.INTERMEDIATE), (Qual.COLLEGE, Theory.INTERMEDIATE),
         (Qual.INTERMEDIATE, Theory.INTERMEDIATE), (Qual.INTERMEDIATE, Theory.INTERMEDIATE),
         (Qual.INTERMEDIATE, Theory.INTERMEDIATE), (Qual.INTERMEDIATE, Theory.ELEMENTARY),
         (Qual.ELEMENTARY, Theory.ELEMENTARY)),
        rotated_from="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Cao Bằng",
    ),
}
_ARMED_MIX = {"Kinh": 70, "Tày": 10, "Thái": 10, "Nùng": 10}
# Statute figures (article 000): the border post has 30+ official members, the health post fewer than 3.
_BORDER_POST, _HEALTH_POST = "Chi bộ Đồn Biên phòng", "Chi bộ Trạm Y tế xã"
PREVIOUS_TERM, CURRENT_TERM = (D(2020, 10, 20), D(2025, 6, 30)), D(2025, 7, 1)


@dataclass
class _Loader:
    rng: random.Random
    today: datetime.date
    ethnicities: dict[str, Ethnicity]
    cards: dict[str, int] = field(default_factory=dict)
    members_by_cell: dict[int, list[Member]] = field(default_factory=dict)

    def day_in(self, start: datetime.date, end: datetime.date) -> datetime.date | None:
        end = min(end, self.today)
        if end < start:
            return None
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def card(self, cell: PartyOrganization) -> str:
        code = cell.province.code
        self.cards[code] = self.cards.get(code, 0) + 1
        return f"{code}{self.cards[code]:07d}"

    def admit(self, cell: PartyOrganization, mix: dict[str, int], year: int, *, male_share: float = 0.6,
              ethnicity: str | None = None, official: bool = True) -> Member | None:
        admitted_on = self.day_in(D(year, 1, 5), D(year, 12, 20))
        if admitted_on is None:
            return None
        group = ethnicity or pick_ethnicity(self.rng, mix)
        gender = "M" if self.rng.random() < male_share else "F"
        age = self.rng.randint(19, 34)
        birth = self.day_in(D(admitted_on.year - age, 1, 1), D(admitted_on.year - age, 12, 28))
        qualification = self.rng.choice([Qual.NONE, Qual.NONE, Qual.ELEMENTARY, Qual.INTERMEDIATE, Qual.COLLEGE,
                                         Qual.UNIVERSITY])
        member = services.member_admit(
            cell=cell, full_name=full_name(self.rng, group, gender), gender=gender, ethnicity=self.ethnicities[group],
            admitted_on=admitted_on, birth_date=birth, general_education=self.rng.choice(["9/12", "12/12", "12/12"]),
            qualification=qualification, theory_level=Theory.ELEMENTARY if self.rng.random() < 0.7 else Theory.NONE,
            card_number=self.card(cell), deciding_body=f"Đảng ủy {cell.parent.name.removeprefix('Đảng bộ ')}",
            note=DEMO_NOTE,
        )
        due = earliest_official_date(admitted_on)
        # Those whose 12 months ended less than two months ago are still waiting for the decision.
        if official and due + datetime.timedelta(days=60) <= self.today:
            services.member_recognise_official(
                member=member, date=due + datetime.timedelta(days=self.rng.randint(0, 45)), note=DEMO_NOTE
            )
            member.refresh_from_db()
        self.members_by_cell.setdefault(cell.pk, []).append(member)
        return member

    def fill_cell(self, cell: PartyOrganization, profile: _Commune) -> None:
        armed = cell.sector == Sector.ARMED_FORCES
        mix = _ARMED_MIX if armed else profile.mix
        size = {_BORDER_POST: 36, _HEALTH_POST: 2}.get(cell.name) or self.rng.randint(7, 16)
        for _n in range(size):
            # Half the cell joined before 2015, half from 2015 on (the years the charts show).
            year = self.rng.randint(1982, 2014) if self.rng.random() < 0.5 else self.rng.randint(2015, self.today.year)
            if armed:
                year = self.rng.randint(2008, self.today.year - 1)
            self.admit(cell, mix, year, male_share=0.9 if armed else 0.6,
                       ethnicity="HMông" if cell.name == profile.all_hmong_cell else None)
        if cell.name == _HEALTH_POST:  # 2 official members and one still on probation
            self.admit(cell, mix, self.today.year, official=False)


def _life_events(loader: _Loader, gpo_cells: list[PartyOrganization]) -> None:
    """One further event for some members of a commune, in a seeded order: transfers, disciplines, removals..."""
    rng = loader.rng
    village_cells = [c for c in gpo_cells if c.sector == Sector.VILLAGE]
    candidates = [m for c in gpo_cells if c.name not in (_BORDER_POST, _HEALTH_POST)
                  for m in loader.members_by_cell.get(c.pk, []) if m.status == Member.Status.OFFICIAL]
    rng.shuffle(candidates)
    plan = (["transfer"] * 4 + ["residence"] + ["reprimand"] * 3 + ["warning"] * 2 + ["dismissal", "expulsion"]
            + ["removal"] * 2 + ["death"] + ["exemption"] * 2)
    body = f"Ủy ban Kiểm tra {gpo_cells[0].parent.name.replace('Đảng bộ', 'Đảng ủy')}"
    for action, member in zip(plan, candidates, strict=False):
        start = max(member.official_on, D(2016, 1, 1)) + datetime.timedelta(days=30)
        day = loader.day_in(start, loader.today - datetime.timedelta(days=10))
        if day is None:
            continue
        if action == "transfer":
            targets = [c for c in village_cells if c.pk != member.cell_id]
            services.member_transfer(member=member, date=day, scope="cell", to_cell=rng.choice(targets), note=DEMO_NOTE)
        elif action == "residence":
            services.member_transfer(member=member, date=day, scope="residence", note=DEMO_NOTE)
        elif action in ("reprimand", "warning", "dismissal", "expulsion"):
            services.member_discipline(member=member, date=day, level=action, deciding_body=body, note=DEMO_NOTE)
        elif action == "removal":
            services.member_remove(member=member, date=day, deciding_body="Chi bộ", note=DEMO_NOTE)
        elif action == "death":
            services.member_record_death(member=member, date=day, note=DEMO_NOTE)
        else:
            services.member_exempt(member=member, date=day, deciding_body="Chi bộ", note="Tuổi cao, sức yếu. " + DEMO_NOTE)
        member.refresh_from_db()
    # One correction of each kind: a restated admission date and a cancelled discipline recorded in error.
    restated = next((m for m in candidates[len(plan):] if m.status == Member.Status.OFFICIAL), None)
    if restated:
        admission = restated.events.get(kind="admission")
        services.member_event_correct(event=admission, date=admission.date - datetime.timedelta(days=3),
                                      reason="Ghi sai ngày theo quyết định kết nạp. " + DEMO_NOTE)
    reprimand = next((m.events.filter(kind="discipline", discipline_level="reprimand").first()
                      for m in candidates[5:8]), None)
    if reprimand:
        services.member_event_correct(event=reprimand, cancel=True, reason="Ghi nhầm người. " + DEMO_NOTE)


def _roles(loader: _Loader, gpo: PartyOrganization, cells: list[PartyOrganization], profile: _Commune) -> None:
    for cell in cells:
        active = sorted(
            (m for m in Member.objects.filter(cell=cell, status=Member.Status.OFFICIAL)), key=lambda m: m.admitted_on
        )
        for member, role in zip(active[:2], ("secretary", "deputy"), strict=False):
            services.cell_role_assign(cell=cell, member=member, role=role,
                                      term_start=max(D(2022, 9, 1), member.official_on or member.admitted_on))
    villages = AdministrativeUnit.objects.villages().filter(parent=gpo.admin_unit).order_by("code")
    not_members = profile.heads_not_members
    for village in villages:
        cell_members = list(Member.objects.filter(cell__villages=village, status__in=Member.ACTIVE_STATUSES)[:1])
        if cell_members and not_members <= 0:
            services.village_head_set(village=village, full_name=cell_members[0].full_name, member=cell_members[0],
                                      term_start=D(2023, 1, 1))
            continue
        if cell_members:
            not_members -= 1
        group = pick_ethnicity(loader.rng, profile.mix)
        services.village_head_set(village=village, full_name=full_name(loader.rng, group, "M"), term_start=D(2023, 1, 1))
    for term_start, term_end, levels in (
        (PREVIOUS_TERM[0], PREVIOUS_TERM[1], _lower(profile.cadre_levels)),
        (CURRENT_TERM, None, profile.cadre_levels),
    ):
        used: set[str] = set()
        for title, (qualification, theory) in zip(KeyCadre.Title.values, levels, strict=True):
            rotated = title == KeyCadre.Title.PARTY_DEPUTY and bool(profile.rotated_from)
            group = "Kinh" if rotated else pick_ethnicity(loader.rng, profile.mix)
            gender = "F" if title == KeyCadre.Title.WOMEN_HEAD else "M"
            name = full_name(loader.rng, group, gender)
            while name in used:  # one commune's cadres of a term are different people
                name = full_name(loader.rng, group, gender)
            used.add(name)
            services.key_cadre_set(
                organization=gpo, title=title, full_name=name, term_start=term_start,
                term_end=term_end, qualification=qualification, theory_level=theory,
                is_full_time=title not in (KeyCadre.Title.COUNCIL_VICE,), is_rotated=rotated,
                rotated_from=profile.rotated_from if rotated else "",
            )


def _lower(levels: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The previous term: one step less schooling for every other cadre (qualifications rose over the years)."""
    order = list(Qual.values)
    return tuple(
        (order[max(0, order.index(q) - 1)] if i % 2 else q, t) for i, (q, t) in enumerate(levels)
    )


def _development(loader: _Loader, gpo: PartyOrganization, cells: list[PartyOrganization], profile: _Commune) -> None:
    last_year = loader.today.year
    for cell in cells:
        if cell.sector != Sector.VILLAGE:
            continue
        for year in range(2019, last_year + 1):
            services.awareness_class_set(cell=cell, year=year, attendees=loader.rng.randint(1, 4), note=DEMO_NOTE)
    low, high = profile.target
    for year in range(2020, last_year + 1):
        services.admission_target_set(organization=gpo, year=year, minimum=low, maximum=high, note=DEMO_NOTE)


def load(demo: DemoOrganizations) -> None:
    """Create this app's demo rows for the demo organizations (called once, inside a transaction)."""
    load_ethnicities()
    loader = _Loader(
        rng=random.Random(20251125),
        today=timezone.localdate(),
        ethnicities={e.name: e for e in Ethnicity.objects.all()},
    )
    for gpo in demo.grassroots:
        profile = _COMMUNES.get(gpo.admin_unit.name if gpo.admin_unit else "", _COMMUNES["Xã Tiền Phong"])
        cells = [c for c in demo.cells if c.parent_id == gpo.pk or (c.parent and c.parent.parent_id == gpo.pk)]
        for cell in cells:
            loader.fill_cell(cell, profile)
        _life_events(loader, cells)
        _roles(loader, gpo, cells, profile)
        _development(loader, gpo, cells, profile)
