import csv
import io
import json

import pytest
from django.core.management import call_command

from coopnet.core.models import Comune, Province, Region

pytestmark = pytest.mark.django_db


def test_istat_territory_is_loaded():
    assert Region.objects.count() == 20
    assert Province.objects.count() >= 107
    bologna = Comune.objects.select_related("province__region").get(istat_code="037006")
    assert bologna.name == "Bologna"
    assert bologna.province.abbreviation == "BO"
    assert bologna.province.region.name == "Emilia-Romagna"
    assert bologna.cadastral_code == "A944"


def test_every_comune_has_coordinates_in_italy():
    assert not Comune.objects.filter(latitude__isnull=True).exists()
    assert not Comune.objects.filter(latitude__lt=35.4).exists()  # Lampedusa is the southmost
    assert not Comune.objects.filter(latitude__gt=47.1).exists()
    bologna = Comune.objects.get(istat_code="037006")
    assert bologna.latitude is not None
    assert bologna.longitude is not None
    assert (round(bologna.latitude, 1), round(bologna.longitude, 1)) == (44.5, 11.3)
    assert not bologna.coordinates_approximate
    assert Comune.objects.filter(coordinates_approximate=True).count() < 400


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_comuni_coordinates_matches_names_and_falls_back_to_the_province(tmp_path):
    """Accents and apostrophes ignored, the homonym in the province wins, misses get its mean."""
    cities = {
        "1": {"name": "Sant Agata de Goti", "latitude": 41.09, "longitude": 14.5,
              "countrycode": "IT", "population": 11000, "admin1code": "04",
              "alternatenames": []},
        "2": {"name": "Benevento", "latitude": 41.13, "longitude": 14.78, "countrycode": "IT",
              "population": 60000, "admin1code": "04", "alternatenames": []},
        "3": {"name": "Benevento", "latitude": 40.0, "longitude": 15.0, "countrycode": "IT",
              "population": 90000, "admin1code": "04", "alternatenames": []},
    }  # fmt: skip
    rg = (
        "lat,lon,name,admin1,admin2,cc\n"
        "41.13,14.78,Benevento,Campania,Provincia di Benevento,IT\n"
        "40.0,15.0,Benevento,Campania,Provincia di Salerno,IT\n"
    )
    out = tmp_path / "coordinates.csv"
    call_command(
        "comuni_coordinates",
        _write(tmp_path / "c.json", json.dumps(cities)),
        _write(tmp_path / "rg.csv", rg),
        output=out,
        stdout=io.StringIO(),
    )
    with out.open(encoding="utf-8") as handle:
        rows = {row["istat_code"]: row for row in csv.DictReader(handle)}
    assert rows["062070"] == {  # Sant'Agata de' Goti
        "istat_code": "062070", "latitude": "41.0900", "longitude": "14.5000", "approximate": ""
    }  # fmt: skip
    assert rows["062008"]["latitude"] == "41.1300"  # Benevento, not the larger homonym
    assert rows["062001"] == {  # Airola: the mean of the province's two matches
        "istat_code": "062001", "latitude": "41.1100", "longitude": "14.6400", "approximate": "1"
    }  # fmt: skip
    assert "001272" not in rows  # Torino: nothing matched in its province, no guess
