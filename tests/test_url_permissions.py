"""Every URL pattern of the project × every persona (issue 6).

Each named URL has an entry saying how to build its arguments from an object of Nghệ An (the side of the staff
persona) and what each persona gets. A new URL without an entry fails `test_every_url_pattern_has_an_entry`.
Out of scope means staff of Cao Bằng asking for a Nghệ An object: 404, never the page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jobs.models import Job
from members.models import MemberEvent
from ratings import jobs as import_jobs
from tests.factories import CellFactory, GrassrootsFactory, MemberFactory

PERSONAS = ["anonymous", "staff_in", "staff_out", "approver_in", "analyst", "admin"]
LOGIN = 302  # anonymous users are sent to the login page
THIS_YEAR = datetime.date.today().year


@dataclass
class World:
    gpo: object
    cell: object
    member: object
    event: object
    province_unit: object
    commune_unit: object
    job: object  # a finished check of a file, started by staff_in


@dataclass
class Entry:
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    expect: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    method: str = "get"
    query: dict | Callable[[World], dict] = field(default_factory=dict)


def _all(status: int, **overrides) -> dict[str, int]:
    return {persona: overrides.get(persona, status) for persona in PERSONAS}


PUBLIC = _all(200)
LOGGED_IN = _all(200, anonymous=LOGIN)
IN_SCOPE_READ = _all(200, anonymous=LOGIN, staff_out=404)
PERSONAL = _all(200, anonymous=LOGIN, staff_out=404, analyst=403)
PERSONAL_LIST = _all(200, anonymous=LOGIN, analyst=403)
# POST-only actions, sent with an empty form: a writer in scope is redirected back with a message.
WRITE_ACTION = _all(302, analyst=403, staff_out=404)
WRITE_ACTION_UNSCOPED = _all(302, analyst=403)
# A background job: whoever started it (staff_in here) and admins; everyone else 404.
OWN_JOB = _all(404, anonymous=LOGIN, staff_in=200, admin=200)
OWN_JOB_WRITER = {**OWN_JOB, "analyst": 403}  # the import pages refuse read-only roles first
# The world's job is a check of ratings: the outcome page of another import answers 404 even to its owner (the
# owner's 200 is tested in tests/members/test_import_jobs.py).
OTHER_IMPORTS_JOB = {**OWN_JOB_WRITER, "staff_in": 404, "admin": 404}


def _member(w: World) -> dict:
    return {"pk": w.member.pk}


def _cell(w: World) -> dict:
    return {"pk": w.cell.pk}


def _gpo(w: World) -> dict:
    return {"pk": w.gpo.pk}


def _gpo_year(w: World) -> dict:
    return {"org_pk": w.gpo.pk, "year": THIS_YEAR}

ENTRIES: dict[str, Entry] = {
    "home": Entry(expect=PUBLIC),
    "healthz": Entry(expect=PUBLIC),
    "help": Entry(expect=LOGGED_IN),
    "job": Entry(kwargs=lambda w: {"pk": w.job.pk}, expect=OWN_JOB),
    "job_status": Entry(kwargs=lambda w: {"pk": w.job.pk}, expect=OWN_JOB),
    "favicon": Entry(expect=_all(301)),
    "login": Entry(expect=PUBLIC),
    "logout": Entry(method="post", expect=_all(302)),
    "password_change": Entry(expect=LOGGED_IN),
    "password_change_done": Entry(expect=LOGGED_IN),
    "set_language": Entry(method="post", expect=_all(302)),
    "organizations:hierarchy": Entry(expect=LOGGED_IN),
    "organizations:import": Entry(expect=PERSONAL_LIST),
    "organizations:import_confirm": Entry(method="post", expect=WRITE_ACTION_UNSCOPED),
    "organizations:import_checked": Entry(kwargs=lambda w: {"pk": w.job.pk}, expect=OTHER_IMPORTS_JOB),
    "organizations:template": Entry(kwargs=lambda w: {"file_format": "csv"}, expect=LOGGED_IN),
    "organizations:unit": Entry(kwargs=lambda w: {"pk": w.commune_unit.pk}, expect=LOGGED_IN),
    "organizations:organization": Entry(kwargs=_gpo, expect=IN_SCOPE_READ),
    # Pickers' suggestions: organizations below one the user may see (out of scope: 404, as its page).
    "organizations:autocomplete": Entry(query=lambda w: {"q": "chi bo", "within": w.gpo.pk}, expect=IN_SCOPE_READ),
    # Members' records are personal data: staff and approvers in scope, admins; never analysts.
    "members:list": Entry(expect=PERSONAL_LIST),
    "members:import": Entry(expect=PERSONAL_LIST),
    "members:import_confirm": Entry(method="post", expect=WRITE_ACTION_UNSCOPED),
    "members:import_checked": Entry(kwargs=lambda w: {"pk": w.job.pk}, expect=OTHER_IMPORTS_JOB),
    "members:template": Entry(kwargs=lambda w: {"file_format": "csv"}, expect=PERSONAL_LIST),
    "members:export": Entry(kwargs=lambda w: {"file_format": "csv"}, expect=PERSONAL_LIST),
    "members:add": Entry(expect=PERSONAL_LIST),
    "members:detail": Entry(kwargs=_member, expect=PERSONAL),
    "members:edit": Entry(kwargs=_member, expect=PERSONAL),
    "members:event": Entry(kwargs=_member, expect=PERSONAL),
    "members:transfer": Entry(kwargs=_member, expect=PERSONAL),
    "members:correct": Entry(kwargs=lambda w: {"pk": w.event.pk}, expect=PERSONAL),
    "members:cell": Entry(kwargs=_cell, expect=PERSONAL),
    "members:cell_awareness": Entry(kwargs=_cell, method="post", expect=WRITE_ACTION),
    "members:development": Entry(kwargs=_gpo, expect=PERSONAL),
    "members:development_target": Entry(kwargs=_gpo, method="post", expect=WRITE_ACTION),
    "members:key_cadre_add": Entry(kwargs=_gpo, method="post", expect=WRITE_ACTION),
    "members:village_head_add": Entry(kwargs=_gpo, method="post", expect=WRITE_ACTION),
    "members:cell_role": Entry(kwargs=_cell, method="post", expect=WRITE_ACTION),
    "members:cell_autocomplete": Entry(kwargs=_cell, query={"q": "a"}, expect=PERSONAL),
    # Ratings of organizations are not personal: analysts may read a GPO's grid and history, not change them.
    "ratings:index": Entry(expect=LOGGED_IN),
    "ratings:grid": Entry(kwargs=_gpo_year, expect=IN_SCOPE_READ),
    "ratings:cell_grid": Entry(kwargs=lambda w: {"org_pk": w.cell.pk, "year": THIS_YEAR}, expect=PERSONAL),
    "ratings:cycle": Entry(
        kwargs=lambda w: {"org_pk": w.gpo.pk, "year": THIS_YEAR, "action": "submit"},
        method="post",
        expect=WRITE_ACTION,
    ),
    "ratings:checks": Entry(kwargs=_gpo_year, expect=PERSONAL),
    # The grid's live checks (nothing written): writers in scope get the rules' answer as JSON.
    "ratings:grid_check": Entry(kwargs=_gpo_year, method="post", expect=_all(200, anonymous=LOGIN, staff_out=404,
                                                                             analyst=403)),
    "ratings:cell_grid_check": Entry(kwargs=lambda w: {"org_pk": w.cell.pk, "year": THIS_YEAR}, method="post",
                                     expect=_all(200, anonymous=LOGIN, staff_out=404, analyst=403)),
    # What waits for approval: approvers (their scope) and admins only.
    "ratings:queue": Entry(expect=_all(403, anonymous=LOGIN, approver_in=200, admin=200)),
    "ratings:returns": Entry(kwargs=_gpo_year, expect=IN_SCOPE_READ),
    "ratings:organization_history": Entry(kwargs=_gpo, expect=IN_SCOPE_READ),
    "ratings:member_history": Entry(kwargs=_member, expect=PERSONAL),
    "ratings:import": Entry(expect=PERSONAL_LIST),
    "ratings:import_confirm": Entry(method="post", expect=WRITE_ACTION_UNSCOPED),
    "ratings:import_checked": Entry(kwargs=lambda w: {"pk": w.job.pk}, expect=OWN_JOB_WRITER),
    "ratings:template": Entry(kwargs=lambda w: {"subject": "member", "file_format": "csv"}, expect=LOGGED_IN),
    "ratings:export": Entry(
        query={"year": THIS_YEAR - 1, "subject": "member", "file_format": "csv"}, expect=PERSONAL_LIST
    ),
    # The board's documents name members (overrides, a cell's list): staff and approvers in scope, admins.
    "ratings:document_report": Entry(kwargs=_gpo_year, expect=PERSONAL),
    "ratings:document_report_docx": Entry(kwargs=_gpo_year, expect=PERSONAL),
    "ratings:document_cell": Entry(kwargs=lambda w: {"org_pk": w.cell.pk, "year": THIS_YEAR}, expect=PERSONAL),
    "ratings:document_cell_docx": Entry(kwargs=lambda w: {"org_pk": w.cell.pk, "year": THIS_YEAR}, expect=PERSONAL),
    # Dashboards are aggregates for everyone logged in; a commune's cells only within a staff member's scope.
    "reports:index": Entry(expect=LOGGED_IN),
    "reports:rebuild": Entry(method="post", expect=_all(403, anonymous=LOGIN, approver_in=302, admin=302)),
    "reports:comparison": Entry(expect=LOGGED_IN),
    "reports:trends": Entry(expect=LOGGED_IN),
    "reports:province": Entry(kwargs=lambda w: {"pk": w.province_unit.pk}, expect=LOGGED_IN),
    "reports:communes": Entry(kwargs=lambda w: {"pk": w.province_unit.pk}, expect=LOGGED_IN),
    "reports:cells": Entry(kwargs=_gpo, expect=IN_SCOPE_READ),
}


def _named_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin checks is_staff itself; see test_the_admin_is_for_admins_only
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += _named_patterns(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            names.append(f"{prefix}{pattern.name}" if pattern.name else f"{prefix}<unnamed {pattern.pattern}>")
    return names


def test_every_url_pattern_has_an_entry():
    missing = sorted(set(_named_patterns()) - set(ENTRIES))
    assert missing == [], f"add these URLs to ENTRIES with what each persona gets: {missing}"


@pytest.fixture
def world(nghe_an, cao_bang, staff_nghe_an) -> World:
    gpo = GrassrootsFactory(parent=nghe_an)
    cell = CellFactory(parent=gpo)
    member = MemberFactory(cell=cell)
    event = MemberEvent.objects.create(
        member=member, kind=MemberEvent.Kind.ADMISSION, date=member.admitted_on, to_cell=cell
    )
    job = Job.objects.create(name=import_jobs.CHECK, title="r.csv", user=staff_nghe_an, status=Job.Status.DONE,
                             result={"message": "", "errors": [], "error_count": 0, "name": "r.csv"})
    return World(
        gpo=gpo, cell=cell, member=member, event=event, province_unit=nghe_an.province, commune_unit=gpo.admin_unit,
        job=job,
    )


@pytest.fixture
def as_persona(client, request):
    fixtures = {
        "staff_in": "staff_nghe_an",
        "staff_out": "staff_cao_bang",
        "approver_in": "approver_nghe_an",
        "analyst": "analyst",
        "admin": "admin_user",
    }

    def _login(persona: str):
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(fixtures[persona]))
        return client

    return _login


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_each_persona_gets_what_the_matrix_says(name, persona, world, as_persona):
    entry = ENTRIES[name]
    client = as_persona(persona)
    url = reverse(name, kwargs=entry.kwargs(world))
    query = entry.query(world) if callable(entry.query) else entry.query
    response = getattr(client, entry.method)(url, query)
    expected = entry.expect[persona]
    allowed = expected if isinstance(expected, tuple) else (expected,)
    assert response.status_code in allowed, f"{persona} {entry.method.upper()} {url}: {response.status_code}"
    if response.status_code == LOGIN and persona == "anonymous" and name not in ("logout", "set_language"):
        assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_admin_is_for_admins_only(persona, world, as_persona):
    client = as_persona(persona)
    for url in (reverse("admin:index"), reverse("admin:organizations_partyorganization_changelist")):
        response = client.get(url)
        if persona == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
