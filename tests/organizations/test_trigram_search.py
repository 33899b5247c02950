"""On PostgreSQL the accent-insensitive searches (search_name LIKE '%…%') can use the pg_trgm GIN indexes.

The test tables are small, so the planner would rightly scan them; sequential and plain index scans are switched off
to ask whether the query's shape can use the trigram index at all (as it does unprompted on millions of rows).
"""

import pytest
from django.db import connection
from django.http import QueryDict

from members.filters import MemberFilter
from members.models import Member
from members.selectors import members_suggested
from organizations import access
from organizations.models import AdministrativeUnit, PartyOrganization
from organizations.selectors import organizations_suggested, units_search
from tests.factories import CellFactory, GrassrootsFactory, MemberFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm indexes exist on PostgreSQL only"),
]


@pytest.fixture
def bitmap_scans_only(db):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")


def test_the_migrations_create_pg_trgm_and_three_trigram_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchall() == [("pg_trgm",)]
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexdef LIKE '%gin_trgm_ops%' ORDER BY 1")
        rows = cursor.fetchall()
    assert [table for table, _definition in rows] == [
        "members_member", "organizations_administrativeunit", "organizations_partyorganization",
    ]
    assert all("USING gin (search_name gin_trgm_ops)" in definition for _table, definition in rows)


def test_the_member_list_search_uses_the_trigram_index(bitmap_scans_only, staff_nghe_an, nghe_an):
    MemberFactory(cell=CellFactory(parent=GrassrootsFactory(parent=nghe_an)), full_name="Lương Thị Xoan")
    members = Member.objects.filter(access.in_scope_filter(staff_nghe_an, "cell__"))
    search = MemberFilter(QueryDict("q=luong thi xoan"), queryset=members, user=staff_nghe_an)
    plan = search.qs.order_by("search_name", "pk")[:50].explain()
    assert "member_search_trgm" in plan, plan


def test_member_suggestions_use_the_trigram_index(bitmap_scans_only):
    plan = _explain_last_query(lambda: members_suggested(Member.objects.all(), "luong thi", limit=20))
    assert "member_search_trgm" in plan, plan


def test_unit_and_organization_searches_use_their_trigram_indexes(bitmap_scans_only):
    assert "org_unit_search_trgm" in units_search("muong phang").explain()
    assert "org_party_search_trgm" in PartyOrganization.objects.search("tien phong").explain()
    plan = _explain_last_query(lambda: organizations_suggested(PartyOrganization.objects.all(), "muong", limit=20))
    assert "org_party_search_trgm" in plan, plan
    assert "org_unit_search_trgm" in AdministrativeUnit.objects.search("ha giang").explain()


def _explain_last_query(run) -> str:
    """EXPLAIN of the last SQL statement that `run` sends (a selector that returns a list, not a queryset)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        run()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())
