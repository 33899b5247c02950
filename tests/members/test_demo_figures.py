"""The selectors the reports app reads, checked against a plain recount of the demo rows (walking parents in Python)."""

import datetime
from collections import Counter, defaultdict

from django.utils import timezone

from members import selectors
from members.models import Member, MemberEvent
from organizations.models import PartyOrganization

ACTIVE = ("probationary", "official")
_ORDER = {"admission": 0, "official": 1, "transfer": 2, "exemption": 3, "exempt_end": 3, "discipline": 4,
          "removal": 5, "death": 6}


def _ancestry():
    parents = dict(PartyOrganization.objects.values_list("pk", "parent_id"))

    def chain(pk):
        while pk:
            yield pk
            pk = parents[pk]

    return chain


def _units(data):
    return [*data.provincial.values(), *data.grassroots, *data.cells[:3]]


def _effective_events():
    events = list(MemberEvent.objects.values())
    replaced = {e["corrects_id"] for e in events if e["corrects_id"]}
    return [e for e in events if e["kind"] != "correction" and e["id"] not in replaced]


def test_member_counts_and_breakdowns_match_a_recount_of_the_records(data):
    chain, units = _ancestry(), {u.pk for u in _units(data)}
    year = timezone.localdate().year
    counts = {pk: Counter() for pk in units}
    by_gender, by_status = Counter(), Counter()
    for m in Member.objects.values("cell_id", "status", "gender", "exempt_from_activities"):
        for pk in (p for p in chain(m["cell_id"]) if p in units):
            by_status[(pk, m["status"])] += 1
            if m["status"] in ACTIVE:
                counts[pk].update({m["status"]: 1, "active": 1, "exempt": int(m["exempt_from_activities"])})
                by_gender[(pk, m["gender"])] += 1
    figures = selectors.member_counts(units)
    for pk in units:
        assert {k: v for k, v in figures[pk].items() if v} == {k: v for k, v in counts[pk].items() if v}
    assert counts[data.provincial["nghe_an"].pk]["active"] > 100
    for dimension, expected in (("gender", by_gender), ("status", by_status)):
        rows = selectors.member_breakdown(units, dimension, year=year)
        assert {(r["organization_id"], r["key"]): r["count"] for r in rows} == dict(expected)


def test_events_per_year_match_a_recount_of_the_events_in_force(data):
    chain, units = _ancestry(), {u.pk for u in _units(data)}
    last = timezone.localdate().year
    first = last - 15
    columns = {"admission": "admissions", "official": "officials", "removal": "removals", "discipline": "disciplines",
               "death": "deaths", "transfer": "transfers_out"}
    expected = defaultdict(Counter)
    for e in _effective_events():
        year = e["date"].year
        if not first <= year <= last or e["kind"] not in columns:
            continue
        cell = e["to_cell_id"] if e["kind"] == "admission" else e["from_cell_id"]
        for pk in (p for p in chain(cell) if p in units):
            expected[(pk, year)][columns[e["kind"]]] += 1
            expected[(pk, year)]["expulsions"] += e["discipline_level"] == "expulsion"
        if e["kind"] == "transfer" and e["to_cell_id"]:
            for pk in (p for p in chain(e["to_cell_id"]) if p in units):
                expected[(pk, year)]["transfers_in"] += 1
    rows = selectors.events_per_year(units, first, last)
    got = {(r["organization_id"], r["year"]): {k: v for k, v in r.items() if v and k not in ("organization_id", "year")}
           for r in rows}
    assert got == {key: {k: v for k, v in c.items() if v} for key, c in expected.items()}
    province = data.provincial["nghe_an"].pk
    assert sum(c["admissions"] for (pk, _y), c in expected.items() if pk == province) > 50
    assert sum(c["disciplines"] for (pk, _y), c in expected.items() if pk == province) > 0


def test_the_rolls_at_each_year_end_match_a_replay_of_each_members_events(data):
    chain, units = _ancestry(), {u.pk for u in _units(data)}
    last = timezone.localdate().year
    first = last - 10
    history = defaultdict(list)
    for e in _effective_events():
        history[e["member_id"]].append(e)
    expected = Counter()
    for member_id, events in history.items():
        points, cell, status, official = [], None, None, None
        for e in sorted(events, key=lambda e: (e["date"], _ORDER[e["kind"]], e["id"])):
            if e["kind"] == "admission":
                cell, status = e["to_cell_id"], "probationary"
            elif e["kind"] == "official":
                status, official = "official", e["date"]
            elif e["kind"] == "transfer" and e["to_cell_id"] is None:
                status = "transferred_out"
            elif e["kind"] == "transfer":
                cell = e["to_cell_id"]
                status = ("official" if official else "probationary") if status == "transferred_out" else status
            elif e["kind"] in ("removal", "death") or e["discipline_level"] == "expulsion":
                status = "ended"
            points.append((e["date"], cell, status))
        for year in range(first, last + 1):
            then = [p for p in points if p[0] <= datetime.date(year, 12, 31)]
            if then and then[-1][2] in ACTIVE:
                for pk in (p for p in chain(then[-1][1]) if p in units):
                    expected[(pk, year)] += 1
    rows = selectors.members_at_year_end(units, first, last)
    assert {(r["organization_id"], r["year"]): r["members"] for r in rows if r["members"]} == dict(expected)
