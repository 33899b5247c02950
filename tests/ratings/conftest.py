"""The rating schemes come from a data migration; a transactional test elsewhere may have flushed them."""

import pytest

from ratings.models import Scheme
from ratings.reference import load_schemes


@pytest.fixture(autouse=True)
def _schemes(db):
    if not Scheme.objects.exists():
        load_schemes()
