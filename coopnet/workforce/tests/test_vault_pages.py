"""The vault's pages behind the second factor, the privacy log, and the pages that must not
show a disadvantage category."""

import datetime as dt

import pytest
from django.urls import reverse

from coopnet.core.tests.factories import confirmed_device
from coopnet.workforce.models import DisadvantageCategory, DisadvantagedStatus, SensitiveAccess

from .factories import DisadvantagedStatusFactory

pytestmark = pytest.mark.django_db

CATEGORY_TEXTS = [str(label) for label in DisadvantageCategory.labels] + list(
    DisadvantageCategory.values
)


# --- the vault behind the second factor ----------------------------------------------------


def vault_url(org, **params):
    url = reverse("workforce:vault", kwargs={"org_slug": org.slug})
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def test_vault_without_permission_is_404_and_logged(client, org, member_user, objects):
    client.force_login(member_user)
    response = client.get(vault_url(org, purpose="requisiti_381"))
    assert response.status_code == 404
    entry = SensitiveAccess.objects.get()
    assert entry.action == "negato"
    assert entry.user == member_user


def test_vault_with_permission_but_no_second_factor_redirects_to_verify(
    client, org, hr_user, objects
):
    client.force_login(hr_user)
    confirmed_device(hr_user)
    url = vault_url(org, purpose="requisiti_381")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/verify/?next=")
    assert "Persona con dipendenza da alcol" not in response.content.decode()
    assert not SensitiveAccess.objects.filter(action="lettura").exists()


def test_vault_without_a_device_redirects_to_setup(client, org, hr_user, objects):
    client.force_login(hr_user)
    response = client.get(vault_url(org))
    assert response["Location"].startswith("/accounts/otp/setup/?next=")


def test_vault_with_second_factor_asks_the_purpose_then_shows_and_logs(
    otp_login, org, hr_user, objects
):
    client = otp_login(hr_user)
    # first the purpose, and nothing is shown or logged yet
    first = client.get(vault_url(org))
    assert first.status_code == 200
    assert "Persona con dipendenza da alcol" not in first.content.decode()
    assert not SensitiveAccess.objects.exists()
    # then the list
    response = client.get(vault_url(org, purpose="rendicontazione"))
    assert "Persona con dipendenza da alcol" in response.content.decode()
    entry = SensitiveAccess.objects.get()
    assert (entry.action, entry.purpose, entry.user, entry.person) == (
        "lettura",
        "rendicontazione",
        hr_user,
        objects["person"],
    )


def test_vault_export_is_logged(otp_login, org, hr_user, objects):
    client = otp_login(hr_user)
    response = client.get(vault_url(org, purpose="requisiti_381", format="csv"))
    assert "Persona con dipendenza da alcol" in response.content.decode("utf-8-sig")
    assert SensitiveAccess.objects.get().action == "esportazione"


def test_vault_create_and_edit(otp_login, org, hr_user, person):
    client = otp_login(hr_user)
    create = reverse("workforce:vault_create", kwargs={"org_slug": org.slug})
    data = {
        "purpose": "rapporto_di_lavoro",
        "person": person.pk,
        "category": "disabile_fisico",
        "certifying_body": "INPS",
        "valid_from": "2024-01-01",
    }
    assert client.post(create, data).status_code == 302
    status = DisadvantagedStatus.objects.get()
    edit = reverse("workforce:vault_edit", kwargs={"org_slug": org.slug, "pk": status.pk})
    page = client.get(edit, {"purpose": "rapporto_di_lavoro"})
    assert page.status_code == 200
    assert "INPS" in page.content.decode()
    response = client.post(edit, {**data, "valid_to": "2026-01-01"})
    assert response.status_code == 302
    status.refresh_from_db()
    assert status.valid_to == dt.date(2026, 1, 1)
    assert list(SensitiveAccess.objects.order_by("id").values_list("action", flat=True)) == [
        "modifica",
        "lettura",
        "modifica",
    ]


def test_vault_edit_of_another_organizations_status_is_404(otp_login, org, other_org, hr_user):
    client = otp_login(hr_user)
    theirs = DisadvantagedStatusFactory.create(organization=other_org)
    edit = reverse("workforce:vault_edit", kwargs={"org_slug": org.slug, "pk": theirs.pk})
    assert client.get(edit, {"purpose": "requisiti_381"}).status_code == 404


def test_no_other_page_shows_a_disadvantage_category(otp_login, org, admin_user, objects):
    # given an administrator with every permission and a verified second factor
    client = otp_login(admin_user)
    other = [
        ("dashboard", {}),
        ("employments", {}),
        ("person", {"pk": objects["person"].pk}),
        ("volunteers", {}),
        ("volunteer", {"pk": objects["volunteer"].pk}),
        ("hours_summary", {}),
    ]
    for name, kwargs in other:
        page = client.get(reverse(f"workforce:{name}", kwargs={"org_slug": org.slug, **kwargs}))
        text = page.content.decode()
        for category in CATEGORY_TEXTS:
            assert category not in text, (name, category)
    # the dashboard names whose certificate expires (a logged read), without the category
    dashboard = client.get(reverse("workforce:dashboard", kwargs={"org_slug": org.slug}))
    assert str(objects["person"]) in dashboard.content.decode()
    assert SensitiveAccess.objects.filter(action="lettura", purpose="requisiti_381").exists()


def test_dashboard_without_second_factor_shows_only_counts(client, org, hr_user, objects):
    client.force_login(hr_user)
    response = client.get(reverse("workforce:dashboard", kwargs={"org_slug": org.slug}))
    assert response.context["certificates"] is None
    assert response.context["certificates_count"] == 1
    assert not SensitiveAccess.objects.exists()


# --- the privacy page ---------------------------------------------------------------------


def test_privacy_log_lists_filters_and_exports_with_a_log_row(otp_login, org, admin_user, objects):
    client = otp_login(admin_user)
    client.get(vault_url(org, purpose="requisiti_381"))
    url = reverse("workforce:privacy", kwargs={"org_slug": org.slug})
    page = client.get(url)
    assert page.status_code == 200
    assert "verifica requisiti L. 381/1991" in page.content.decode()
    assert client.get(url, {"action": "negato"}).context["page"].paginator.count == 0
    # an export without a purpose is not made
    refused = client.get(url, {"export": "csv"})
    assert refused["Content-Type"].startswith("text/html")
    response = client.get(url, {"export": "csv", "purpose": "richiesta_interessato"})
    assert response["Content-Type"].startswith("text/csv")
    exported = SensitiveAccess.objects.filter(action="esportazione").get()
    assert exported.purpose == "richiesta_interessato"
    assert "registro" in exported.detail


def test_privacy_log_needs_the_second_factor(client, org, admin_user):
    client.force_login(admin_user)
    url = reverse("workforce:privacy", kwargs={"org_slug": org.slug})
    assert client.get(url)["Location"].startswith("/accounts/otp/setup/")


def test_privacy_log_needs_its_permission(otp_login, org, hr_user):
    client = otp_login(hr_user)
    assert (
        client.get(reverse("workforce:privacy", kwargs={"org_slug": org.slug})).status_code == 404
    )
