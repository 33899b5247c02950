"""Personas shared by the whole suite: staff of Nghệ An, staff of Cao Bằng, an approver, an analyst, an admin."""

import os

import pytest

from organizations.models import UserScope
from tests import factories

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
