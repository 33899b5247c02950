"""A country for the demo: a small synthetic population in every current province, so that the dashboards compare
34 provinces over ten years as they would in use.

At about 1% of the benchmark's national scale: a grassroots organization (GPO) per commune of the official list
(`reports.synthetic`, as generate_national builds them) under each province's committee, a few village cells each,
about 50,000 members whose admissions, official recognitions, transfers, removals and deaths are events, and ten
years of ratings of members, cells and GPOs decided as the detailed demo decides them (`ratings.demo`: the scheme
in force each year, its quota, scores and the 21-HD rule on parts), past years approved. Provinces differ in
strength and drift over the years; a few GPOs have a bad year. One seeded random generator: the same call builds
the same country. Everything is labelled synthetic (codes "GL-…", names "(giả lập)", notes); the three detailed
demo communes and the articles' published figures are left as they are.

Rows are written in bulk (bulk_create for the organizations, plain multi-row INSERTs for members, events, ratings
and cycles), not through the services: the engine's checks and per-row history would take minutes, and these rows
were never edited by anyone (they have no audit history).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from members.demo_people import full_name, pick_ethnicity
from members.history import derive_state, earliest_official_date
from members.models import Ethnicity, Member, MemberEvent
from members.reference import load_ethnicities
from organizations import demo as organizations_demo
from organizations.models import AdministrativeUnit, PartyOrganization
from organizations.text import fold
from ratings import checks, demo as ratings_demo
from ratings.models import Rating, ReviewCycle
from ratings.placement import Place
from ratings.schemes import SchemeBook
from reports import synthetic

PREFIX = "GL-"
NOTE = "Dữ liệu minh họa (giả lập) cho cả nước: không phải số liệu thật."
YEARS = 10
D = datetime.date
Kind, Sector = PartyOrganization.Kind, PartyOrganization.Sector
Event = MemberEvent.Kind
# Ethnic groups of the members by province code (the groups whose names members.demo_people knows); others Kinh.
_MIXES = {
    "04": {"Tày": 40, "Nùng": 30, "Kinh": 15, "HMông": 10, "Dao": 5},
    "20": {"Nùng": 40, "Tày": 35, "Kinh": 20, "Dao": 5},
    "08": {"Kinh": 40, "Tày": 25, "HMông": 15, "Dao": 10, "Nùng": 10},
    "15": {"Kinh": 40, "Tày": 20, "HMông": 20, "Dao": 15, "Nùng": 5},
    "19": {"Kinh": 70, "Tày": 15, "Nùng": 10, "Dao": 5},
    "11": {"Thái": 40, "HMông": 30, "Kinh": 20, "Khơ-mú": 10},
    "12": {"Thái": 35, "HMông": 35, "Kinh": 20, "Dao": 10},
    "14": {"Thái": 55, "Kinh": 20, "HMông": 20, "Khơ-mú": 5},
    "38": {"Kinh": 85, "Thái": 10, "Thổ": 5},
    "40": {"Kinh": 85, "Thái": 10, "Khơ-mú": 3, "Thổ": 2},
}
_KINH = {"Kinh": 100}
MEMBERS_PER_CELL = 6
ADMITTED_IN_WINDOW = 0.3  # share of the members admitted during the ten years shown (about 3% a year)
DEATH_RATE, TRANSFER_RATE = 0.02, 0.015  # per year: deaths among members born before 1962, transfers among all
WEAK_GPO_YEAR = 0.02  # a GPO has a bad year: its members and cells mostly at levels 3-4
_EVENT_FIELDS = ("kind", "date", "from_cell_id", "to_cell_id", "transfer_scope", "deciding_body", "note")


@dataclass(frozen=True)
class Scale:
    members: int = 50_000
    communes_per_province: int | None = None  # None: every commune of the official list
    seed: int = 20260101


@dataclass
class Loaded:
    provinces: int = 0
    gpos: int = 0
    cells: int = 0
    members: int = 0
    events: int = 0
    ratings: int = 0
    years: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Event:
    """A member event before it is written; members.history replays these as it replays MemberEvent rows."""

    kind: str
    date: datetime.date
    to_cell_id: int | None = None
    from_cell_id: int | None = None
    transfer_scope: str = ""
    deciding_body: str = ""
    note: str = NOTE
    discipline_level: str = ""
    corrects_id: None = None
    pk: None = None


@dataclass(slots=True)
class _Person:
    """A member's life in the demo: the record's row, cells with the dates they were joined, the events, the day
    they left the party and the levels given. Has the `pk` and `admitted_on` that ratings.demo reads."""

    row: dict
    cells: list[tuple[datetime.date, int]]
    events: list[_Event] = field(default_factory=list)
    pk: int | None = None
    ended_on: datetime.date | None = None
    tiers: dict[int, int | None] = field(default_factory=dict)  # year → level given (None: not reviewed)

    @property
    def admitted_on(self) -> datetime.date:
        return self.cells[0][0]

    def cell_at_end_of(self, year: int) -> int | None:
        """The cell at the end of the year, or None when not (or no longer) a member then."""
        end = D(year, 12, 31)
        if self.cells[0][0] > end or (self.ended_on and self.ended_on <= end):
            return None
        return [cell for day, cell in self.cells if day <= end][-1]


@dataclass
class _Country:
    rng: random.Random
    today: datetime.date
    years: list[int]
    gpos: list[PartyOrganization] = field(default_factory=list)
    cells_of: dict[int, list[PartyOrganization]] = field(default_factory=dict)  # GPO id → cells
    gpo_of: dict[int, PartyOrganization] = field(default_factory=dict)  # cell id → GPO
    strength: dict[int, float] = field(default_factory=dict)  # province id → -1 (weak) … 1 (strong)
    codes: dict[int, str] = field(default_factory=dict)  # province id → its code
    people: list[_Person] = field(default_factory=list)

    def day_in(self, start: datetime.date, end: datetime.date) -> datetime.date | None:
        end = min(end, self.today)
        if end < start:
            return None
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))


def present() -> bool:
    return PartyOrganization.objects.filter(code__startswith=f"{PREFIX}G-").exists()


def load(scale: Scale = Scale(), *, today: datetime.date | None = None) -> Loaded | None:
    """Build the country (call inside a transaction); None when it is there already. Summaries are left to the
    caller's rebuild (load_demo rebuilds them once, after every part of the demo is in)."""
    if present():
        return None
    today = today or timezone.localdate()
    years = list(range(today.year - YEARS + 1, today.year + 1))
    country = _Country(random.Random(scale.seed), today, years)
    with _page_cache():
        _organizations(country, scale)
        _population(country, scale)
        loaded = Loaded(provinces=len(country.strength), gpos=len(country.gpos), cells=len(country.gpo_of),
                        members=len(country.people), years=years)
        loaded.ratings = _ratings(country)
        loaded.events = _write_events(country)
    return loaded


