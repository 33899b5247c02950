"""`manage.py bench_web_import`: the web import through a real worker, its two goal lines, nothing left behind."""

import io
import re

import pytest
from django.core.management import call_command

from members.models import Member
from organizations.models import PartyOrganization
from ratings.models import Rating
from ratings.reference import load_schemes
from tests.faults import postgresql_only

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]  # the worker is another process


def test_the_web_import_benchmark_prints_its_two_goal_lines_and_removes_its_data():
    load_schemes()  # a transactional test may have flushed the migration's rows
    out = io.StringIO()
    call_command("bench_web_import", members=40, stdout=out)
    text = out.getvalue()
    assert re.search(r"^web upload of a 40-row file: longest single request: \d+\.\d\d s \(goal ≤ 2 s\)", text, re.M)
    assert re.search(r"^web import of 40 rows end to end: \d+\.\d\d s \(goal ≤ 60 s\) .*40 mới", text, re.M), text
    assert not Rating.objects.exists() and not Member.objects.exists()
    assert not PartyOrganization.objects.filter(code__startswith="BENCH-R").exists()
