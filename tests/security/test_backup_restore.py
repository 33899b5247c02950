"""Backup and restore as docs/operations.md tells it: pg_dump -Fc, then pg_restore into an empty database.

The restored database must hold the same records, table by table and row by row. PostgreSQL only: on SQLite the
test skips with the reason; under CI=true with a PostgreSQL DATABASE_URL a missing pg_dump is a failure, not a skip.
"""

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connections
from psycopg import sql

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgres() -> dict:
    database = connections["default"]
    if database.vendor != "postgresql":
        pytest.skip("backup and restore use pg_dump/pg_restore: run with DATABASE_URL=postgres://...")
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        reason = f"{', '.join(missing)} not found: apt-get install postgresql-client"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true with PostgreSQL and {reason}")
        pytest.skip(reason)
    return database.settings_dict


def _connection_options(settings: dict) -> tuple[list[str], dict[str, str]]:
    options = ["--host", settings["HOST"] or "127.0.0.1", "--port", str(settings["PORT"] or 5432)]
    if settings["USER"]:
        options += ["--username", settings["USER"]]
    environment = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    return options, environment


def _connect(settings: dict, name: str) -> psycopg.Connection:
    return psycopg.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                           user=settings["USER"] or None, password=settings["PASSWORD"] or None, dbname=name,
                           autocommit=True)


@pytest.fixture
def empty_database(postgres) -> Iterator[str]:
    name = f"{postgres['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with _connect(postgres, "postgres") as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with _connect(postgres, "postgres") as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _table_fingerprints(settings: dict, name: str) -> dict[str, tuple[int, str]]:
    """Row count and an md5 over every row's text, in a stable order, for each table of the public schema."""
    fingerprints = {}
    with _connect(settings, name) as database:
        tables = [row[0] for row in database.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        for table in tables:
            count, digest = database.execute(sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM {} t"
            ).format(sql.Identifier(table))).fetchone()
            fingerprints[table] = (count, digest)
    return fingerprints


def test_a_dump_restored_into_an_empty_database_gives_the_same_records(postgres, empty_database, tmp_path: Path,
                                                                        staff_nghe_an, cao_bang):
    gpo = factories.GrassrootsFactory(parent=staff_nghe_an.scope.organization, name="Đảng bộ xã Mường Phăng")
    cell = factories.CellFactory(parent=gpo, name="Chi bộ bản Yên 2")
    members = factories.MemberFactory.create_batch(3, cell=cell)
    options, environment = _connection_options(postgres)
    dump = tmp_path / "partyquality.dump"

    subprocess.run(["pg_dump", *options, "--format=custom", "--no-owner", "--file", str(dump), postgres["NAME"]],
                   env=environment, check=True, capture_output=True, timeout=300)
    subprocess.run(["pg_restore", *options, "--no-owner", "--exit-on-error", "--dbname", empty_database, str(dump)],
                   env=environment, check=True, capture_output=True, timeout=300)

    original = _table_fingerprints(postgres, postgres["NAME"])
    restored = _table_fingerprints(postgres, empty_database)
    assert restored == original
    assert original["members_member"][0] == 3 and original["organizations_partyorganization"][0] >= 4
    with _connect(postgres, empty_database) as database:
        names = {row[0] for row in database.execute("SELECT full_name FROM members_member")}
        organization = database.execute(
            "SELECT name FROM organizations_partyorganization WHERE id = %s", [cell.pk]).fetchone()
        user = database.execute("SELECT password FROM auth_user WHERE username = 'staff'").fetchone()
    assert names == {member.full_name for member in members}
    assert organization == ("Chi bộ bản Yên 2",)
    assert user == (staff_nghe_an.password,)
