"""The national generator and the dashboard benchmark."""

import io
import re
import uuid

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


@pytest.fixture
def ordinary_role(db):
    """The rest of the test runs as a role that owns the tables but is no superuser (rolled back with the test)."""
    name = f"pq_owner_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} NOSUPERUSER NOLOGIN")
        cursor.execute(f"GRANT USAGE, CREATE ON SCHEMA public TO {name}")
        cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {name}")
        cursor.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {name}")
        for model in (PartyOrganization, Member, Rating):
            cursor.execute(f"ALTER TABLE {model._meta.db_table} OWNER TO {name}")
        cursor.execute(f"SET ROLE {name}")
    yield name
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


@postgres_only
def test_generate_national_needs_no_superuser_and_keeps_every_foreign_key(ordinary_role):
    from organizations.reference import load_administrative_units

    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        load_administrative_units()
        cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'ratings_rating'::regclass "
                       "AND contype = 'f' ORDER BY conname")
        keys_before = cursor.fetchall()
        cursor.execute(f"SET ROLE {ordinary_role}")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False,)
    out = io.StringIO()
    call_command("generate_national", members=5_000, cells=4_000, years=1, stdout=out)
    assert "foreign keys of ratings_rating added back and checked" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'ratings_rating'::regclass "
                       "AND contype = 'f' AND convalidated ORDER BY conname")
        assert cursor.fetchall() == keys_before and len(keys_before) == 7
    assert Rating.objects.filter(member__isnull=False).count() == Member.objects.count() >= 5_000


def test_bench_dashboard_prints_each_goal_and_ends_with_the_cold_and_warm_lines(db, articles):
    from tests import factories

    factories.MemberFactory.create_batch(3, full_name="Lường Thị Xoan")
    out = io.StringIO()
    call_command("bench_dashboard", requests=3, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert re.fullmatch(r"bench: cold/trivial = \d+\.\d\d", lines[-2]), lines[-2]
    assert re.fullmatch(r"bench: dashboard/trivial = \d+\.\d\d \(\d+ members, \d+ years\)", lines[-1]), lines[-1]
    assert sum(1 for line in lines if line.startswith("bench:")) == 2
    for figure in ("summaries rebuild: ", "member name search, accent-insensitive: ", "comparison page HTML: ",
                   "cold comparison dashboard / trivial page: ", "warm (cached) dashboard / trivial page: "):
        line = next(line for line in lines if line.startswith(figure))
        assert re.search(r"\(goal ≤ [\d.]+( s| ms| KB)?: (met|NOT met)\)", line), line
    assert ProvinceSummary.objects.exists()


def test_rebuild_summaries_recomputes_the_tables(db, articles):
    ProvinceSummary.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_summaries", stdout=out)
    assert "Summaries rebuilt" in out.getvalue()
    assert ProvinceSummary.objects.filter(subject="member", year=2010, count=126).exists()
