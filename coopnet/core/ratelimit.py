"""Rate limits counted in the default cache, which every web process shares (the database)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    """At most ``count`` attempts per subject (an address, an e-mail) within ``seconds``."""

    scope: str
    count: int
    seconds: int

    def exceeded(self, subject: str) -> bool:
        """Count one attempt by ``subject``; True once it is past the limit.

        The subject is hashed: keys stay short and no e-mail address is stored in the cache.
        Two processes counting at the same instant may both pass, which a limit can afford.
        """
        digest = hashlib.sha256(subject.casefold().encode()).hexdigest()
        key = f"ratelimit:{self.scope}:{digest}"
        cache.add(key, 0, self.seconds)
        try:
            attempts = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.seconds)
            attempts = 1
        return attempts > self.count
