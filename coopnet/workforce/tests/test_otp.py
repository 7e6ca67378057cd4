"""The second-factor pages (coopnet.core.views.security) as the vault uses them."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from coopnet.core.tests.factories import confirmed_device, current_code
from coopnet.workforce.models import SensitiveAccess

from .conftest import pass_enrolment_email
from .factories import DisadvantagedStatusFactory

pytestmark = pytest.mark.django_db

SETUP, VERIFY = "/accounts/otp/setup/", "/accounts/otp/verify/"


def test_setup_shows_the_secret_and_an_inline_svg_qr(client, hr_user):
    client.force_login(hr_user)
    pass_enrolment_email(client)
    response = client.get(SETUP, {"next": "/somewhere/"})
    page = response.content.decode()
    device = TOTPDevice.objects.get(user=hr_user, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert secret in page
    match = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert match
    assert b"<svg" in base64.b64decode(match.group(1))
    # the same pending device is shown again on reload
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=hr_user).count() == 1


def test_setup_confirmed_with_a_code_goes_back_to_next_and_opens_the_vault(client, org, hr_user):
    DisadvantagedStatusFactory.create(organization=org, category="alcolista")
    client.force_login(hr_user)
    vault = reverse("workforce:vault", kwargs={"org_slug": org.slug}) + "?purpose=requisiti_381"
    # given the vault sent them to set up a device
    location = client.get(vault)["Location"]
    assert location.startswith(SETUP)
    pass_enrolment_email(client)
    client.get(location)
    device = TOTPDevice.objects.get(user=hr_user)
    # a wrong code is refused
    wrong = client.post(SETUP, {"token": "000000", "next": vault})
    assert wrong.status_code == 200
    assert "non valido" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert not device.confirmed
    device.throttle_reset()  # django-otp makes a wrong code wait a second before the next try
    # when they type the current code
    response = client.post(SETUP, {"token": current_code(device), "next": vault})
    # then the device is confirmed and they are back on the vault, which now opens
    assert response.status_code == 302
    assert response["Location"] == vault
    device.refresh_from_db()
    assert device.confirmed
    page = client.get(vault)
    assert "Persona con dipendenza da alcol" in page.content.decode()
    assert SensitiveAccess.objects.filter(action="lettura").count() == 1


def test_verify_with_the_current_code(client, org, hr_user):
    client.force_login(hr_user)
    device = confirmed_device(hr_user)
    vault = reverse("workforce:vault", kwargs={"org_slug": org.slug})
    location = client.get(vault)["Location"]
    assert location == f"{VERIFY}?next=%2Fo%2F{org.slug}%2Fworkforce%2Fvault%2F"
    assert client.get(location).status_code == 200
    assert client.post(VERIFY, {"token": "12345", "next": vault}).status_code == 200
    response = client.post(VERIFY, {"token": current_code(device), "next": vault})
    assert response["Location"] == vault
    assert client.get(vault).status_code == 200


def test_a_code_is_not_accepted_twice(client, hr_user):
    client.force_login(hr_user)
    device = confirmed_device(hr_user)
    code = current_code(device)
    assert client.post(VERIFY, {"token": code}).status_code == 302
    client.logout()
    client.force_login(hr_user)
    assert client.post(VERIFY, {"token": code}).status_code == 200


def test_setup_cannot_add_a_second_device_without_verifying(client, hr_user):
    client.force_login(hr_user)
    confirmed_device(hr_user)
    response = client.get(SETUP)
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=hr_user).count() == 1


def test_verify_without_a_device_goes_to_setup(client, hr_user):
    client.force_login(hr_user)
    assert client.get(VERIFY)["Location"].startswith(SETUP)


def test_next_must_stay_on_this_site(client, hr_user):
    client.force_login(hr_user)
    device = confirmed_device(hr_user)
    response = client.post(VERIFY, {"token": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_anonymous_users_log_in_first(client):
    assert client.get(SETUP)["Location"].startswith("/accounts/login/")
    assert client.get(VERIFY)["Location"].startswith("/accounts/login/")


def test_a_vault_visit_without_the_second_factor_is_logged_as_refused(client, org, hr_user):
    client.force_login(hr_user)
    confirmed_device(hr_user)
    vault = reverse("workforce:vault", kwargs={"org_slug": org.slug})
    response = client.get(vault, {"purpose": "requisiti_381"})
    assert response["Location"].startswith(VERIFY)
    refusal = SensitiveAccess.objects.get()
    assert (refusal.user, refusal.action, refusal.purpose) == (hr_user, "negato", "requisiti_381")
    assert "secondo fattore" in refusal.detail
