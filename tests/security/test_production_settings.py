"""Production settings: `check --deploy` is clean, cookies are secure, HSTS is on, and a strict CSP is sent."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.templatetags.static import static

ROOT = Path(__file__).resolve().parents[2]
# Set by the test run itself (tests/conftest.py sets the async one for Playwright), never in production.
_TEST_ONLY = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _production_environment(**extra: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in _TEST_ONLY}
    environment.update({"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "example.org"})
    environment.update(extra)
    return environment


def _run(code: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_production_environment(**extra),
        capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_prints_no_warning_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_environment(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _run("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='partyquality.settings'; django.setup()",
                  SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_cookies_are_secure_and_hsts_lasts_a_year():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='partyquality.settings'\n"
        "from django.conf import settings as s\n"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.DEBUG)"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "31536000", "True", "False"]


def test_password_validators_refuse_short_common_and_numeric_passwords(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["abc12", "password123", "12345678901"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Tham-dinh-chat-luong-2025")


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/accounts/login/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert policy["default-src"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_no_page_template_of_the_base_layout_uses_an_inline_event_handler(client):
    page = client.get("/accounts/login/").content.decode()
    assert "onchange=" not in page and "onclick=" not in page and "onsubmit=" not in page
    assert static("js/app.js") in page