@contextmanager
def _page_cache():
    """SQLite keeps 2 MB of pages by default, and the indexes of half a million new ratings thrash it: a larger
    cache (this connection only) while the country is written, then the previous one."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _organizations(country: _Country, scale: Scale) -> None:
    """Every current province's committee, a GPO per commune not yet organized (the detailed demo's communes keep
    theirs), and a few village cells per GPO."""
    provinces = list(AdministrativeUnit.objects.provinces().current().order_by("code"))
    provincial = {province.pk: organizations_demo.provincial_committee(province) for province in provinces}
    country.strength = {province.pk: country.rng.uniform(-1, 1) for province in provinces}
    country.codes = {province.pk: province.code for province in provinces}
    organized = set(PartyOrganization.objects.filter(kind=Kind.GRASSROOTS, admin_unit__isnull=False)
                    .values_list("admin_unit_id", flat=True))
    communes, per_province = [], defaultdict(int)
    for commune in AdministrativeUnit.objects.communes().current().filter(parent__in=provinces).order_by("code"):
        if commune.pk in organized or per_province[commune.parent_id] == (scale.communes_per_province or -1):
            continue
        per_province[commune.parent_id] += 1
        communes.append(commune)
    country.gpos = synthetic.commune_gpos(communes, provincial, prefix=PREFIX, note=NOTE)
    per_gpo = scale.members / max(len(country.gpos), 1)
    cells = []
    for gpo in country.gpos:
        count = max(1, round(per_gpo / MEMBERS_PER_CELL) + country.rng.randint(-1, 1))
        cells += [synthetic.labelled(f"Chi bộ thôn {number}", code=f"{PREFIX}C-{gpo.pk}-{number}", kind=Kind.CELL,
                                     sector=Sector.VILLAGE, parent=gpo, province_id=gpo.province_id,
                                     admin_unit_id=gpo.admin_unit_id, note=NOTE)
                  for number in range(1, count + 1)]
    for cell in PartyOrganization.objects.bulk_create(cells, batch_size=2000):
        country.cells_of.setdefault(cell.parent_id, []).append(cell)
        country.gpo_of[cell.pk] = cell.parent


def _population(country: _Country, scale: Scale) -> None:
    """The members, with their admission, recognition, transfer and death events (removals follow the ratings)."""
    load_ethnicities()
    ethnicities = dict(Ethnicity.objects.values_list("name", "pk"))
    cards: dict[str, int] = defaultdict(int)
    per_cell = scale.members / max(len(country.gpo_of), 1)
    for gpo in country.gpos:
        code = country.codes[gpo.province_id]
        mix = _MIXES.get(code, _KINH)
        for cell in country.cells_of[gpo.pk]:
            for _n in range(max(3, round(per_cell * country.rng.uniform(0.6, 1.4)))):
                cards[code] += 1
                group = pick_ethnicity(country.rng, mix)
                _admit(country, cell, group, ethnicities[group], card=f"{code}{5_000_000 + cards[code]:07d}")
    synthetic.insert_rows(Member, [person.row for person in country.people])
    ids = dict(Member.objects.filter(cell__code__startswith=PREFIX).values_list("card_number", "pk"))
    for person in country.people:
        person.pk = ids[person.row["card_number"]]


def _admit(country: _Country, cell: PartyOrganization, group: str, ethnicity_id: int, card: str) -> None:
    rng, first_year = country.rng, country.years[0]
    year = rng.randint(first_year, country.today.year) if rng.random() < ADMITTED_IN_WINDOW \
        else rng.randint(1976, first_year - 1)
    admitted_on = country.day_in(D(year, 1, 5), D(year, 12, 20)) or country.today - datetime.timedelta(days=1)
    gender, age = "M" if rng.random() < 0.62 else "F", rng.randint(19, 35)
    name = full_name(rng, group, gender)
    person = _Person(row={"full_name": name, "search_name": fold(name), "gender": gender, "ethnicity_id": ethnicity_id,
                          "birth_date": D(admitted_on.year - age, rng.randint(1, 12), rng.randint(1, 28)),
                          "general_education": "12/12" if rng.random() < 0.8 else "9/12", "card_number": card},
                     cells=[(admitted_on, cell.pk)])
    person.events = [_Event(Event.ADMISSION, admitted_on, to_cell_id=cell.pk,
                            deciding_body=f"Đảng ủy {cell.parent.name.removeprefix('Đảng bộ ')}")]
    due = earliest_official_date(admitted_on)
    # Those whose 12 months ended less than two months ago are still waiting for the decision.
    if due + datetime.timedelta(days=60) <= country.today:
        person.events.append(_Event(Event.OFFICIAL, due + datetime.timedelta(days=rng.randint(0, 45))))
    person.events += _life(country, person, person.events[-1].date, cell)
    _derive(person)
    country.people.append(person)


def _derive(person: _Person) -> None:
    """The record's status, cell and dates from the events, as members.services keeps them."""
    state = derive_state(person.events)
    person.row.update(cell_id=state.cell_id, admitted_on=state.admitted_on, official_on=state.official_on,
                      status=state.status)


