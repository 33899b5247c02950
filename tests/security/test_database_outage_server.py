"""A running server (gunicorn, persistent connections with health checks) whose database refuses connections and
drops the ones it had: pages and /healthz answer 503 with the Vietnamese page, then, once the database takes
connections again, the same server answers 200 again without a restart."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from tests.faults import closed_port, conninfo, postgresql_only

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]
APPLICATION = "pq-outage-test"


def _get(port: int, path: str, cookie: str = "") -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def server():
    """gunicorn on a free port, on the test database, its connections named so that they can be cut."""
    port = closed_port()
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}?application_name={APPLICATION}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "DB_CONN_MAX_AGE": "600", "WEB_CONCURRENCY": "1",
           "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESSLOG": "/dev/null", "GUNICORN_LOGLEVEL": "warning"}
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "partyquality/gunicorn.conf.py",
                                "partyquality.wsgi"], cwd=settings.BASE_DIR, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, process.stderr.read().decode()[-3000:]
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(10)


def _admin(sql: str, *params) -> None:
    """Run on the maintenance database, not on the one being shut."""
    with psycopg.connect(**conninfo(dbname="postgres"), autocommit=True) as admin:
        admin.execute(sql, params)


def test_a_server_answers_503_while_the_database_refuses_it_and_recovers_without_a_restart(server, staff_nghe_an):
    session = SessionStore()
    session.update({SESSION_KEY: str(staff_nghe_an.pk), BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[-1],
                    HASH_SESSION_KEY: staff_nghe_an.get_session_auth_hash()})
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    name = connection.settings_dict["NAME"]
    assert _get(server, "/organizations/", cookie)[0] == 200  # the worker now holds a persistent connection
    try:
        _admin(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        _admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", APPLICATION)
        status, page = _get(server, "/organizations/", cookie)
        assert status == 503 and "Tạm thời không truy cập được cơ sở dữ liệu" in page and "Traceback" not in page
        assert _get(server, "/healthz")[0] == 503
    finally:
        _admin(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
    assert _get(server, "/healthz") == (200, '{"database": "ok"}')
    status, page = _get(server, "/organizations/", cookie)
    assert status == 200 and "Tạm thời không truy cập" not in page
