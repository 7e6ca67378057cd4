"""Make two concurrent transactions overlap for certain, without sleeping."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection

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
