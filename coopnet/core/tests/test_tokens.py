"""Personal access tokens: hashed at rest, bound to one organization and role, revocable."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from coopnet.core.models import ApiToken, AuditEntry, Role, RoleAssignment
from coopnet.core.services import api_token_create, api_token_revoke, role_grant, role_revoke
from coopnet.core.tokens import hash_token

pytestmark = pytest.mark.django_db


def auth(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_only_a_hash_is_stored(org, admin_user):
    # when a token is created
    token, secret = api_token_create(
        user=admin_user, organization=org, role=Role.COOP_ADMIN, name="gestionale"
    )
    # then the database holds its SHA-256 and a short public prefix, never the secret
    token.refresh_from_db()
    assert secret.startswith("cn_")
    assert token.token_hash == hash_token(secret)
    assert secret not in {token.token_hash, token.prefix, token.name}
    assert secret.startswith(token.prefix)
    assert len(token.prefix) < len(secret) / 3
    assert secret not in str(AuditEntry.objects.get(action="core.api_token.create").after)


def test_secret_works_and_marks_last_use(client, org, admin_user):
    # given a fresh token, never used
    token, secret = api_token_create(
        user=admin_user, organization=org, role=Role.COOP_ADMIN, name="t"
    )
    assert token.last_used_at is None
    before = timezone.now()
    # when it is used
    response = client.get(f"/api/v1/orgs/{org.slug}", headers=auth(secret))
    # then it authenticates and records when
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at >= before


@pytest.mark.parametrize(
    "header", ["Bearer cn_not-a-real-token", "Bearer ", "Token abc", "cn_abc", "Bearer \x00"]
)
def test_wrong_or_malformed_credentials_are_401(client, org, header):
    response = client.get(f"/api/v1/orgs/{org.slug}", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_revoked_token_gets_401(client, org, admin_user):
    token, secret = api_token_create(
        user=admin_user, organization=org, role=Role.COOP_ADMIN, name="t"
    )
    api_token_revoke(actor=admin_user, token=token)
    response = client.get("/api/v1/orgs", headers=auth(secret))
    assert response.status_code == 401
    assert AuditEntry.objects.filter(action="core.api_token.revoke").count() == 1


def test_token_of_an_inactive_user_gets_401(client, org, admin_user):
    _token, secret = api_token_create(
        user=admin_user, organization=org, role=Role.COOP_ADMIN, name="t"
    )
    admin_user.is_active = False
    admin_user.save()
    assert client.get("/api/v1/orgs", headers=auth(secret)).status_code == 401


def test_token_is_bound_to_its_organization(client, org, other_org, admin_user):
    # given a user who administers two organizations and a token for the first one
    role_grant(actor=None, organization=other_org, user=admin_user, role=Role.COOP_ADMIN)
    _token, secret = api_token_create(
        user=admin_user, organization=org, role=Role.COOP_ADMIN, name="t"
    )
    # when the token reads the second organization, then it is not found
    assert client.get(f"/api/v1/orgs/{org.slug}", headers=auth(secret)).status_code == 200
    assert client.get(f"/api/v1/orgs/{other_org.slug}", headers=auth(secret)).status_code == 404


def test_token_acts_with_its_role_only(client, org, other_org, member_user):
    # given a member who is also consortium staff elsewhere, with a member token
    role_grant(actor=None, organization=other_org, user=member_user, role=Role.CONSORTIUM_STAFF)
    _token, secret = api_token_create(
        user=member_user, organization=org, role=Role.MEMBER, name="t"
    )
    # then the token sees only the organization and role it was made for
    response = client.get("/api/v1/orgs", headers=auth(secret))
    assert [row["slug"] for row in response.json()["items"]] == [org.slug]


def test_cannot_create_a_token_for_a_role_not_held(org, member_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        api_token_create(user=member_user, organization=org, role=Role.COOP_ADMIN, name="t")
    assert "role" in error.value.message_dict
    assert not ApiToken.objects.exists()


def test_token_stops_working_when_the_role_is_revoked(client, org, admin_user, member_user):
    # given a member's token
    _token, secret = api_token_create(
        user=member_user, organization=org, role=Role.MEMBER, name="t"
    )
    assert client.get(f"/api/v1/orgs/{org.slug}", headers=auth(secret)).status_code == 200
    # when the administrator takes the role away
    assignment = RoleAssignment.objects.get(user=member_user, organization=org, role=Role.MEMBER)
    role_revoke(actor=admin_user, assignment=assignment)
    # then the token no longer authenticates
    assert client.get(f"/api/v1/orgs/{org.slug}", headers=auth(secret)).status_code == 401


def test_token_stops_working_when_the_role_disappears_any_other_way(client, org, member_user):
    _token, secret = api_token_create(
        user=member_user, organization=org, role=Role.MEMBER, name="t"
    )
    RoleAssignment.objects.filter(user=member_user).delete()  # e.g. from the Django admin
    assert client.get("/api/v1/orgs", headers=auth(secret)).status_code == 401


def test_token_survives_losing_another_role(client, org, other_org, admin_user):
    role_grant(actor=None, organization=other_org, user=admin_user, role=Role.COOP_ADMIN)
    _token, secret = api_token_create(
        user=admin_user, organization=org, role=Role.COOP_ADMIN, name="t"
    )
    RoleAssignment.objects.filter(organization=other_org).delete()
    assert client.get(f"/api/v1/orgs/{org.slug}", headers=auth(secret)).status_code == 200


# --- the profile page ------------------------------------------------------------------------


def test_profile_creates_a_token_and_shows_the_secret_once(client, org, admin_user):
    # given a logged-in cooperative administrator on their profile
    client.force_login(admin_user)
    page = client.get("/accounts/profile/")
    assert page.status_code == 200
    assert 'data-testid="new-token"' not in page.content.decode()
    # when they create a token for their role in org
    response = client.post(
        "/accounts/profile/", {"name": "gestionale", "grant": f"{org.slug}:{Role.COOP_ADMIN}"}
    )
    # then the page shows the secret, which works, and only its hash is stored
    assert response.status_code == 200
    html = response.content.decode()
    shown = re.search(r'data-testid="new-token">(cn_[^<]+)<', html)
    assert shown is not None
    secret = shown.group(1)
    token = ApiToken.objects.get(user=admin_user)
    assert (token.name, token.organization, token.role) == ("gestionale", org, Role.COOP_ADMIN)
    assert token.token_hash == hash_token(secret)
    assert Client().get("/api/v1/orgs", headers=auth(secret)).status_code == 200
    # and the next visit lists the token by prefix without the secret
    later = client.get("/accounts/profile/").content.decode()
    assert secret not in later
    assert token.prefix in later


def test_profile_offers_only_roles_the_user_holds(client, org, other_org, member_user):
    client.force_login(member_user)
    response = client.post(
        "/accounts/profile/", {"name": "t", "grant": f"{other_org.slug}:{Role.COOP_ADMIN}"}
    )
    assert response.status_code == 200
    assert "grant" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_profile_revokes_a_token(client, org, admin_user):
    token, secret = api_token_create(
        user=admin_user, organization=org, role=Role.COOP_ADMIN, name="t"
    )
    client.force_login(admin_user)
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "revocato" in client.get("/accounts/profile/").content.decode()
    client.logout()  # or the session would authenticate the API call
    assert client.get("/api/v1/orgs", headers=auth(secret)).status_code == 401


def test_cannot_revoke_someone_elses_token(client, org, admin_user, member_user):
    token, _secret = api_token_create(
        user=admin_user, organization=org, role=Role.COOP_ADMIN, name="t"
    )
    client.force_login(member_user)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_profile_needs_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
