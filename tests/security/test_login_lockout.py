"""django-axes: five wrong passwords for one user name from one address lock that pair out for an hour."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.http import HttpRequest
from django.utils import timezone

from tests import factories

PASSWORD = "test-pass-123"


def _attempt(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def clerk(db):
    return factories.UserFactory(username="clerk")


def test_four_wrong_passwords_still_show_the_login_form_and_the_right_one_then_logs_in(client, clerk):
    for _ in range(4):
        response = _attempt(client, "clerk", "wrong")
        assert response.status_code == 200
    response = _attempt(client, "clerk", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == clerk


def test_the_fifth_wrong_password_locks_the_account_with_a_vietnamese_message(client, clerk):
    for _ in range(4):
        _attempt(client, "clerk", "wrong")
    response = _attempt(client, "clerk", "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "tạm khóa trong 1 giờ" in page
    assert 'name="username"' in page and 'value="clerk"' in page


def test_a_locked_account_is_refused_even_with_the_right_password(client, clerk):
    for _ in range(5):
        _attempt(client, "clerk", "wrong")
    response = _attempt(client, "clerk", PASSWORD)
    assert response.status_code == 429
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_the_lock_holds_the_user_name_from_that_address_only(client, clerk):
    colleague = factories.UserFactory(username="colleague")
    for _ in range(5):
        _attempt(client, "clerk", "wrong", address="10.0.0.1")
    # A colleague behind the same office address still logs in ...
    assert _attempt(client, "colleague", PASSWORD, address="10.0.0.1").status_code == 302
    assert client.get("/").wsgi_request.user == colleague
    client.logout()
    # ... and so does the clerk from another address: a guesser cannot lock a user out everywhere.
    assert _attempt(client, "clerk", PASSWORD, address="10.0.0.2").status_code == 302


def test_the_lock_lifts_after_one_hour(client, clerk):
    for _ in range(5):
        _attempt(client, "clerk", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=1, minutes=1))
    assert _attempt(client, "clerk", PASSWORD).status_code == 302


def test_the_admin_login_is_guarded_too(client, db):
    factories.UserFactory(username="boss", is_staff=True, is_superuser=True)
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "boss", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429


def test_tests_can_still_log_in_with_force_login_or_with_a_request_given_to_client_login(client, clerk):
    client.force_login(clerk)
    assert client.get("/").wsgi_request.user == clerk
    client.logout()
    assert client.login(request=HttpRequest(), username="clerk", password=PASSWORD)
    assert client.get("/").wsgi_request.user == clerk


def test_a_user_name_longer_than_the_attempts_column_is_recorded_cut_not_crashing(client, db):
    response = _attempt(client, "n" * 300, "wrong")
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "n" * 255
