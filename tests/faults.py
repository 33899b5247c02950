"""Database faults made on purpose, for tests on PostgreSQL: cut this thread's connection at a precise point of a
write, or make the server unreachable. Mark such tests django_db(transaction=True): what was committed is what
another connection (or the user's next request) sees."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the faults are made with PostgreSQL's own tools (pg_terminate_backend, ALLOW_CONNECTIONS, a server "
           "on a TCP port); SQLite is a file in the process",
)


def conninfo(**overrides) -> dict:
    """psycopg connection parameters of the test database, from Django's settings."""
    settings = connection.settings_dict
    params = {"host": settings["HOST"] or None, "port": settings["PORT"] or None, "user": settings["USER"] or None,
              "password": settings["PASSWORD"] or None, "dbname": settings["NAME"]}
    params.update(overrides)
    return {key: value for key, value in params.items() if value is not None}


@contextmanager
def cut_when_blocked_on(table: str, timeout: float = 20) -> Iterator[list[int]]:
    """Hold a lock on `table` from a second connection; the moment this thread's connection waits for it (the
    write has reached that table, inside its transaction), terminate that connection with pg_terminate_backend,
    then let go. Yields a list that holds the terminated backend's pid once it is done."""
    connection.ensure_connection()
    victim = connection.connection.info.backend_pid
    locker = psycopg.connect(**conninfo())
    locker.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')  # blocks inserts, updates and deletes
    cut: list[int] = []

    def watch() -> None:
        try:
            with psycopg.connect(**conninfo(), autocommit=True) as killer:
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    waiting = killer.execute(
                        "SELECT 1 FROM pg_stat_activity WHERE pid = %s AND wait_event_type = 'Lock'", [victim]
                    ).fetchone()
                    if waiting:
                        killer.execute("SELECT pg_terminate_backend(%s)", [victim])
                        while killer.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [victim]).fetchone():
                            time.sleep(0.01)
                        cut.append(victim)
                        return
                    time.sleep(0.01)
        finally:
            locker.rollback()  # let go (after the cut, or at the deadline so that nothing hangs)
            locker.close()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield cut
    finally:
        watcher.join(timeout + 5)


def closed_port() -> int:
    """A local TCP port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_unreachable() -> Iterator[None]:
    """Point this process's default connection at a port where no server listens, then back."""
    original = (connection.settings_dict["HOST"], connection.settings_dict["PORT"])
    connection.close()
    connection.settings_dict["HOST"], connection.settings_dict["PORT"] = "127.0.0.1", closed_port()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["HOST"], connection.settings_dict["PORT"] = original
