import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from members.models import Member
from organizations.models import AdministrativeUnit, PartyOrganization, UserScope
from ratings.models import Rating

pytestmark = pytest.mark.django_db
# A small synthetic country (two communes a province): the demo's own 50,000 members are for `make run`.
SMALL_COUNTRY = {"country_members": 300, "communes_per_province": 2}


def test_load_demo_builds_labelled_demo_organizations_and_the_five_accounts(monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-2026")
    call_command("load_demo", **SMALL_COUNTRY)
    out = capsys.readouterr().out
    assert "Synthetic country loaded (GL-…, “giả lập”): 34 provinces, 68 GPOs" in out
    assert re.search(r"load_demo took \d+\.\d s\.", out)
    demo = PartyOrganization.objects.filter(code__startswith="DEMO-")
    assert demo.filter(kind="grassroots", province__name="Tỉnh Nghệ An").exists()
    assert demo.filter(kind="grassroots", province__name="Tỉnh Cao Bằng").exists()
    assert demo.filter(kind="constituent").exists() and demo.filter(kind="cell").count() >= 10
    assert all("minh họa" in org.note for org in demo)
    villages = AdministrativeUnit.objects.villages().filter(note__contains="minh họa")
    assert villages.filter(cells__isnull=True).exists(), "some villages have no cell"

    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    staff = users.get(username="staff")
    assert staff.check_password("demo-pass-2026")
    assert staff.scope.role == UserScope.Role.STAFF and staff.scope.organization.province.name == "Tỉnh Nghệ An"
    assert users.get(username="staff-caobang").scope.organization.province.name == "Tỉnh Cao Bằng"
    assert users.get(username="approver").scope.role == UserScope.Role.APPROVER
    assert users.get(username="analyst").scope.organization is None


def test_load_demo_twice_changes_nothing_and_prints_a_random_password_only_once(monkeypatch, capsys):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo", **SMALL_COUNTRY)
    first = capsys.readouterr().out
    assert "password:" in first
    counts = (PartyOrganization.objects.count(), Member.objects.count(), Rating.objects.count())
    call_command("load_demo", **SMALL_COUNTRY)
    second = capsys.readouterr().out
    assert "password:" not in second and "Synthetic country" not in second
    assert (PartyOrganization.objects.count(), Member.objects.count(), Rating.objects.count()) == counts
