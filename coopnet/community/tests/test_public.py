"""Public pages of the commons (no login): an asset's page shows only public data, the map's
GeoJSON is scoped to a cooperative, a consortium's members or a region, and residents sign up
to help through a checked, rate-limited form whose rows only the office sees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coopnet.community import selectors, services
from coopnet.community.models import AssetState, Signup
from coopnet.core.models import Affiliation, Comune

from .conftest import asset_of, pact_of

SIGNUP = {
    "name": "Giulia Neri",
    "contact": "giulia.neri@posta.example",
    "offer": "So potare le siepi.",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def fresh_cache(db):
    """The sign-up limit counts in the cache: every test starts from zero."""
    cache.clear()


@pytest.fixture
def station(org, comune, municipality, media):
    """A station in regeneration with a private note, a document, a picture and a sign-up."""
    item = asset_of(org, comune, municipality)
    services.asset_update(
        actor=None,
        asset=item,
        data={**{f: getattr(item, f) for f in ("name", "kind", "owner_body", "owner_name",
              "comune", "address", "latitude", "longitude", "description")},
              "state": AssetState.REGENERATING},
    )  # fmt: skip
    services.asset_note(
        actor=None, asset=item, date=dt.date(2026, 3, 1), note="Chiavi dal custode, 333 1234567"
    )
    files = (("documento", "Polizza infortuni", "p.pdf"), ("foto", "Pensilina", "f.png"))
    for kind, title, name in files:
        upload = SimpleUploadedFile(name, b"\x89PNG" if kind == "foto" else b"%PDF")
        services.asset_file_add(actor=None, asset=item, kind=kind, title=title, upload=upload)
    services.signup_create(
        asset=item, name="Mario Bianchi", contact="+39 333 7654321", offer="Pulizie", consent=True
    )
    return item


def _page(item):
    return reverse("community:public_asset", args=[item.organization.slug, item.pk])


def _geojson(client, slug, **query):
    response = client.get(reverse("community:public_geojson", args=[slug]), query)
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def test_the_public_page_shows_the_asset_and_hides_private_data(client, station):
    # when anyone opens the station's public page, without logging in
    response = client.get(_page(station))
    page = response.content.decode()
    # then it says what the asset is, what is being done, by whom and how to join
    assert response.status_code == 200
    assert "<title>Stazione di Pievepelago · Pievepelago · Beni comuni · coopnet</title>" in page
    assert '<meta name="description" content="Chiusa dal 1990.">' in page
    assert "In rigenerazione" in page
    assert "Comune di Pievepelago" in page
    assert "Se ne occupa La Ginestra" in page
    assert "Pensilina" in page
    assert 'data-testid="signup-form"' in page
    # and never the office's notes, documents nor the residents' contacts
    for private in ("Chiavi dal custode", "333 1234567", "Polizza", "Mario Bianchi", "7654321"):
        assert private not in page
    # the picture is public, the document is not
    picture, document = (station.files.get(kind=k) for k in ("foto", "documento"))
    slug = station.organization.slug
    hidden = reverse("community:public_picture", args=[slug, document.pk])
    assert client.get(hidden).status_code == 404
    shown = client.get(reverse("community:public_picture", args=[slug, picture.pk]))
    assert b"".join(shown.streaming_content) == b"\x89PNG"
    # last: closing a file response ends the request, and on PostgreSQL the test's connection
    shown.close()


def test_a_private_owner_is_not_named(client, org, comune, municipality):
    item = asset_of(org, comune, municipality, owner_body=None, owner_name="Rossi Giuseppe")
    page = client.get(_page(item)).content.decode()
    assert "Rossi Giuseppe" not in page
    assert "Proprietà privata o di un altro ente." in page


def test_the_geojson_holds_public_fields_and_only_mapped_assets(client, station, org, comune):
    # given a second asset without coordinates
    unmapped = asset_of(
        org, comune, None, name="Casello", owner_body=None, owner_name="RFI",
        latitude=None, longitude=None,
    )  # fmt: skip
    # when the cooperative's map is read
    data = _geojson(client, org.slug)
    # then only the station is a point, at [longitude, latitude], with public properties
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [10.6166, 44.2043]}
    assert feature["properties"] == {
        "name": "Stazione di Pievepelago",
        "url": _page(station),
        "summary": "Stazione · In rigenerazione · Pievepelago (MO)",
        "kind": "stazione",
        "state": "in_rigenerazione",
        "organization": "La Ginestra",
    }
    assert "333" not in str(data)
    # and the map page lists both, the unmapped one said so
    page = client.get(reverse("community:public_map", args=[org.slug])).content.decode()
    assert 'data-geojson="/beni-comuni/la-ginestra/mappa.geojson"' in page
    assert "Casello" in page
    assert "non sulla mappa" in page
    assert _geojson(client, org.slug, bene=unmapped.pk)["features"] == []
    assert len(_geojson(client, org.slug, bene=station.pk)["features"]) == 1
    for bad in ("x", "9" * 30):
        assert _geojson(client, org.slug, bene=bad)["features"] == []


def test_a_consortium_map_holds_its_members_today_and_a_region_map_its_territory(
    client, org, other_org, consortium, comune, municipality
):
    # given two cooperatives with an asset each: one a member of the consortium, one no longer
    asset_of(org, comune, municipality)
    florence = Comune.objects.get(name="Firenze")
    asset_of(other_org, florence, municipality, name="Ex scuola di Firenze")
    today = timezone.localdate()
    Affiliation.objects.create(organization=org, group=consortium, start_date=dt.date(2020, 1, 1))
    Affiliation.objects.create(
        organization=other_org, group=consortium, start_date=dt.date(2020, 1, 1),
        end_date=today - dt.timedelta(days=1),
    )  # fmt: skip

    def names(data):
        return sorted(f["properties"]["name"] for f in data["features"])

    # then the consortium's map shows its member's asset only, each cooperative its own
    assert names(_geojson(client, consortium.slug)) == ["Stazione di Pievepelago"]
    assert names(_geojson(client, other_org.slug)) == ["Ex scuola di Firenze"]
    # and a region's map the assets in it, whoever looks after them
    emilia = client.get(reverse("community:region_geojson", args=["08"])).json()
    tuscany = client.get(reverse("community:region_geojson", args=["09"])).json()
    assert names(emilia) == ["Stazione di Pievepelago"]
    assert names(tuscany) == ["Ex scuola di Firenze"]
    page = client.get(reverse("community:region_map", args=["09"])).content.decode()
    assert "Beni comuni in Toscana" in page
    assert client.get(reverse("community:region_map", args=["99"])).status_code == 404
    assert client.get(reverse("community:public_map", args=["nessuna"])).status_code == 404


def test_a_resident_signs_up_and_only_the_office_sees_it(client, station, admin_user, member_user):
    # when a resident offers help from the public page
    response = client.post(_page(station), SIGNUP)
    # then they are thanked, and the cooperative has the row
    assert response.url == _page(station) + "?inviato=1#partecipa"
    assert 'data-testid="signup-sent"' in client.get(response.url).content.decode()
    row = selectors.signups(station).get(name="Giulia Neri")
    assert (row.email, row.phone, row.organization_id) == (
        "giulia.neri@posta.example", "", station.organization_id,
    )  # fmt: skip
    # and the office sees the contacts on the asset's page, a plain member does not
    office = reverse("community:asset", args=[station.organization.slug, station.pk])
    client.force_login(admin_user)
    assert "giulia.neri@posta.example" in client.get(office).content.decode()
    client.force_login(member_user)
    assert "giulia.neri@posta.example" not in client.get(office).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"name": " "}, "name", "Scrivi il tuo nome e cognome."),
        ({"contact": "giulia"}, "contact", "Scrivi un indirizzo e-mail valido o un numero"),
        ({"contact": "12 34"}, "contact", "almeno 6 cifre"),
        ({"offer": ""}, "offer", "Scrivi che cosa puoi fare"),
        ({"consent": ""}, "consent", "serve il consenso al trattamento dei dati"),
    ],
)
def test_a_bad_sign_up_is_refused_naming_the_field(client, station, changes, field, reason):
    response = client.post(_page(station), {**SIGNUP, **changes})
    assert response.status_code == 200
    assert reason in " ".join(response.context["form"].errors[field])
    assert not Signup.objects.filter(name="Giulia Neri").exists()


def test_a_phone_number_is_a_contact(client, station):
    client.post(_page(station), {**SIGNUP, "contact": "+39 051 123456"})
    assert Signup.objects.get(name="Giulia Neri").phone == "+39 051 123456"


def test_a_robot_is_thanked_and_ignored(client, station):
    response = client.post(_page(station), {**SIGNUP, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Signup.objects.filter(name="Giulia Neri").exists()


def test_sign_ups_are_rate_limited_per_address(client, station):
    # given five sign-ups from one address within the hour
    for n in range(5):
        assert client.post(_page(station), {**SIGNUP, "name": f"Vicino {n}"}).status_code == 302
    # when a sixth arrives
    response = client.post(_page(station), SIGNUP)
    # then it is refused with the reason, and nothing is written
    assert response.status_code == 429
    assert "Troppe adesioni" in response.content.decode()
    assert not Signup.objects.filter(name="Giulia Neri").exists()


def test_another_cooperatives_slug_does_not_show_the_asset(client, station, other_org):
    url = reverse("community:public_asset", args=[other_org.slug, station.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, SIGNUP).status_code == 404


@pytest.mark.parametrize("name", ["community:public_map", "community:public_geojson"])
def test_the_map_reads_a_fixed_number_of_queries(client, org, comune, municipality, name):
    url = reverse(name, args=[org.slug])

    def add(count):
        for n in range(count):
            asset_of(org, comune, municipality, name=f"Bene {count}-{n}")

    add(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(5)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_a_pact_shows_its_public_part_only(client, station, municipality):
    # given a pact on the station with the municipality and a resident as parties
    pact = pact_of(station, support_insurance="Polizza RC n. 4455 della cooperativa")
    for role, body, name in (("comune", municipality, ""), ("residente", None, "Lina Verdi")):
        services.party_add(
            actor=None,
            agreement=pact,
            data={"role": role, "body": body, "name": name, "duties": "Apre la sala",
                  "email": "lina@posta.example" if name else "", "phone": ""},
        )  # fmt: skip
    # when anyone opens the public page
    page = client.get(_page(station)).content.decode()
    # then the pact says what is done, with which support, and the parties' duties
    assert "Cura della stazione" in page
    assert "Patto di collaborazione semplice" in page
    assert "Attrezzi e vernici" in page
    assert "Comune o ente pubblico</strong> · Comune di Pievepelago: Apre la sala" in page
    assert "Residente</strong>: Apre la sala" in page
    # and never the resident's name or contacts, nor the insurance
    for private in ("Lina Verdi", "lina@posta.example", "Polizza RC"):
        assert private not in page
