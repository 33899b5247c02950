"""The national generator and the dashboard benchmark."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from members.models import Member
from organizations.models import PartyOrganization
from ratings.models import Rating
from reports.models import ProvinceSummary

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="generate_national needs PostgreSQL")


def test_generate_national_refuses_sqlite_or_a_database_without_reference_units(db):
    with pytest.raises(CommandError, match="PostgreSQL|load_reference"):
        call_command("generate_national", stdout=io.StringIO())


@postgres_only
def test_generate_national_builds_labelled_synthetic_data_for_every_current_commune(db):
    from organizations.reference import load_administrative_units
    from reports.articles import articles_load

    load_administrative_units()
    articles_load()
    out = io.StringIO()
    call_command("generate_national", members=20_000, cells=10_000, years=2, stdout=out)
    assert "[4/4]" in out.getvalue() and "giả lập" in out.getvalue()
    gpos = PartyOrganization.objects.filter(code__startswith="SYN-G-")
    assert gpos.count() >= 3000 and not gpos.exclude(name__endswith="(giả lập)").exists()
    assert Member.objects.filter(cell__code__startswith="SYN-C-").count() >= 20_000
    assert set(Rating.objects.values_list("year", flat=True).distinct()) == {2023, 2024}
    assert not PartyOrganization.objects.filter(code__startswith="HIST-", children__code__startswith="SYN-").exists()
    # Ratings are placed where they are given, as the engine places them.
    member_rating = Rating.objects.filter(member__isnull=False).select_related("member__cell").first()
    assert member_rating.cell == member_rating.member.cell and member_rating.gpo_id == member_rating.cell.parent_id
    assert member_rating.province_id == member_rating.gpo.province_id
    call_command("rebuild_summaries", stdout=io.StringIO())
    call_command("check_summaries", stdout=io.StringIO())
    again = io.StringIO()
    call_command("generate_national", if_absent=True, stdout=again)
    assert "already present" in again.getvalue()


def test_bench_dashboard_ends_with_the_one_bench_line(db, articles):
    out = io.StringIO()
    call_command("bench_dashboard", requests=3, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert re.fullmatch(r"bench: dashboard/trivial = \d+\.\d\d \(\d+ members, \d+ years\)", lines[-1]), lines[-1]
    assert sum(1 for line in lines if line.startswith("bench:")) == 1
    assert any(line.startswith("summaries rebuild:") for line in lines)
    assert ProvinceSummary.objects.exists()


def test_rebuild_summaries_recomputes_the_tables(db, articles):
    ProvinceSummary.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_summaries", stdout=out)
    assert "Summaries rebuilt" in out.getvalue()
    assert ProvinceSummary.objects.filter(subject="member", year=2010, count=126).exists()
