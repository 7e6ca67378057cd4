"""The distribution pages: versions, the confirmation, a distribution and its export, the
reconciliation and the GSE upload; coordinators read, outsiders get 404."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coopnet.energy.models import Distribution, DistributionRule, GseStatement, Settlement

from .conftest import SME
from .test_distribution import GSE_HEADER, YEAR, rule, settlement


def _month(org):
    return settlement(org, dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 31), "9.00", "1.00", "10.000")


def test_a_new_version_from_the_form_and_its_refusal(client, registered, admin_user):
    client.force_login(admin_user)
    url = reverse("energy:rule_new", args=[registered.slug])
    data = {
        "valid_from": "2026-01-01",
        "owners_pct": "20",
        "consumers_pct": "70",
        "fund_pct": "20",
        "fund_purpose": "Famiglie vulnerabili",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert refused.context["form"].errors["fund_pct"] == [
        "Le quote (titolari, consumatori, fondo) sommano a 110%: devono fare 100%."
    ]
    answer = client.post(url, {**data, "fund_pct": "10"})
    assert answer.url == reverse("energy:rules", args=[registered.slug])
    assert DistributionRule.objects.get().created_by == admin_user
    page = client.get(answer.url)
    assert "Famiglie vulnerabili" in page.content.decode()


def test_distributing_asks_once_then_shows_and_exports_the_amounts(client, registered, admin_user):
    rule(registered)
    run = _month(registered)
    client.force_login(admin_user)
    url = reverse("energy:distribute", args=[registered.slug, run.pk])
    confirm = client.get(url)
    assert "Mensile provvisoria" in confirm.content.decode()
    assert not Distribution.objects.exists()
    answer = client.post(url)
    done = Distribution.objects.get()
    assert answer.url == reverse("energy:distribution", args=[registered.slug, done.pk])
    content = client.get(answer.url).content.decode()
    assert "Forno Bianchi srl" in content
    assert "5,25 €" in content
    exported = client.get(answer.url + "?format=csv").content.decode("utf-8-sig")
    assert f"{SME};Forno Bianchi srl;Sì;0,00;5,25;0,00;5,25" in exported
    xlsx = client.get(answer.url + "?format=xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].endswith('.xlsx"')


def test_the_page_names_the_configuration_whose_businesses_were_capped(
    client, registered, admin_user
):
    rule(registered)
    # 4 of 4 kWh shared: 55% of the 90.00 € premium over the threshold, the SME capped
    run = settlement(
        registered, dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 31), "90.00", "10.00", "4.000"
    )
    client.force_login(admin_user)
    client.post(reverse("energy:distribute", args=[registered.slug, run.pk]))
    page = client.get(
        reverse("energy:distribution", args=[registered.slug, Distribution.objects.get().pk])
    )
    assert "R-CER-6, configurazione CP-NORD: alle imprese" in page.content.decode()


def test_a_refused_distribution_goes_back_with_the_reason(client, registered, admin_user):
    run = _month(registered)  # no rule version
    client.force_login(admin_user)
    answer = client.post(reverse("energy:distribute", args=[registered.slug, run.pk]), follow=True)
    assert "Nessuna versione delle regole è in vigore il 01/01/2026." in answer.content.decode()
    assert not Distribution.objects.exists()


def test_the_gse_upload_and_the_reconciliation_page(client, registered, admin_user):
    _month(registered)
    client.force_login(admin_user)
    url = reverse("energy:gse_import", args=[registered.slug])
    bad = SimpleUploadedFile("gse.csv", (GSE_HEADER + "01/2026;CP-X;4;1;0\n").encode())
    refused = client.post(url, {"statement": bad})
    assert refused.status_code == 200
    assert "gse.csv, riga 2: configurazione «CP-X» sconosciuta" in refused.content.decode()
    assert not GseStatement.objects.exists()
    good = SimpleUploadedFile("gse.csv", (GSE_HEADER + "01/2026;CP-NORD;4;9,5;0,04\n").encode())
    answer = client.post(url, {"statement": good})
    assert answer.url == reverse("energy:reconciliation", args=[registered.slug])
    page = client.get(answer.url).content.decode()
    assert "Differisce" in page
    assert "0,50 €" in page  # 9.50 paid by the GSE - 9.00 settled


def test_a_coordinator_reads_but_does_not_write(client, registered, coordinator):
    rule(registered)
    run = _month(registered)
    client.force_login(coordinator)
    for name in ("rules", "reconciliation"):
        assert client.get(reverse(f"energy:{name}", args=[registered.slug])).status_code == 200
    for url in (
        reverse("energy:rule_new", args=[registered.slug]),
        reverse("energy:gse_import", args=[registered.slug]),
        reverse("energy:distribute", args=[registered.slug, run.pk]),
    ):
        assert client.get(url).status_code == 404


def test_outsiders_get_404_on_every_distribution_page(client, registered, outsider):
    rule(registered)
    run = _month(registered)
    from coopnet.energy import services

    done = services.distribution_create(organization=registered, actor=None, settlement=run)
    client.force_login(outsider)
    for url in (
        reverse("energy:rules", args=[registered.slug]),
        reverse("energy:distribution", args=[registered.slug, done.pk]),
        reverse("energy:distribution", args=[registered.slug, done.pk]) + "?format=csv",
        reverse("energy:distribute", args=[registered.slug, run.pk]),
        reverse("energy:reconciliation", args=[registered.slug]),
    ):
        assert client.get(url).status_code == 404


def test_distributing_a_run_without_configurations_says_why_not_500(client, registered, admin_user):
    rule(registered)
    run = _month(registered)
    broken = {k: v for k, v in run.result.items() if k != "configurations"}
    Settlement.objects.filter(pk=run.pk).update(result=broken)
    client.force_login(admin_user)
    url = reverse("energy:distribute", args=[registered.slug, run.pk])
    answer = client.post(url, follow=True)
    assert answer.status_code == 200
    assert answer.redirect_chain == [
        (reverse("energy:settlement", args=[registered.slug, run.pk]), 302)
    ]
    page = answer.content.decode()
    assert f"La ripartizione n. {run.pk} (dal 01/01/2026 al 31/01/2026)" in page
    assert "non contiene «configurations»" in page
    assert not Distribution.objects.exists()
