"""Personas shared by the whole suite: staff of Nghệ An, staff of Cao Bằng, an approver, an analyst, an admin."""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

from organizations.models import UserScope
from tests import factories

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _static_sources_newer_than(stamp: Path) -> bool:
    newest = max(
        (os.path.getmtime(storage.path(path)) for finder in finders.get_finders() for path, storage in finder.list([])),
        default=0.0,
    )
    return not stamp.exists() or newest > stamp.stat().st_mtime


@pytest.fixture(scope="session", autouse=True)
def _collected_static_files():
    """Pages name their scripts and styles through collectstatic's manifest, as under `make run` and `make serve`:
    collect again when a static file changed since (`make test` has usually done it already)."""
    if _static_sources_newer_than(Path(django_settings.STATIC_ROOT) / "staticfiles.json"):
        call_command("collectstatic", interactive=False, verbosity=0)


def _through_django(application):
    """The live server's static handler: none, so whitenoise's middleware answers /static/ from STATIC_ROOT."""
    return application


@pytest.fixture(scope="session")
def live_server(_collected_static_files):
    """pytest-django's live server, but serving static files as the real servers do (hashed names, compressed),
    not through Django's development finders."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"), start=False)
    server.thread.static_handler = _through_django
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def nghe_an(db):
    province = factories.ProvinceFactory(code="40", name="Tỉnh Nghệ An")
    return factories.ProvincialCommitteeFactory(code="DB-40", name="Đảng bộ tỉnh Nghệ An", province=province)


@pytest.fixture
def cao_bang(db):
    province = factories.ProvinceFactory(code="04", name="Tỉnh Cao Bằng", is_border=True)
    return factories.ProvincialCommitteeFactory(code="DB-04", name="Đảng bộ tỉnh Cao Bằng", province=province)


def _scoped_user(username: str, role: str, organization):
    user = factories.UserFactory(username=username)
    factories.UserScopeFactory(user=user, role=role, organization=organization)
    return user


@pytest.fixture
def staff_nghe_an(nghe_an):
    return _scoped_user("staff", UserScope.Role.STAFF, nghe_an)


@pytest.fixture
def staff_cao_bang(cao_bang):
    return _scoped_user("staff-caobang", UserScope.Role.STAFF, cao_bang)


@pytest.fixture
def approver_nghe_an(nghe_an):
    return _scoped_user("approver", UserScope.Role.APPROVER, nghe_an)


@pytest.fixture
def analyst(db):
    return _scoped_user("analyst", UserScope.Role.ANALYST, None)


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
