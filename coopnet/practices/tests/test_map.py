"""The catalogue on the map and in its downloads: practices placed at their comune, the
catalogue's filters, JSON and GeoJSON (pages and API), and nothing before its release day."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from coopnet.core.models import Comune
from coopnet.practices import services
from coopnet.practices.models import Practice
from coopnet.practices.schemas import FeatureCollectionOut

from .conftest import close, make_call, submit


def release(call, *submissions, on=None):
    close(call)
    for submission in submissions:
        services.decision_save(actor=None, submission=submission, decision="accolta", feedback="")
    services.decisions_release(actor=None, call=call, on=on or timezone.localdate())


@pytest.fixture
def published(call, org, other_org):
    release(
        call,
        submit(call, org, title="Welfare di comunità a Pievepelago"),
        submit(call, other_org, title="Trasporto solidale", comune="Bologna", themes=["cura"]),
    )
    return call


@pytest.fixture
def unreleased(consortium, org):
    """A practice accepted in another call whose decisions are out only tomorrow."""
    call = make_call(consortium, title="Bando segreto")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    release(call, submit(call, org, title="Pratica non ancora pubblica"), on=tomorrow)
    return call


def names(collection):
    return sorted(f["properties"]["name"] for f in collection["features"])


def test_geojson_places_practices_at_their_comune(client, published):
    response = client.get(reverse("practices:geojson"))
    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    bologna = Comune.objects.get(name="Bologna")
    [feature] = [f for f in collection["features"] if f["properties"]["comune_name"] == "Bologna"]
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [bologna.longitude, bologna.latitude],
    }
    practice = Practice.objects.for_org(published.organization).get(title="Trasporto solidale")
    props = feature["properties"]
    assert props["url"] == f"http://testserver/practices/{practice.pk}/"
    assert (props["province"], props["region"], props["themes"]) == (
        "BO",
        "Emilia-Romagna",
        ["cura"],
    )
    assert props["approximate"] is False


def test_geojson_and_map_take_the_catalogues_filters(client, published):
    bologna = Comune.objects.select_related("province").get(name="Bologna")
    url = reverse("practices:geojson")
    found = names(client.get(url, {"q": "pievepelago"}).json())
    assert found == ["Welfare di comunità a Pievepelago"]
    assert names(client.get(url, {"tema": "cura"}).json()) == ["Trasporto solidale"]
    region = {"regione": bologna.province.region_id}
    assert len(client.get(url, region).json()["features"]) == 2
    assert names(client.get(url, {"regione": "12"}).json()) == []  # Lazio
    assert len(client.get(url, {"regione": "xx", "anno": "abc"}).json()["features"]) == 2
    page = client.get(reverse("practices:map"), {"tema": "cura"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-geojson="/practices/mappa.geojson?tema=cura"' in html
    assert 'data-tiles=""' in html  # no tile server in tests
    assert [p.title for p in page.context["page"]] == ["Trasporto solidale"]


def test_a_comune_without_coordinates_is_left_off_the_map(client, published):
    Comune.objects.filter(name="Bologna").update(latitude=None, longitude=None)
    collection = client.get(reverse("practices:geojson")).json()
    assert names(collection) == ["Welfare di comunità a Pievepelago"]


def test_json_download_is_the_apis_practice_with_its_page(client, published):
    response = client.get(reverse("practices:catalogue"), {"format": "json", "tema": "cura"})
    assert response["Content-Disposition"].startswith('attachment; filename="buone-pratiche-')
    [row] = json.loads(response.content)
    assert (row["title"], row["comune_name"], row["province"]) == (
        "Trasporto solidale",
        "Bologna",
        "BO",
    )
    assert row["url"].startswith("http://testserver/practices/")
    download = client.get(reverse("practices:geojson"), {"download": "1"})
    assert download["Content-Disposition"].endswith('.geojson"')


def test_nothing_unreleased_is_mapped_or_downloaded(client, published, unreleased):
    secret = "Pratica non ancora pubblica"
    for url in (reverse("practices:geojson"), "/api/v1/practices/geojson"):
        collection = client.get(url).json()
        assert secret not in names(collection)
        assert len(collection["features"]) == 2
        assert client.get(url, {"bando": unreleased.pk}).json()["features"] == []
    for fmt in ("json", "csv"):
        body = client.get(reverse("practices:catalogue"), {"format": fmt}).content.decode()
        assert secret not in body
        for review_word in ("feedback", "decision", "score", "accolta"):
            assert review_word not in body
    page = client.get(reverse("practices:map")).content.decode()
    assert secret not in page


def test_api_geojson_is_public_filtered_and_validated(client, published):
    url = "/api/v1/practices/geojson"
    response = client.get(url, {"tema": "cura"})
    assert response.status_code == 200
    [feature] = response.json()["features"]
    assert feature["properties"]["comune_name"] == "Bologna"
    assert feature["geometry"]["type"] == "Point"
    assert client.get(url, {"regione": "Lazio"}).status_code == 422
    assert len(client.get(url, {"regione": "08"}).json()["features"]) == 2


def test_geojson_text_escapes_its_values_and_keeps_the_schema(client, published):
    """The features are written as text, not encoded from dicts: quotes, backslashes and
    accents in a title must come back as they were, in the shape the API promises."""
    title = 'Il "pane" \\ di città\tnuovo'
    Practice.objects.filter(title="Trasporto solidale").update(title=title)
    pages = (
        (reverse("practices:geojson"), "application/geo+json"),
        ("/api/v1/practices/geojson", "application/json"),  # what the API's schema documents
    )
    for url, content_type in pages:
        response = client.get(url, {"tema": "cura"})
        assert response["Content-Type"] == content_type
        collection = FeatureCollectionOut.model_validate(response.json())
        [feature] = collection.features
        assert feature.properties.name == title
        assert feature.properties.themes == ["cura"]
        assert feature.properties.published_on == timezone.localdate()
