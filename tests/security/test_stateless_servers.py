"""App servers keep no state: a session opened through one server is honoured by another."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client


def test_sessions_live_in_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


@pytest.mark.django_db
def test_a_login_on_one_app_server_is_valid_on_another(staff_nghe_an):
    first_server, second_server = Client(), Client()  # two WSGI handlers, nothing shared but the database
    response = first_server.post("/accounts/login/", {"username": "staff", "password": "test-pass-123"})
    assert response.status_code == 302
    session_key = first_server.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=session_key).exists()

    second_server.cookies[settings.SESSION_COOKIE_NAME] = session_key
    assert second_server.get("/organizations/").status_code == 200
    assert second_server.get("/").wsgi_request.user == staff_nghe_an
