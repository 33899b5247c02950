"""Two (or more) things done at the same time, each in a thread with its own database connection, for tests of
what happens when users act at once. They need real transactions: mark the test django_db(transaction=True)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL lets two transactions run side by side; SQLite takes one writer at a time (BEGIN IMMEDIATE), "
           "so the interleaving under test cannot happen there",
)


def run_at_once(*actions: Callable[[], object], timeout: float = 60) -> list:
    """Run each action in its own thread; return their results in order (an exception is returned, not raised)."""
    results: list = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            results[index] = action()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test, which asserts on it
            results[index] = exc
        finally:
            connections.close_all()  # this thread's connections

    threads = [threading.Thread(target=run, args=(i, a), daemon=True) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "an action did not finish in time"
    return results


def meet_after(monkeypatch, owner: type, method: str, parties: int = 2, when=lambda *a, **k: True) -> None:
    """Make `owner.method` wait, after it ran, until `parties` threads have reached it: both users have then read
    the same state before either writes."""
    barrier = threading.Barrier(parties, timeout=15)
    original = getattr(owner, method)

    def waiting(*args, **kwargs):
        result = original(*args, **kwargs)
        if when(*args, **kwargs):
            barrier.wait()
        return result

    monkeypatch.setattr(owner, method, waiting)
