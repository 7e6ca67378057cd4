"""The office pages: in Italian, a fixed number of queries, outsiders 404."""

import pytest
from django.urls import reverse

from coopnet.energy import services
from coopnet.energy.models import Settlement

from .conftest import DAY, PLANT, SME, TOWN


def _plants(write, n):
    header = (
        "pod;fonte;potenza_kw;data_esercizio;titolare_codice_fiscale;configurazione;"
        "contributo_pct;preesistente\n"
    )
    rows = [f"IT001E0000010{i};eolico;10;01/03/2025;{TOWN};CP-NORD;0;no\n" for i in range(n)]
    return write("altri.csv", header + "".join(rows))


@pytest.mark.parametrize("extra", [0, 6])
def test_the_community_page_lists_with_a_fixed_query_budget(
    client, registered, admin_user, write, django_assert_max_num_queries, extra
):
    if extra:
        path = _plants(write, extra)
        assert services.register_import(organization=registered, actor=None, plants=path).saved
    client.force_login(admin_user)
    with django_assert_max_num_queries(14):  # 3 of them the R-CER-1 check, whatever the size
        page = client.get(reverse("energy:community", args=[registered.slug]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Comunità energetica" in content
    assert PLANT in content
    assert "Lombardia" in content


def test_the_settlement_page_shows_members_and_what_is_missing(
    client, registered, admin_user, prices_file
):
    services.prices_import(organization=registered, actor=None, path=prices_file)
    settlement = services.settlement_run(
        organization=registered, actor=admin_user, first_day=DAY, last_day=DAY
    )
    client.force_login(admin_user)
    page = client.get(reverse("energy:settlement", args=[registered.slug, settlement.pk]))
    content = page.content.decode()
    assert "Provvisoria: mancano dati" in content
    assert SME in content
    assert "23 ore" in content  # no reading at all for that day


def test_outsiders_get_404(client, registered, outsider, prices_file):
    services.prices_import(organization=registered, actor=None, path=prices_file)
    settlement = services.settlement_run(
        organization=registered, actor=None, first_day=DAY, last_day=DAY
    )
    client.force_login(outsider)
    for url in (
        reverse("energy:community", args=[registered.slug]),
        reverse("energy:settlement", args=[registered.slug, settlement.pk]),
    ):
        assert client.get(url).status_code == 404


def test_the_office_settles_a_period_from_the_page(client, registered, admin_user, prices_file):
    services.prices_import(organization=registered, actor=None, path=prices_file)
    client.force_login(admin_user)
    url = reverse("energy:settle", args=[registered.slug])
    day = DAY.isoformat()
    answer = client.post(url, {"first_day": day, "last_day": day})
    settlement = Settlement.objects.for_org(registered).get()
    assert answer.url == reverse("energy:settlement", args=[registered.slug, settlement.pk])
    assert settlement.created_by == admin_user
    refused = client.post(url, {"first_day": day, "last_day": "2026-03-28"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["last_day"] == [
        "La fine del periodo è prima del suo inizio."
    ]


def test_a_coordinator_reads_but_does_not_settle(client, registered, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("energy:community", args=[registered.slug])).status_code == 200
    assert client.get(reverse("energy:settle", args=[registered.slug])).status_code == 404
