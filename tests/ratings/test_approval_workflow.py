"""Submitting, withdrawing, approving and reopening a year: confirmations that count the open warnings, the reopen
reason with "Mở lại" only, the approvers' queue, and staff taking back a submission not yet approved."""

from __future__ import annotations

import pytest
from lxml import html
from django.core.exceptions import ValidationError
from django.urls import reverse

from ratings import services
from ratings.models import ReviewCycle
from tests.ratings.year_world import rated_year

Status = ReviewCycle.Status


@pytest.fixture
def world(nghe_an, staff_nghe_an):
    return rated_year(nghe_an, staff_nghe_an)


def _grid(client, user, world):
    client.force_login(user)
    response = client.get(reverse("ratings:grid", args=[world.gpo.pk, world.year]))
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def _one(page, xpath: str):
    found = page.xpath(xpath)
    assert len(found) == 1, xpath
    return found[0]


def test_staff_withdraw_a_submission_not_yet_approved_and_the_history_names_them(world, staff_nghe_an):
    services.cycle_submit(user=staff_nghe_an, organization=world.gpo, year=world.year)
    cycle = services.cycle_withdraw(user=staff_nghe_an, organization=world.gpo, year=world.year)
    assert cycle.status == Status.DRAFT
    last, before = cycle.history.all()[:2]
    assert (before.status, last.status, last.history_user) == (Status.SUBMITTED, Status.DRAFT, staff_nghe_an)


def test_an_approved_year_cannot_be_withdrawn(world, staff_nghe_an, approver_nghe_an):
    services.cycle_submit(user=staff_nghe_an, organization=world.gpo, year=world.year)
    services.cycle_approve(user=approver_nghe_an, organization=world.gpo, year=world.year)
    with pytest.raises(ValidationError, match="Chỉ rút lại được"):
        services.cycle_withdraw(user=staff_nghe_an, organization=world.gpo, year=world.year)
    assert ReviewCycle.objects.get(organization=world.gpo, year=world.year).status == Status.APPROVED


def test_staff_out_of_scope_cannot_withdraw(world, staff_nghe_an, staff_cao_bang):
    services.cycle_submit(user=staff_nghe_an, organization=world.gpo, year=world.year)
    with pytest.raises(Exception):
        services.cycle_withdraw(user=staff_cao_bang, organization=world.gpo, year=world.year)
    assert ReviewCycle.objects.get(organization=world.gpo, year=world.year).status == Status.SUBMITTED


def test_the_withdraw_button_sends_the_year_back_to_draft(client, world, staff_nghe_an):
    services.cycle_submit(user=staff_nghe_an, organization=world.gpo, year=world.year)
    page = _grid(client, staff_nghe_an, world)
    _one(page, "//*[@id='withdraw-cycle']")
    client.post(reverse("ratings:cycle", args=[world.gpo.pk, world.year, "withdraw"]))
    assert ReviewCycle.objects.get(organization=world.gpo, year=world.year).status == Status.DRAFT


def test_the_submit_confirmation_counts_the_open_warnings_and_links_to_them(client, world, staff_nghe_an):
    page = _grid(client, staff_nghe_an, world)
    expected = [i for i in services.selectors.unit_check_report(world.gpo, world.year).issues if not i.is_error]
    assert expected  # the rated year has warnings (parts, quota overridden …)
    dialog = _one(page, "//*[@id='confirm-submit']")
    assert _one(page, "//*[@id='submit-cycle']").get("data-bs-target") == "#confirm-submit"
    assert _one(dialog, ".//*[@class='open-warnings']").text == str(len(expected))
    link = _one(dialog, ".//a[contains(@href, '#issues')]")
    assert link.get("href") == reverse("ratings:checks", args=[world.gpo.pk, world.year]) + "#issues"
    assert _one(dialog, ".//form").get("action").endswith("/submit/")
    _one(dialog, ".//form//button[@id='submit-cycle-confirm']")


def test_the_approve_confirmation_counts_the_open_warnings(client, world, staff_nghe_an, approver_nghe_an):
    services.cycle_submit(user=staff_nghe_an, organization=world.gpo, year=world.year)
    page = _grid(client, approver_nghe_an, world)
    warnings = [i for i in services.selectors.unit_check_report(world.gpo, world.year).issues if not i.is_error]
    assert _one(page, "//*[@id='confirm-approve']//*[@class='open-warnings']").text == str(len(warnings))
    assert page.xpath("//*[@id='confirm-submit']") == []


def test_the_reopen_reason_sits_in_the_reopen_dialog_only(client, world, staff_nghe_an, approver_nghe_an):
    services.cycle_submit(user=staff_nghe_an, organization=world.gpo, year=world.year)
    page = _grid(client, approver_nghe_an, world)
    reason = _one(page, "//textarea[@name='reason']")
    assert reason.xpath("ancestor::*[contains(@class, 'modal')]")[0].get("id") == "confirm-reopen"
    assert page.xpath("//*[@id='confirm-approve']//textarea") == []


def test_the_queue_lists_submitted_years_in_the_approvers_scope_with_their_warnings(
    client, world, staff_nghe_an, approver_nghe_an, cao_bang, staff_cao_bang
):
    other = rated_year(cao_bang, staff_cao_bang, year=2023)
    services.cycle_submit(user=staff_nghe_an, organization=world.gpo, year=world.year)
    services.cycle_submit(user=staff_cao_bang, organization=other.gpo, year=other.year)
    client.force_login(approver_nghe_an)
    response = client.get(reverse("ratings:queue"))
    rows = html.fromstring(response.content.decode()).xpath("//table[@id='approval-queue']/tbody/tr")
    assert len(rows) == 1  # Cao Bằng's submission is not in the approver's scope
    cells = [td.text_content().strip() for td in rows[0].xpath("td")]
    warnings = [i for i in services.selectors.unit_check_report(world.gpo, world.year).issues if not i.is_error]
    assert cells[0] == world.gpo.name and cells[2] == str(world.year) and cells[4] == "staff"
    assert cells[6] == str(len(warnings))
    services.cycle_approve(user=approver_nghe_an, organization=world.gpo, year=world.year)
    response = client.get(reverse("ratings:queue"))
    assert b'id="queue-empty"' in response.content


def test_only_approvers_and_admins_have_the_queue_in_their_navigation(client, staff_nghe_an, approver_nghe_an):
    client.force_login(staff_nghe_an)
    assert b'id="nav-queue"' not in client.get(reverse("ratings:index")).content
    assert client.get(reverse("ratings:queue")).status_code == 403
    client.force_login(approver_nghe_an)
    assert b'id="nav-queue"' in client.get(reverse("ratings:index")).content
