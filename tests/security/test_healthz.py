"""/healthz: 200 while the database answers, 503 when it does not, so a load balancer can take a server out."""

from unittest import mock

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    failure = OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(connections[DEFAULT_DB_ALIAS], "cursor", side_effect=failure):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}


@pytest.mark.django_db
def test_healthz_needs_no_login_and_only_answers_reads(client):
    assert client.get("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_answers_a_plain_http_probe_where_every_page_redirects_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
