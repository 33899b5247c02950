"""Two people act at the same instant on PostgreSQL (real concurrent transactions): each case ends with one write
and one clear message, nothing lost, nothing written twice."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from organizations.models import UserScope
from ratings import engine, services
from ratings.models import PendingImport, Rating, ReviewCycle
from ratings.services import GridEntry
from tests import factories
from tests.ratings.factories import commune, level
from tests.threads import meet_after, postgresql_only, run_at_once

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]
YEAR = 2024


@pytest.fixture
def unit(nghe_an, staff_nghe_an):
    gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=2, constituent_cells=0)
    people = members[cells[0].pk]
    services.grid_save(user=staff_nghe_an, organization=cells[0], year=YEAR, entries=[
        GridEntry(subject_id=p.pk, level_id=level("member", YEAR, 2).pk) for p in people])
    return gpo, cells[0], people


@pytest.fixture
def colleague(nghe_an):
    user = factories.UserFactory(username="staff-2")
    factories.UserScopeFactory(user=user, role=UserScope.Role.STAFF, organization=nghe_an)
    return user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_grid_saves_of_the_same_version_write_one_and_tell_the_other(monkeypatch, unit, staff_nghe_an,
                                                                          colleague):
    _gpo, cell, people = unit
    url = reverse("ratings:cell_grid", args=[cell.pk, YEAR])
    version = Rating.objects.get(member=people[0]).version
    meet_after(monkeypatch, engine, "resolve")  # both have read the rating before either locks and writes

    def save(user, tier):
        return _client(user).post(url, {f"level_{people[0].pk}": level("member", YEAR, tier).pk,
                                        f"version_{people[0].pk}": version,
                                        f"level_{people[1].pk}": level("member", YEAR, 2).pk,
                                        f"version_{people[1].pk}": version})

    first, second = run_at_once(lambda: save(staff_nghe_an, 1), lambda: save(colleague, 3))
    assert sorted([first.status_code, second.status_code]) == [200, 302], (first, second)
    refused = first if first.status_code == 200 else second
    assert f"{people[0].full_name} (thẻ {people[0].card_number}) vừa được người khác sửa" in refused.content.decode()
    rating = Rating.objects.get(member=people[0])
    assert rating.version == version + 1 and rating.history.count() == 2  # created, then one change
    assert rating.level.tier == (1 if first.status_code == 302 else 3)


def test_an_import_that_read_an_open_year_is_refused_once_the_year_was_approved_meanwhile(
        monkeypatch, unit, staff_nghe_an, approver_nghe_an):
    gpo, _cell, people = unit
    approved = threading.Event()
    original = engine.resolve

    def resolve_then_wait(*args, **kwargs):
        plan = original(*args, **kwargs)
        approved.wait(30)  # the import has read the year as open; the approver acts now
        return plan

    monkeypatch.setattr(engine, "resolve", resolve_then_wait)
    rows = "".join(f"{p.card_number},{YEAR},3\n" for p in people)
    client = _client(staff_nghe_an)
    with monkeypatch.context() as quiet:
        quiet.setattr(engine, "resolve", original)  # the preview itself does not wait
        client.post(reverse("ratings:import"), {"file": SimpleUploadedFile(
            "r.csv", f"Số thẻ đảng viên,Năm,Bậc (1-4)\n{rows}".encode())})
    token = PendingImport.objects.get().token

    def approve():
        try:
            with transaction.atomic():
                services.cycle_submit(user=staff_nghe_an, organization=gpo, year=YEAR)
            services.cycle_approve(user=approver_nghe_an, organization=gpo, year=YEAR)
        finally:
            approved.set()

    confirmed, _approval = run_at_once(
        lambda: client.post(reverse("ratings:import_confirm"), {"token": token}, follow=True), approve)
    assert "đã phê duyệt; không thể sửa cho đến khi được mở lại" in confirmed.content.decode()
    assert ReviewCycle.objects.get(organization=gpo, year=YEAR).status == "approved"
    assert set(Rating.objects.filter(member__in=people).values_list("level__tier", flat=True)) == {2}


def test_an_approval_waits_for_an_import_that_holds_the_years_lock_and_then_sees_its_ratings(
        monkeypatch, unit, staff_nghe_an):
    gpo, _cell, people = unit
    locked, original = threading.Event(), engine.lock_cycles

    def lock_then_linger(*args, **kwargs):
        cycles = original(*args, **kwargs)
        locked.set()
        threading.Event().wait(1)  # the submission arrives while the import holds the lock
        return cycles

    monkeypatch.setattr(engine, "lock_cycles", lock_then_linger)
    items = [engine.RatingInput(ref=str(p.pk), year=YEAR, member_id=p.pk, level=level("member", YEAR, 3),
                                fields=("level", "not_reviewed")) for p in people]

    def write():
        with transaction.atomic():
            return engine.apply(items, user=staff_nghe_an)

    def submit():
        locked.wait(30)
        return services.cycle_submit(user=staff_nghe_an, organization=gpo, year=YEAR)

    outcome, cycle = run_at_once(write, submit)
    assert outcome.updated == 2 and cycle.status == "submitted"
    written = max(r.history.latest().history_date for r in Rating.objects.filter(member__in=people))
    assert written < ReviewCycle.objects.get(organization=gpo, year=YEAR).history.latest().history_date


def test_three_parallel_confirmations_of_one_file_apply_it_once(unit, staff_nghe_an):
    _gpo, _cell, people = unit
    client = _client(staff_nghe_an)
    rows = "".join(f"{p.card_number},{YEAR},3\n" for p in people)
    client.post(reverse("ratings:import"), {"file": SimpleUploadedFile(
        "r.csv", f"Số thẻ đảng viên,Năm,Bậc (1-4)\n{rows}".encode())})
    token = PendingImport.objects.get().token
    pages = run_at_once(*[lambda: client.post(reverse("ratings:import_confirm"), {"token": token}, follow=True)
                          for _ in range(3)])
    texts = [page.content.decode() for page in pages]
    assert sum("Đã ghi 2 dòng" in text for text in texts) == 1, texts
    assert sum("không ghi lại lần nữa" in text for text in texts) == 2
    for rating in Rating.objects.filter(member__in=people):
        assert rating.level.tier == 3 and rating.history.count() == 2  # created by the grid, then the file once
