"""On SQLite (the database of `make run`), two writers at once wait for each other rather than fail with
"database is locked": each transaction takes the write lock when it begins, with a busy timeout. Run with the
project's own connection settings on a database file of the test's own."""

import copy
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
                                reason="these are the SQLite connection settings; PostgreSQL has row locks")


def _wrapper(path, alias: str, **options) -> DatabaseWrapper:
    configured = copy.deepcopy(settings.DATABASES["default"])
    configured.update({"NAME": str(path), "TEST": {}})
    configured["OPTIONS"] = {**configured.get("OPTIONS", {}), **options}
    return DatabaseWrapper(configured, alias=alias)


def _increment_twice_at_once(path, **options) -> tuple[int, list[Exception]]:
    """Two writers each read a counter, take their time, and write it back plus one, in one transaction each."""
    setup = _wrapper(path, "setup", **options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (value integer)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    setup.close()
    errors: list[Exception] = []
    both_read = threading.Barrier(2, timeout=1)

    def writer(name: str) -> None:
        connection = _wrapper(path, name, **options)
        try:
            connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)  # as atomic() does
            with connection.cursor() as cursor:
                cursor.execute("SELECT value FROM counter")
                value = cursor.fetchone()[0]
                try:
                    both_read.wait()  # with IMMEDIATE the second cannot get here before the first commits
                except threading.BrokenBarrierError:
                    pass
                time.sleep(0.3)
                cursor.execute("UPDATE counter SET value = %s", [value + 1])
            connection.commit()
        except OperationalError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(f"writer{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    check = _wrapper(path, "check", **options)
    with check.cursor() as cursor:
        cursor.execute("SELECT value FROM counter")
        value = cursor.fetchone()[0]
    check.close()
    return value, errors


def test_the_project_runs_sqlite_with_immediate_transactions_a_busy_timeout_and_wal():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


@pytest.fixture
def own_file(tmp_path, django_db_blocker):
    """A database file apart from the test database: the connections here are the test's own."""
    with django_db_blocker.unblock():
        yield tmp_path / "db.sqlite3"


def test_two_writers_at_once_wait_for_each_other_and_both_writes_count(own_file):
    value, errors = _increment_twice_at_once(own_file)
    assert errors == []
    assert value == 2  # the second read what the first wrote: nothing lost


def test_without_immediate_transactions_one_of_two_writers_would_fail_or_be_lost(own_file):
    """Why the settings are there: with SQLite's default (deferred) transactions, writers fail as users saw."""
    value, errors = _increment_twice_at_once(own_file, transaction_mode=None)
    assert errors or value < 2
    assert all("database is locked" in str(e) for e in errors)