def _life(country: _Country, person: _Person, since: datetime.date, cell: PartyOrganization) -> list[_Event]:
    """At most one transfer to another cell of the GPO and, for the oldest, a death within the ten years."""
    rng, events = country.rng, []
    for year in country.years:
        start = max(D(year, 1, 1), since + datetime.timedelta(days=1))
        if not events and rng.random() < TRANSFER_RATE:
            targets = [c for c in country.cells_of[cell.parent_id] if c.pk != cell.pk]
            day = country.day_in(start, D(year, 12, 20))
            if targets and day:
                target = rng.choice(targets)
                events.append(_Event(Event.TRANSFER, day, from_cell_id=cell.pk, to_cell_id=target.pk,
                                     transfer_scope=MemberEvent.TransferScope.CELL))
                person.cells.append((day, target.pk))
                since = day
        if person.row["birth_date"].year < 1962 and rng.random() < DEATH_RATE:
            day = country.day_in(max(start, since + datetime.timedelta(days=1)), D(year, 12, 28))
            if day:
                events.append(_Event(Event.DEATH, day))
                person.ended_on = day
                break
    return events


def _member_weights(strength: float, index: int, weak: bool) -> tuple[float, ...]:
    """Shares of levels 1-4 for members: stronger provinces have more excellent and fewer failing members, and
    the excellent grow a little every year."""
    if weak:
        return (2, 38, 40, 20)
    first, third, fourth = 12 + 4 * strength + 0.5 * index, 14 - 5 * strength, max(1.0, 2.5 - 1.5 * strength)
    return (first, 100 - first - third - fourth, third, fourth)


