"""The load test's accounts: every commune GPO and province gets its people, and no two of them share rows."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from members.models import Member
from organizations.models import UserScope
from ratings.models import Level, Rating
from tests import factories

GPOS_PER_PROVINCE = 6


def _synthetic_province() -> tuple:
    """A province as generate_national makes it: SYN- codes, GPOs with cells and members, ratings of 2024."""
    unit = factories.ProvinceFactory()
    committee = factories.ProvincialCommitteeFactory(code=f"SYN-P-{unit.pk}", province=unit)
    level = Level.objects.get(scheme__applies_to="member", scheme__first_year__lte=2024, scheme__last_year__gte=2024,
                              tier=2)
    gpos = []
    for number in range(GPOS_PER_PROVINCE):
        gpo = factories.GrassrootsFactory(code=f"SYN-G-{unit.pk}-{number}", parent=committee)
        for cell_number in range(2):
            cell = factories.CellFactory(code=f"SYN-C-{gpo.pk}-{cell_number}", parent=gpo)
            for _ in range(3):
                member = factories.MemberFactory(cell=cell, card_number=None)
                Rating.objects.create(year=2024, member=member, level=level, cell=cell, gpo=gpo, province=unit)
        gpos.append(gpo)
    return committee, gpos


def _logs_in(username: str, password: str):
    user = get_user_model().objects.get(username=username)
    return user if user.check_password(password) else None


def _run(tmp_path, **options) -> dict:
    out = tmp_path / "plan.json"
    call_command("load_personas", password="pass-for-load-1", out=str(out), stdout=io.StringIO(), **options)
    return json.loads(out.read_text(encoding="utf-8"))


def test_it_refuses_a_database_without_the_national_data(db, tmp_path):
    with pytest.raises(CommandError, match="make bench"):
        _run(tmp_path)


def test_every_commune_and_province_gets_accounts_that_log_in_with_the_scope_of_their_work(db, tmp_path):
    committee, gpos = _synthetic_province()
    plan = _run(tmp_path, analysts=3)
    assert plan["year"] == 2024 and plan["first_year"] == 2024
    province = plan["provinces"][0]
    assert province["review_gpos"] == [gpos[0].pk, gpos[1].pk] and province["import_gpos"] == [gpos[2].pk, gpos[3].pk]
    assert [c["gpo"] for c in plan["communes"]] == [gpo.pk for gpo in gpos[4:]]
    staff = _logs_in(plan["communes"][0]["user"], "pass-for-load-1")
    assert staff.scope.role == UserScope.Role.STAFF and staff.scope.organization_id == gpos[4].pk
    approver = _logs_in(province["approver"], "pass-for-load-1")
    assert approver.scope.role == UserScope.Role.APPROVER and approver.scope.organization_id == committee.pk
    assert UserScope.objects.filter(role=UserScope.Role.ANALYST, user__username__in=plan["analysts"]).count() == 3


def test_the_import_gpos_members_get_card_numbers_and_nobody_elses_do(db, tmp_path):
    _committee, gpos = _synthetic_province()
    plan = _run(tmp_path)
    cards = plan["provinces"][0]["import_cards"]
    assert len(cards[str(gpos[2].pk)]) == 6 and len(cards[str(gpos[3].pk)]) == 6
    carded = Member.objects.filter(card_number__isnull=False)
    assert set(carded.values_list("cell__parent_id", flat=True)) == {gpos[2].pk, gpos[3].pk}
    assert sorted(carded.values_list("card_number", flat=True)) == sorted(sum(cards.values(), []))


def test_running_it_again_keeps_one_account_each_and_sets_the_new_password(db, tmp_path):
    _synthetic_province()
    first = _run(tmp_path)
    call_command("load_personas", password="another-pass-2", out=str(tmp_path / "again.json"), stdout=io.StringIO())
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert again == first
    assert _logs_in(first["provinces"][0]["staff"], "another-pass-2") is not None
    assert UserScope.objects.filter(user__username=first["provinces"][0]["staff"]).count() == 1
