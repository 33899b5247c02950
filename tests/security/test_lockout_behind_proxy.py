"""Behind reverse proxies (TRUSTED_PROXY_COUNT), the lockout holds the client's address from X-Forwarded-For, not
the proxy's: five wrong passwords lock that person out, not every colleague behind the same proxy."""

import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings

from tests import factories

PASSWORD = "test-pass-123"
PROXY = "10.0.0.2"  # what gunicorn sees as REMOTE_ADDR behind nginx


@pytest.fixture
def behind(settings):
    """The settings TRUSTED_PROXY_COUNT=n gives (see partyquality/settings.py)."""

    def configure(count: int) -> None:
        settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
        settings.AXES_IPWARE_PROXY_COUNT = count - 1

    return configure


@pytest.fixture
def clerk(db):
    factories.UserFactory(username="colleague")
    return factories.UserFactory(username="clerk")


def _login(client, username: str, password: str, forwarded: str | None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=PROXY, **headers)


def test_behind_one_proxy_the_lock_holds_the_clients_address_not_the_proxys(client, behind, clerk):
    behind(1)
    for _ in range(5):
        _login(client, "clerk", "wrong", "203.0.113.5")
    assert _login(client, "clerk", PASSWORD, "203.0.113.5").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    # The same user from another address behind the same proxy, and a colleague, still log in.
    assert _login(client, "clerk", PASSWORD, "198.51.100.7").status_code == 302
    client.logout()
    assert _login(client, "colleague", PASSWORD, "203.0.113.5").status_code == 302


def test_a_forged_forwarded_header_cannot_choose_the_address_that_is_locked(client, behind, clerk):
    behind(1)
    # nginx appends the address it received from; what the client wrote stays in front and is not believed.
    for forged in ["198.51.100.7", "10.9.9.9", "garbage"]:
        _login(client, "clerk", "wrong", f"{forged}, 203.0.113.5")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_behind_two_proxies_the_client_is_second_from_the_end(client, behind, clerk):
    behind(2)  # a load balancer (192.0.2.10) in front of nginx
    _login(client, "clerk", "wrong", "6.6.6.6, 203.0.113.5, 192.0.2.10")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]


def test_without_proxies_configured_the_header_is_ignored(client, clerk):
    assert django_settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)
    for _ in range(5):
        _login(client, "clerk", "wrong", "203.0.113.5")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


def _settings_with(**env) -> subprocess.CompletedProcess:
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.AXES_IPWARE_META_PRECEDENCE_ORDER, s.AXES_IPWARE_PROXY_COUNT, s.IPWARE_STRICT)")
    return subprocess.run([sys.executable, "-c", code], cwd=django_settings.BASE_DIR, capture_output=True, text=True,
                          env={**os.environ, "DJANGO_SETTINGS_MODULE": "partyquality.settings", **env})


def test_the_proxy_count_is_read_from_the_environment_and_a_bad_one_stops_start_up():
    done = _settings_with(TRUSTED_PROXY_COUNT="2")
    assert done.stdout.strip() == "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR') 1 False", done.stderr
    assert _settings_with(TRUSTED_PROXY_COUNT="0").stdout.strip() == "('REMOTE_ADDR',) None False"
    for bad in ["-1", "one"]:
        done = _settings_with(TRUSTED_PROXY_COUNT=bad)
        assert done.returncode != 0 and "TRUSTED_PROXY_COUNT" in done.stderr