def _organization_weights(strength: float, index: int, weak: bool) -> tuple[float, ...]:
    """Shares of levels 1-4 for organizations where the scheme does not derive them from their parts."""
    if weak:
        return (0, 15, 55, 30)
    first, third, fourth = 30 + 10 * strength + index, 12 - 6 * strength, max(0.5, 2 - 1.5 * strength)
    return (first, 100 - first - third - fourth, third, fourth)


def _rating(item, place: Place) -> dict:
    """The row of the rating a RatingInput asks for, placed where the engine would place it."""
    values = {name: getattr(item, name) for name in item.fields if name != "level"}
    return {"year": item.year, "organization_id": item.organization_id, "member_id": item.member_id,
            "level_id": item.level.pk if item.level else None, **values, **place.fields()}


def _ratings(country: _Country) -> int:
    """Ten years of ratings, year after year (a member failing two years running is removed early the next);
    each GPO's cycle approved for the past years, the year in progress a draft."""
    book, context, written = SchemeBook(), checks.Context(), 0
    for index, year in enumerate(country.years):
        decided = D(year, 12, 20) if year < country.today.year else None
        present_by_gpo: dict[int, list[tuple[_Person, int]]] = defaultdict(list)
        for person in country.people:
            cell_id = person.cell_at_end_of(year)
            if cell_id is not None:
                present_by_gpo[country.gpo_of[cell_id].pk].append((person, cell_id))
        rows: list[dict] = []
        for gpo in country.gpos:
            rows += _gpo_year(country, book, context, gpo, present_by_gpo[gpo.pk], index, decided)
        written += synthetic.insert_rows(Rating, rows)
        _removals(country, [person for people in present_by_gpo.values() for person, _cell in people], year)
    synthetic.insert_rows(ReviewCycle, [
        {"organization_id": gpo.pk, "year": year,
         "status": ReviewCycle.Status.APPROVED if year < country.today.year else ReviewCycle.Status.DRAFT}
        for gpo in country.gpos for year in country.years
    ])
    return written


def _gpo_year(country: _Country, book: SchemeBook, context: checks.Context, gpo: PartyOrganization,
              people: list[tuple[_Person, int]], index: int, decided: datetime.date | None) -> list[dict]:
    """One GPO's ratings of a year: its members, then its cells from their members, then itself from its cells."""
    rng, year = country.rng, country.years[index]
    weak, strength = rng.random() < WEAK_GPO_YEAR, country.strength[gpo.province_id]
    person_of = {person.pk: (person, cell_id) for person, cell_id in people}
    inputs = ratings_demo.member_inputs(rng, book, year, [person for person, _cell in people], {}, {},
                                        context, decided, weights=_member_weights(strength, index, weak))
    parts: dict[int, list[int]] = defaultdict(list)
    rows = []
    for item in inputs:
        person, cell_id = person_of[item.member_id]
        person.tiers[year] = item.level.tier if item.level else None
        if item.level:
            parts[cell_id].append(item.level.tier)
        rows.append(_rating(item, Place(gpo.pk, gpo.province_id, gpo.admin_unit_id, cell_id)))
    weights = _organization_weights(strength, index, weak)
    place = Place(gpo.pk, gpo.province_id, gpo.admin_unit_id)
    for cell in country.cells_of[gpo.pk]:
        item = ratings_demo.organization_input(rng, book, year, cell, context, decided, parts[cell.pk], weights)
        parts[gpo.pk].append(item.level.tier)
        rows.append(_rating(item, place))
    rows.append(_rating(ratings_demo.organization_input(rng, book, year, gpo, context, decided, parts[gpo.pk],
                                                        weights), place))
    return rows


def _removals(country: _Country, people: list[_Person], year: int) -> None:
    """Two years running at level 4 (not completing their duties): the cell removes the member early next year
    (the Statute's article 8), and nothing after that day happens to them."""
    removed = []
    for person in people:
        if person.tiers.get(year) != 4 or person.tiers.get(year - 1) != 4:
            continue
        day = country.day_in(D(year + 1, 1, 10), D(year + 1, 3, 31))
        if day is None:
            continue
        person.events = [event for event in person.events if event.date < day]
        person.events.append(_Event(Event.REMOVAL, day, deciding_body="Chi bộ"))
        person.ended_on = day
        _derive(person)
        removed.append(Member(pk=person.pk, **{name: person.row[name] for name in ("cell_id", "official_on", "status")}))
    if removed:
        Member.objects.bulk_update(removed, ["cell", "official_on", "status"], batch_size=500)


def _write_events(country: _Country) -> int:
    rows = []
    for person in country.people:
        for event in person.events:
            rows.append({"member_id": person.pk, **{name: getattr(event, name) for name in _EVENT_FIELDS}})
    return synthetic.insert_rows(MemberEvent, rows)
