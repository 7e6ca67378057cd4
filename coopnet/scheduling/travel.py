"""Travel-time providers: minutes between points given as (latitude, longitude).

The embedded default estimates times from great-circle distance; production may point
OsrmProvider at an OSRM server's table service instead.
"""

from __future__ import annotations

import json
import math
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

Point = tuple[float, float]  # (latitude, longitude) in degrees

EARTH_RADIUS_KM = 6371.0088
SPEED_KMH: dict[str, float] = {
    "car": 35.0,
    "bike": 15.0,
    "walk": 4.5,
    "public_transport": 18.0,
}


class TravelTimeError(Exception):
    """The provider could not compute the travel times (server down, bad answer)."""


class TravelTimeProvider(Protocol):
    def matrix(self, points: Sequence[Point]) -> list[list[float]]:
        """Square matrix of travel minutes, row = from, column = to."""
        ...


def haversine_km(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class HaversineProvider:
    """Great-circle distance x road factor / speed of the transport mode."""

    mode: str = "car"
    road_factor: float = 1.3
    speed_kmh: dict[str, float] = field(default_factory=lambda: dict(SPEED_KMH))

    def __post_init__(self) -> None:
        if self.mode not in self.speed_kmh:
            raise ValueError(f"mezzo di trasporto sconosciuto: {self.mode}")

    def minutes(self, a: Point, b: Point) -> float:
        return haversine_km(a, b) * self.road_factor / self.speed_kmh[self.mode] * 60.0

    def matrix(self, points: Sequence[Point]) -> list[list[float]]:
        return [[self.minutes(a, b) for b in points] for a in points]


@dataclass(frozen=True)
class OsrmProvider:
    """OSRM table service: GET {base_url}/table/v1/{profile}/{lon,lat;...}?annotations=duration."""

    base_url: str
    profile: str = "driving"
    timeout: float = 30.0

    def matrix(self, points: Sequence[Point]) -> list[list[float]]:
        if not points:
            return []
        if not self.base_url.startswith(("http://", "https://")):
            raise TravelTimeError(f"indirizzo OSRM non valido: {self.base_url}")
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
        url = (
            f"{self.base_url.rstrip('/')}/table/v1/{urllib.parse.quote(self.profile)}/"
            f"{coords}?annotations=duration"
        )
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310
                payload = json.load(response)
        except (OSError, ValueError) as exc:
            raise TravelTimeError(f"server OSRM non raggiungibile: {exc}") from exc
        if payload.get("code") != "Ok" or "durations" not in payload:
            raise TravelTimeError(f"risposta OSRM non valida: {payload.get('code')}")
        durations = payload["durations"]
        if len(durations) != len(points) or any(len(row) != len(points) for row in durations):
            raise TravelTimeError("risposta OSRM con dimensioni errate")
        # OSRM answers seconds and null for unreachable pairs: treat those as very far.
        return [[(s / 60.0 if s is not None else 24 * 60.0) for s in row] for row in durations]
