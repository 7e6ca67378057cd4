"""The indicators' pages: the office computes and enters figures; others get 404."""

from decimal import Decimal

import pytest
from django.urls import reverse

from coopnet.reporting import services
from coopnet.reporting.models import IndicatorValue

from .fixtures import YEAR, workers

pytestmark = pytest.mark.django_db


def _url(org):
    return reverse("reporting:indicators", args=[org.slug])


def test_the_office_computes_and_reads_the_indicators_in_italian(client, org, admin_user):
    workers(org)
    client.force_login(admin_user)

    answer = client.post(f"{_url(org)}?year={YEAR}")

    assert answer.status_code == 302
    page = client.get(_url(org), {"year": YEAR}).text
    assert "Indicatori del bilancio sociale 2025" in page
    assert "4. Persone che operano per l&#x27;ente" in page
    assert "Rapporto tra retribuzione massima e minima" in page
    assert "1,50 volte" in page  # 30.000 / 20.000
    assert "30.000,00 €" in page
    assert "Calcolato dai dati" in page


def test_a_hand_entry_needs_its_source(client, org, admin_user):
    client.force_login(admin_user)
    url = reverse("reporting:indicator_enter", args=[org.slug, "production_value", YEAR])

    refused = client.post(url, {"value": "1250000", "source": ""})
    assert refused.status_code == 200
    assert "Questo campo è obbligatorio" in refused.text
    negative = client.post(url, {"value": "-1", "source": "Bilancio 2025"})
    assert "Il valore non può essere negativo." in negative.text
    assert not IndicatorValue.objects.exists()

    saved = client.post(url, {"value": "1250000", "source": "Bilancio 2025"})

    assert saved.status_code == 302
    row = IndicatorValue.objects.get(organization=org, key="production_value")
    assert (row.value, row.source) == (Decimal("1250000"), "Bilancio 2025")


def test_computed_indicators_and_bad_years_have_no_entry_page(client, org, admin_user):
    client.force_login(admin_user)
    for key, year in (("workers_total", YEAR), ("no_such", YEAR), ("production_value", 1800)):
        url = reverse("reporting:indicator_enter", args=[org.slug, key, year])
        assert client.get(url).status_code == 404


def test_members_and_outsiders_do_not_see_the_indicators(client, org, member_user, outsider):
    services.indicators_compute(actor=None, organization=org, year=YEAR)
    for user in (member_user, outsider):
        client.force_login(user)
        assert client.get(_url(org)).status_code == 404
        assert client.post(_url(org)).status_code == 404
