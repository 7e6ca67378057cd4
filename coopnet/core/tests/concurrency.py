"""Make two concurrent transactions overlap for certain, without sleeping."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, connections

TIMEOUT = 5  # seconds


def _wait_until_another_connection_waits_for_a_lock() -> None:
    """Poll PostgreSQL until another backend of this database is blocked on a lock, for at
    most TIMEOUT: if the code under test takes no lock, nobody ever waits, and the test's own
    assertions then show what went wrong."""
    polled = threading.Event()  # never set: its wait() is the pause between two polls
    deadline = time.monotonic() + TIMEOUT
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone():
                return
            polled.wait(0.005)


class Overlap:
    """Wraps the step that takes a lock so that two threads' transactions really overlap.

    The first thread to reach the step runs it, sets ``held``, and on PostgreSQL keeps its
    transaction open until the other thread's connection is seen waiting for the lock. The
    other thread starts the step only once ``held`` is set. SQLite cannot wait for a lock
    between connections (the threads take turns there), so the first thread does not wait.
    """

    def __init__(self) -> None:
        self._first = threading.Lock()
        self.held = threading.Event()

    def __call__(self, step: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if self._first.acquire(blocking=False):
                try:
                    result = step(*args, **kwargs)
                finally:
                    self.held.set()
                if connection.vendor == "postgresql":
                    _wait_until_another_connection_waits_for_a_lock()
                return result
            assert self.held.wait(TIMEOUT), "the first thread never took the lock"
            return step(*args, **kwargs)

        return wrapper


def run_together(*calls: Callable[[], Any]) -> list[tuple[str, Any]]:
    """Run ``calls`` at the same moment in threads with their own connections (on SQLite,
    which cannot wait for a lock between connections, they take turns): ("ok", result) or
    ("error", exception) for each."""
    barrier = threading.Barrier(len(calls))
    turns: contextlib.AbstractContextManager[Any] = (
        threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()
    )
    results: list[tuple[str, Any]] = [("missing", None)] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            with turns:
                results[index] = ("ok", call())
        except Exception as error:  # reported to the test below
            results[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    return results
