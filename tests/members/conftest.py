import datetime

import pytest
from django.db import transaction

from members import demo as members_demo
from members.models import Ethnicity
from members.reference import load_ethnicities
from organizations import demo as organizations_demo
from tests import factories


@pytest.fixture
def ethnicities(db):
    load_ethnicities()
    return {e.name: e for e in Ethnicity.objects.all()}


@pytest.fixture
def cell(nghe_an):
    gpo = factories.GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Tiền Phong")
    return factories.CellFactory(parent=gpo, name="Chi bộ bản Mường Hinh")


@pytest.fixture
def other_cell(cell):
    return factories.CellFactory(parent=cell.parent, name="Chi bộ bản Piềng Cu")


@pytest.fixture
def admit(cell, ethnicities):
    """Admit someone through the service with sensible defaults."""
    from members.services import member_admit

    def _admit(**overrides):
        values = {
            "cell": cell,
            "full_name": "Lương Thị Hoa",
            "gender": "F",
            "ethnicity": ethnicities["Thái"],
            "birth_date": datetime.date(1995, 4, 12),
            "admitted_on": datetime.date(2023, 3, 15),
            "card_number": "40123456",
        }
        values.update(overrides)
        return member_admit(**values)

    return _admit


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Build the demo once for the module (a few seconds) inside a transaction rolled back afterwards."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                built, created = organizations_demo.load()
                assert created
                members_demo.load(built)
                yield built
                raise _Rollback
        except _Rollback:
            pass


@pytest.fixture
def data(demo, db):
    return demo
