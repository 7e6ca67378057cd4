"""The commons register: an asset needs its comune and one owner, a change of state is
written in its history, pictures and documents are attached, outsiders get 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coopnet.community import selectors, services
from coopnet.community.models import Asset, AssetState

from .conftest import asset_of


def test_an_asset_is_registered_with_its_history(org, comune, municipality):
    asset = asset_of(org, comune, municipality)
    assert asset.owner == "Comune di Pievepelago"
    services.asset_update(
        actor=None, asset=asset, data={**_fields(asset), "state": AssetState.REGENERATING}
    )
    notes = [e.note for e in selectors.asset_history(asset)]
    assert notes == ["Stato: da «Abbandonato» a «In rigenerazione».", "Bene iscritto nel registro."]


def _fields(asset):
    return {f: getattr(asset, f) for f in ("name", "kind", "state", "owner_body", "owner_name",
                                           "comune", "address", "latitude", "longitude",
                                           "description")}  # fmt: skip


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"comune": None}, "comune"),
        ({"owner_body": None}, "owner_name"),
        ({"owner_name": "Diocesi"}, "owner_name"),
        ({"longitude": None}, "longitude"),
        ({"latitude": Decimal("60")}, "latitude"),
    ],
)
def test_a_bad_asset_is_refused_with_the_reason(org, comune, municipality, data, field):
    with pytest.raises(ValidationError) as refused:
        asset_of(org, comune, municipality, **data)
    assert field in refused.value.message_dict
    assert not Asset.objects.exists()


def test_the_owner_body_must_be_a_public_body(org, comune, other_org):
    with pytest.raises(ValidationError) as refused:
        asset_of(org, comune, other_org)
    assert "ente pubblico" in refused.value.message_dict["owner_body"][0]


def test_a_note_in_the_future_is_refused(org, comune, municipality):
    asset = asset_of(org, comune, municipality)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.asset_note(actor=None, asset=asset, date=tomorrow, note="Sopralluogo")
    event = services.asset_note(
        actor=None, asset=asset, date=dt.date(2026, 3, 1), note="Sopralluogo con il Comune"
    )
    assert event.date == dt.date(2026, 3, 1)


def test_a_picture_must_be_an_image(org, comune, municipality):
    asset = asset_of(org, comune, municipality)
    with pytest.raises(ValidationError) as refused:
        services.asset_file_add(
            actor=None,
            asset=asset,
            kind="foto",
            title="",
            upload=SimpleUploadedFile("x.pdf", b"%PDF"),
        )
    assert "JPEG" in refused.value.message_dict["upload"][0]


def test_the_office_registers_an_asset_and_attaches_a_document(
    client, org, comune, municipality, admin_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    response = client.post(
        reverse("community:asset_create", args=[org.slug]),
        {
            "name": "Scuola di Roccapelago",
            "kind": "scuola",
            "state": "abbandonato",
            "owner_name": "Privato",
            "comune": "Pievepelago (MO)",
        },
    )
    asset = Asset.objects.get()
    assert response.url == reverse("community:asset", args=[org.slug, asset.pk])
    url = reverse("community:asset", args=[org.slug, asset.pk])
    client.post(
        url,
        {"action": "file", "kind": "documento", "title": "Perizia",
         "upload": SimpleUploadedFile("perizia.pdf", b"%PDF-1.4")},
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert "Perizia" in page
    assert "Bene iscritto nel registro." in page
    file_url = reverse("community:asset_file", args=[org.slug, asset.files.get().pk])
    download = client.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4"
    download.close()


def test_an_asset_without_a_comune_is_refused_on_the_page(client, org, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("community:asset_create", args=[org.slug]),
        {"name": "Terreno", "kind": "terreno", "state": "abbandonato", "owner_name": "Privato"},
    )
    assert "Questo campo è obbligatorio" in response.content.decode()
    assert not Asset.objects.exists()


def test_a_member_reads_and_an_outsider_gets_404(
    client, org, comune, municipality, member_user, outsider
):
    asset = asset_of(org, comune, municipality)
    url = reverse("community:asset", args=[org.slug, asset.pk])
    client.force_login(member_user)
    assert "Stazione di Pievepelago" in client.get(url).content.decode()
    assert (
        client.post(url, {"action": "note", "date": "2026-01-01", "note": "x"}).status_code == 404
    )
    api = client.get(f"/api/v1/orgs/{org.slug}/commons/assets").json()["items"]
    assert [(a["name"], a["comune_istat"]) for a in api] == [("Stazione di Pievepelago", comune.pk)]
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/orgs/{org.slug}/commons/assets/{asset.pk}").status_code == 404
