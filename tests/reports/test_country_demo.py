"""The demo's synthetic country: every current province over ten years in the comparison, the same on every load,
and members' events that agree with their ratings. Built at a small scale here (the demo's own is 50,000 members)."""

import datetime
import hashlib
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from members.history import derive_state
from members.models import Member, MemberEvent
from organizations.reference import FIXTURE, load_administrative_units
from partyquality import country
from ratings.models import Rating, ReviewCycle
from reports.services import summaries_rebuild

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)
YEARS = list(range(2017, 2027))
SMALL = country.Scale(members=1500, communes_per_province=3)


@pytest.fixture(scope="session")
def reference_file(tmp_path_factory) -> Path:
    """The official list cut to today's 34 provinces and their first four communes (the whole list takes long
    to load on a busy machine; these tests need every province, not every commune)."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    kept: Counter = Counter()
    communes = []
    for row in data["current_communes"]:
        kept[row[3]] += 1
        if kept[row[3]] <= 4:
            communes.append(row)
    data.update(current_communes=communes, districts=[], communes=[], commune_successors={})
    path = tmp_path_factory.mktemp("reference") / "administrative_units.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def small_country(db, reference_file):
    load_administrative_units(reference_file)
    loaded = country.load(SMALL, today=TODAY)
    summaries_rebuild()
    return loaded


def _comparison(client, subject: str) -> list[dict]:
    response = client.get(reverse("reports:comparison"), {"subject": subject, "format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)["rows"]


def test_the_organization_comparison_shows_all_34_provinces_over_ten_years(small_country, analyst_client):
    assert small_country.provinces == 34 and small_country.years == YEARS
    for subject in ("gpo", "cell"):
        rows = _comparison(analyst_client, subject)
        years_by_province = defaultdict(set)
        for row in rows:
            years_by_province[row["province_code"]].add(row["year"])
        assert len(years_by_province) == 34
        assert all(years == set(YEARS) for years in years_by_province.values())


def test_past_years_are_approved_and_the_year_in_progress_is_provisional(small_country, analyst_client):
    statuses = {(row["year"], row["status"]) for row in _comparison(analyst_client, "gpo")}
    assert {year for year, _status in statuses} == set(YEARS)
    assert len({status for year, status in statuses if year < 2026}) == 1, "one status for all approved years"
    assert {status for year, status in statuses if year == 2026} != {status for year, status in statuses if year == 2025}
    cycles = ReviewCycle.objects.filter(organization__code__startswith=country.PREFIX)
    assert not cycles.filter(year__lt=2026).exclude(status=ReviewCycle.Status.APPROVED).exists()
    assert set(cycles.filter(year=2026).values_list("status", flat=True)) == {ReviewCycle.Status.DRAFT}


def test_most_units_are_at_levels_1_and_2_a_few_weak_and_provinces_differ(small_country, analyst_client):
    counts, shares = Counter(), set()
    for row in _comparison(analyst_client, "cell"):
        counts[row["tier"]] += row["count"] or 0
        if row["tier"] == 1 and row["share"] is not None:
            shares.add(row["share"])
    total = sum(counts.values())
    assert (counts[1] + counts[2]) / total > 0.8
    assert 0 < counts[3] + counts[4] < 0.2 * total
    assert len(shares) > 20, "shares of level 1 vary between provinces and years"


def _fingerprint() -> str:
    """What a load made, named by what does not depend on ids (a rolled-back sequence is not reused everywhere)."""
    ratings = Rating.objects.filter(gpo__code__startswith=country.PREFIX).values_list(
        "organization__kind", "organization__admin_unit__code", "organization__name", "member__card_number", "year",
        "level__tier", "not_reviewed", "score", "cell__name")
    members = Member.objects.filter(card_number__isnull=False, cell__code__startswith=country.PREFIX).values_list(
        "card_number", "full_name", "birth_date", "status", "admitted_on", "official_on")
    events = MemberEvent.objects.filter(member__cell__code__startswith=country.PREFIX).values_list(
        "member__card_number", "kind", "date")
    text = "\n".join(sorted(map(repr, [*ratings, *members, *events])))
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_same_country_is_built_on_every_load(db, reference_file):
    load_administrative_units(reference_file)
    fingerprints = []
    for _attempt in range(2):
        with transaction.atomic():
            country.load(country.Scale(members=400, communes_per_province=1), today=TODAY)
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]
    assert country.load(country.Scale(members=400, communes_per_province=1), today=TODAY) is not None
    assert country.load(country.Scale(members=400, communes_per_province=1), today=TODAY) is None, "loaded once"


def test_members_are_rated_only_while_in_the_party_and_removed_after_two_failing_years(small_country):
    members = Member.objects.filter(cell__code__startswith=country.PREFIX).prefetch_related("events")
    tiers = defaultdict(dict)
    for member_id, year, tier in Rating.objects.filter(member__in=members).values_list("member_id", "year",
                                                                                      "level__tier"):
        tiers[member_id][year] = tier
    kinds = Counter()
    for member in members:
        events = list(member.events.all())
        state = derive_state(events)
        assert (member.status, member.cell_id, member.official_on) == (state.status, state.cell_id, state.official_on)
        ended = next((e for e in events if e.kind in (MemberEvent.Kind.DEATH, MemberEvent.Kind.REMOVAL)), None)
        rated = tiers[member.pk]
        assert all(member.admitted_on.year <= year for year in rated)
        if ended:
            kinds[ended.kind] += 1
            assert all(year < ended.date.year for year in rated), "no rating in or after the year one left"
        if ended and ended.kind == MemberEvent.Kind.REMOVAL:
            assert rated[ended.date.year - 1] == rated[ended.date.year - 2] == 4
        kinds.update(e.kind for e in events if e.kind == MemberEvent.Kind.TRANSFER)
    assert kinds[MemberEvent.Kind.DEATH] and kinds[MemberEvent.Kind.TRANSFER] and kinds[MemberEvent.Kind.REMOVAL]
