"""Accounts: login by e-mail, logout, password reset, throttling, admin access, navigation."""

import re

import pytest
from django.core import mail

from coopnet.core.models import Role
from coopnet.core.tests.factories import (
    OrganizationFactory,
    RoleAssignmentFactory,
    UserFactory,
    confirmed_device,
    current_code,
)

pytestmark = pytest.mark.django_db

PASSWORD = "password-di-prova"
LOGIN_URL = "/accounts/login/"


@pytest.fixture
def socio(org):
    user = UserFactory(email="socio@example.org")
    RoleAssignmentFactory(organization=org, user=user, role=Role.MEMBER)
    return user


def login(client, email, password=PASSWORD):
    return client.post(LOGIN_URL, {"username": email, "password": password})


def test_login_by_email_goes_to_the_users_organization(client, org, socio):
    # given a member with a password
    # when they log in with their e-mail address
    response = login(client, "socio@example.org")
    # then they are logged in and land on their member area in their organization
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").url == f"/o/{org.slug}/portal/"
    assert int(client.session["_auth_user_id"]) == socio.pk


def test_login_email_is_case_insensitive(client, socio):
    response = login(client, "Socio@Example.ORG")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == socio.pk


def test_wrong_password_shows_an_italian_message(client, socio):
    # when the password is wrong
    response = login(client, socio.email, "sbagliata")
    # then the form is shown again with an error and nobody is logged in
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    errors = response.context["form"].non_field_errors()
    assert errors
    assert "corrett" in errors[0]  # "Inserisci e-mail e password corretti…"
    assert 'class="errorlist"' in response.content.decode()


def test_logout_needs_a_post(client, socio):
    client.force_login(socio)
    # a GET does not log out (links and prefetches must not end a session)
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    # the header's logout button posts
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client, socio):
    # given a member who forgot the password
    # when they ask for a reset
    response = client.post("/accounts/password-reset/", {"email": "socio@example.org"})
    assert response.status_code == 302
    # then they get one e-mail with a link
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["socio@example.org"]
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", str(message.body))
    assert link is not None
    # and the link lets them choose a new password
    form_page = client.get(link.group(1), follow=True)
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "nuova-password-sicura", "new_password2": "nuova-password-sicura"},
    )
    assert done.status_code == 302
    assert done.url == "/accounts/reset/done/"
    # so the new password works and the old one does not
    assert login(client, socio.email, PASSWORD).status_code == 200
    assert login(client, socio.email, "nuova-password-sicura").status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing(client):
    response = client.post("/accounts/password-reset/", {"email": "nessuno@example.org"})
    assert response.status_code == 302  # same answer: does not reveal who has an account
    assert mail.outbox == []


def test_login_is_locked_after_five_failures(client, socio):
    # given four failed attempts
    for _ in range(4):
        assert login(client, socio.email, "sbagliata").status_code == 200
    # when the fifth fails too, the lockout page explains why
    fifth = login(client, socio.email, "sbagliata")
    assert fifth.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in fifth.templates]
    # then the sixth is refused even with the right password
    sixth = login(client, socio.email)
    assert sixth.status_code == 429
    assert "Troppi tentativi di accesso" in sixth.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, socio):
    for _ in range(4):
        login(client, socio.email, "sbagliata")
    assert login(client, socio.email).status_code == 302


def test_django_admin_is_for_platform_admins_only(client, org, platform_admin):
    # given a cooperative administrator who somehow has the is_staff flag
    coop_admin = RoleAssignmentFactory(
        organization=org, role=Role.COOP_ADMIN, user=UserFactory(is_staff=True)
    ).user
    client.force_login(coop_admin)
    # then the admin refuses them (back to the admin login)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert client.get("/admin/core/organization/").status_code == 302
    # while a platform administrator gets in, with the second factor
    client.force_login(platform_admin)
    device = confirmed_device(platform_admin)
    client.post("/accounts/otp/verify/", {"token": current_code(device)})
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/organization/").status_code == 200


def test_navigation_shows_only_what_the_role_allows(client, org, socio, admin_user):
    audit_link = f'href="/o/{org.slug}/audit/"'
    people_link = f'href="/o/{org.slug}/people/"'
    # a member sees the network and their organization, not the activity log or people
    client.force_login(socio)
    page = client.get(f"/o/{org.slug}/").content.decode()
    assert 'href="/network/"' in page
    assert f'href="/o/{org.slug}/"' in page
    assert audit_link not in page
    assert "Registro attività" not in page
    assert people_link not in page
    assert 'href="/admin/"' not in page
    # a cooperative administrator sees both
    client.force_login(admin_user)
    page = client.get(f"/o/{org.slug}/").content.decode()
    assert audit_link in page
    assert "Registro attività" in page
    assert people_link in page
    assert 'href="/admin/"' not in page


def test_switcher_lists_the_users_organizations(client, org, socio):
    # given a member of two organizations and an organization they have nothing to do with
    second = OrganizationFactory(slug="seconda", short_name="Seconda Coop")
    OrganizationFactory(slug="estranea", short_name="Coop Estranea")
    RoleAssignmentFactory(organization=second, user=socio, role=Role.CARER)
    client.force_login(socio)
    # when any page is shown
    page = client.get(f"/o/{org.slug}/").content.decode()
    # then the switcher offers exactly their organizations, the current one selected
    switcher = re.search(r'<select id="org-switch".*?</select>', page, re.S)
    assert switcher is not None
    options = re.findall(r'<option value="([^"]+)"', switcher.group(0))
    assert sorted(options) == sorted([org.slug, "seconda"])
    assert f'value="{org.slug}" selected' in switcher.group(0)
    # and choosing one opens their work there (a carer's visits of the day)
    response = client.get("/switch/", {"org": "seconda"})
    assert response.status_code == 302
    assert response.url == "/o/seconda/care/today/"
    assert client.get(response.url).status_code == 200
