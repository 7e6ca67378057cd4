"""Account security: the admin behind the second factor, enrolment by e-mail code, idle
verification, recovery codes, sessions, password change and the office's lost-device reset."""

import base64
import datetime as dt
import re
import time

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coopnet.core.models import AuditEntry, Role, UserSession

from .factories import RoleAssignmentFactory, confirmed_device, current_code, last_email_code

pytestmark = pytest.mark.django_db

SETUP, VERIFY, SECURITY = "/accounts/otp/setup/", "/accounts/otp/verify/", "/accounts/security/"


def verify(client, user):
    """Log in with the password and the app's code; answers the device."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first() or confirmed_device(user)
    response = client.post(VERIFY, {"token": current_code(device), "next": "/"})
    assert response.status_code == 302, response.content
    device.throttle_reset()
    return device


# --- the Django admin -----------------------------------------------------------------------


def test_the_admin_needs_a_verified_second_factor(client, platform_admin):
    client.force_login(platform_admin)
    device = confirmed_device(platform_admin)
    # given a platform admin logged in with the password alone
    response = client.get("/admin/", follow=True)
    # then the admin sends them to the second-factor page, not to its own login form
    assert response.redirect_chain[-1][0] == f"{VERIFY}?next=%2Fadmin%2F"
    # when they type the app's code
    client.post(VERIFY, {"token": current_code(device), "next": "/admin/"})
    # then the admin opens
    assert client.get("/admin/").status_code == 200


def test_the_admin_sends_anonymous_users_to_the_site_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=/admin/")


def test_the_admin_refuses_verified_users_who_are_not_platform_admins(client, admin_user):
    verify(client, admin_user)
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_the_admin_never_shows_a_totp_key(client, platform_admin, hr_user):
    verify(client, platform_admin)
    device = confirmed_device(hr_user)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert str(hr_user) in page
    assert device.key not in page
    assert base64.b32encode(device.bin_key).decode().rstrip("=") not in page
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 403
    config = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/", follow=True)
    assert device.key not in config.content.decode()
    # the platform admin can still remove a lost device
    client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


# --- enrolment and idle time ---------------------------------------------------------------


def test_enrolment_needs_the_code_sent_by_email(client, hr_user):
    client.force_login(hr_user)
    # given only the password: no secret is shown and no device is created
    page = client.get(SETUP).content.decode()
    assert "Mandami il codice" in page
    assert not TOTPDevice.objects.filter(user=hr_user).exists()
    # a made-up code does not open the enrolment
    client.post(SETUP, {"send": "1"})
    wrong = client.post(SETUP, {"token": "000000"})
    assert "non valido" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=hr_user).exists()
    EmailDevice.objects.get(user=hr_user).throttle_reset()  # a wrong code waits a second
    # when they type the code received by e-mail
    assert mail.outbox[-1].to == [hr_user.email]
    code = last_email_code()
    assert client.post(SETUP, {"token": code})["Location"].startswith(SETUP)
    # then the authenticator's secret is shown
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=hr_user, confirmed=False)
    assert base64.b32encode(device.bin_key).decode().rstrip("=") in page


def test_the_enrolment_email_code_cannot_confirm_the_authenticator(client, hr_user):
    """The e-mail device is never a second factor: its code does not verify a session."""
    client.force_login(hr_user)
    client.post(SETUP, {"send": "1"})
    code = last_email_code()
    confirmed_device(hr_user)
    assert client.post(VERIFY, {"token": code}).status_code == 200


@pytest.mark.parametrize(("idle_minutes", "opens"), [(14, True), (16, False)])
def test_a_verification_lapses_after_the_idle_time(
    client, org, hr_user, settings, idle_minutes, opens
):
    settings.COOPNET_OTP_IDLE_MINUTES = 15
    verify(client, hr_user)
    session = client.session
    session["coopnet_otp_seen"] = time.time() - idle_minutes * 60
    session.save()
    response = client.get(f"/o/{org.slug}/workforce/vault/")
    assert (response.status_code == 200) is opens
    if not opens:
        assert response["Location"].startswith(VERIFY)


# --- recovery codes ------------------------------------------------------------------------


def test_recovery_codes_need_a_verified_session(client, hr_user):
    client.force_login(hr_user)
    confirmed_device(hr_user)
    response = client.post("/accounts/security/recovery-codes/")
    assert response["Location"].startswith(VERIFY)
    assert not StaticToken.objects.exists()


def test_recovery_codes_are_shown_once_stored_hashed_and_work_once(client, hr_user):
    verify(client, hr_user)
    page = client.post("/accounts/security/recovery-codes/").content.decode()
    codes = re.findall(r"<li>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</li>", page)
    assert len(codes) == 10
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {c for code in codes for c in (code, code.replace("-", ""))}
    # given a new session without the phone
    other = Client()
    other.force_login(hr_user)
    # a stored hash typed as a code is refused
    assert other.post(VERIFY, {"token": next(iter(stored))}).status_code == 200
    StaticDevice.objects.get(user=hr_user).throttle_reset()
    # a recovery code verifies the session, once
    response = other.post(VERIFY, {"token": codes[0].lower(), "next": SECURITY})
    assert response["Location"] == SECURITY
    assert StaticToken.objects.count() == 9
    assert AuditEntry.objects.filter(action="core.otp.recovery_use").count() == 1
    third = Client()
    third.force_login(hr_user)
    StaticDevice.objects.get(user=hr_user).throttle_reset()
    assert third.post(VERIFY, {"token": codes[0]}).status_code == 200
    # new codes replace the old ones
    client.post("/accounts/security/recovery-codes/")
    assert not StaticToken.objects.filter(token__in=stored).exists()


# --- the security page, sessions and password ---------------------------------------------


def test_the_security_page_is_linked_from_the_profile(client, hr_user):
    client.force_login(hr_user)
    assert 'href="/accounts/security/"' in client.get("/accounts/profile/").content.decode()
    page = client.get(SECURITY).content.decode()
    assert "Non attiva" in page
    assert "questa sessione" in page


def test_log_out_the_other_sessions(client, hr_user):
    phone = Client(HTTP_USER_AGENT="Telefono di prova")
    phone.post("/accounts/login/", {"username": hr_user.email, "password": "password-di-prova"})
    client.force_login(hr_user)
    assert "Telefono di prova" in client.get(SECURITY).content.decode()
    client.post("/accounts/security/sessions/end/")
    assert phone.get("/accounts/profile/")["Location"].startswith("/accounts/login/")
    assert client.get("/accounts/profile/").status_code == 200
    assert UserSession.objects.filter(user=hr_user).count() == 1
    assert "Telefono di prova" not in client.get(SECURITY).content.decode()


def test_changing_the_password_logs_out_the_other_sessions(client, hr_user):
    phone = Client()
    phone.force_login(hr_user)
    client.force_login(hr_user)
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "sbagliata", "new_password1": "x", "new_password2": "x"},
    )
    assert "password" in wrong.content.decode().lower()
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "password-di-prova",
            "new_password1": "Ginestra-2026-nuova",
            "new_password2": "Ginestra-2026-nuova",
        },
    )
    assert response["Location"] == SECURITY
    assert client.get("/accounts/profile/").status_code == 200
    assert phone.get("/accounts/profile/")["Location"].startswith("/accounts/login/")


# --- the lost-device procedure -------------------------------------------------------------


def reset_url(org, user):
    return f"/o/{org.slug}/people/{user.pk}/second-factor/reset/"


def test_the_office_resets_a_colleagues_lost_second_factor(client, org, admin_user, hr_user):
    # given a colleague whose session was verified with the phone now lost
    colleague = Client()
    verify(colleague, hr_user)
    assert colleague.get(f"/o/{org.slug}/workforce/vault/").status_code == 200
    verify(client, admin_user)
    people = client.get(f"/o/{org.slug}/people/").content.decode()
    assert reset_url(org, hr_user) in people
    # the office is told what will happen before anything does
    page = client.get(reset_url(org, hr_user)).content.decode()
    assert "smetteranno di funzionare" in page
    assert TOTPDevice.objects.filter(user=hr_user).exists()
    # when it confirms
    response = client.post(reset_url(org, hr_user))
    # then the device is gone, the reset is audited and the colleague's session lost the factor
    assert response["Location"] == f"/o/{org.slug}/people/"
    assert not TOTPDevice.objects.filter(user=hr_user).exists()
    entry = AuditEntry.objects.get(action="core.otp.reset")
    assert (entry.actor, entry.organization, entry.object_id) == (admin_user, org, str(hr_user.pk))
    assert colleague.get(f"/o/{org.slug}/workforce/vault/")["Location"].startswith(SETUP)


def test_the_office_acts_with_its_own_second_factor(client, org, admin_user, hr_user):
    confirmed_device(hr_user)
    client.force_login(admin_user)
    confirmed_device(admin_user)
    assert client.post(reset_url(org, hr_user))["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=hr_user).exists()


def test_who_cannot_reset_a_second_factor(
    client, org, admin_user, member_user, outsider, hr_user, platform_admin
):
    confirmed_device(hr_user)
    for user in (member_user, outsider):
        verify(client, user)
        assert client.post(reset_url(org, hr_user)).status_code == 404
    verify(client, admin_user)
    assert client.post(reset_url(org, admin_user)).status_code == 404  # not oneself
    RoleAssignmentFactory(organization=org, user=platform_admin, role=Role.COOP_ADMIN)
    assert client.post(reset_url(org, platform_admin)).status_code == 404
    other = RoleAssignmentFactory(role=Role.HR_TUTOR).user  # another cooperative's staff
    assert client.post(reset_url(org, other)).status_code == 404
    assert TOTPDevice.objects.filter(user=hr_user).exists()


def test_expired_logins_are_forgotten_at_the_next_login(client, hr_user, settings):
    old = UserSession.objects.create(
        user=hr_user,
        session_key="x" * 32,
        created_at=timezone.now() - dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60),
    )
    client.force_login(hr_user)
    assert not UserSession.objects.filter(pk=old.pk).exists()
    assert UserSession.objects.filter(user=hr_user).count() == 1
