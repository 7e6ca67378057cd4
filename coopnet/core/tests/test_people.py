from html import unescape

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from coopnet.core.models import AuditEntry, Role, RoleAssignment, User
from coopnet.core.services import role_revoke

pytestmark = pytest.mark.django_db


def test_admin_invites_a_new_person_who_gets_a_password_link(
    client, org, admin_user, django_capture_on_commit_callbacks
):
    # given a cooperative administrator
    client.force_login(admin_user)
    # when they grant the coordinator role to an unknown e-mail address
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/o/{org.slug}/people/",
            {
                "email": "Nuova.Persona@Example.org",
                "full_name": "Nuova Persona",
                "role": Role.COORDINATOR,
            },
        )
    # then the account exists without a usable password, holds the role, and got the link
    assert response.status_code == 302
    user = User.objects.get(email="nuova.persona@example.org")
    assert not user.has_usable_password()
    assert RoleAssignment.objects.filter(
        user=user, organization=org, role=Role.COORDINATOR
    ).exists()
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(organization=org, action="core.role.grant").count() == 1


def test_granting_an_existing_user_sends_no_mail(client, org, admin_user, member_user):
    client.force_login(admin_user)
    client.post(f"/o/{org.slug}/people/", {"email": member_user.email, "role": Role.CARER})
    assert RoleAssignment.objects.filter(user=member_user, role=Role.CARER).exists()
    assert mail.outbox == []


def test_revoke_role(client, org, admin_user, member_user):
    client.force_login(admin_user)
    assignment = RoleAssignment.objects.get(user=member_user, organization=org)
    response = client.post(f"/o/{org.slug}/people/{assignment.pk}/revoke/")
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.filter(action="core.role.revoke").count() == 1


def test_cannot_revoke_a_role_of_another_organization(client, org, admin_user, outsider):
    client.force_login(admin_user)
    foreign = RoleAssignment.objects.get(user=outsider)
    assert client.post(f"/o/{org.slug}/people/{foreign.pk}/revoke/").status_code == 404
    assert RoleAssignment.objects.filter(pk=foreign.pk).exists()


def test_member_cannot_manage_people(client, org, member_user):
    client.force_login(member_user)
    assert client.get(f"/o/{org.slug}/people/").status_code == 404


def test_people_page_lists_roles_in_constant_queries(
    client, org, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    for i in range(20):
        RoleAssignment.objects.create(
            organization=org, user=User.objects.create_user(f"p{i}@example.org"), role=Role.MEMBER
        )
    with django_assert_max_num_queries(12):
        response = client.get(f"/o/{org.slug}/people/")
    assert response.content.count(b"p1") >= 1
    assert b"p19@example.org" in response.content


# Revoking asks first, and keeps the organization's last administrator


def test_revoke_asks_first_and_says_what_it_means(client, org, admin_user, member_user):
    client.force_login(admin_user)
    assignment = RoleAssignment.objects.get(user=member_user, organization=org)
    url = f"/o/{org.slug}/people/{assignment.pk}/revoke/"
    # the people page links to a confirmation instead of revoking in one click
    assert f'<a href="{url}">' in client.get(f"/o/{org.slug}/people/").content.decode()
    page = unescape(client.get(url).content.decode())
    assert "non può più aprire le pagine di" in page
    assert "token API per questo ruolo smettono di funzionare" in page
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_the_last_admin_cannot_revoke_themselves(client, org, admin_user):
    # given the only administrator of the cooperative
    client.force_login(admin_user)
    assignment = RoleAssignment.objects.get(user=admin_user, organization=org)
    url = f"/o/{org.slug}/people/{assignment.pk}/revoke/"
    # the confirmation page gives the reason and offers no button
    page = unescape(client.get(url).content.decode())
    assert "sei l'ultima persona che può assegnare i ruoli in La Ginestra" in page
    assert 'type="submit">Revoca il ruolo' not in page
    # and a POST is refused with the same reason, the role kept
    response = client.post(url)
    assert response.status_code == 200
    assert "sei l'ultima persona" in unescape(response.content.decode())
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not AuditEntry.objects.filter(action="core.role.revoke").exists()


def test_the_last_admin_cannot_be_revoked_by_the_platform_admin_either(client, org, admin_user):
    # given the platform administrator revoking the cooperative's only administrator
    platform = User.objects.create_superuser("piattaforma@example.org", "x")
    client.force_login(platform)
    assignment = RoleAssignment.objects.get(user=admin_user, organization=org)
    response = client.post(f"/o/{org.slug}/people/{assignment.pk}/revoke/")
    page = unescape(response.content.decode())
    assert f"{admin_user} è l'ultima persona che può assegnare i ruoli" in page
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_an_admin_with_a_colleague_may_revoke_themselves(client, org, admin_user):
    # given a second administrator
    colleague = User.objects.create_user("collega@example.org", "x")
    RoleAssignment.objects.create(organization=org, user=colleague, role=Role.COOP_ADMIN)
    client.force_login(admin_user)
    assignment = RoleAssignment.objects.get(user=admin_user, organization=org)
    response = client.post(f"/o/{org.slug}/people/{assignment.pk}/revoke/")
    # then the role goes, and they are sent home (the people page is no longer theirs)
    assert response.status_code == 302
    assert response.url == "/"
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_an_inactive_admin_does_not_count(client, org, admin_user):
    gone = User.objects.create_user("partito@example.org", "x", is_active=False)
    RoleAssignment.objects.create(organization=org, user=gone, role=Role.COOP_ADMIN)
    client.force_login(admin_user)
    assignment = RoleAssignment.objects.get(user=admin_user, organization=org)
    client.post(f"/o/{org.slug}/people/{assignment.pk}/revoke/")
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_the_service_refuses_the_last_admin(org, admin_user, platform_admin):
    assignment = RoleAssignment.objects.get(user=admin_user, organization=org)
    with pytest.raises(ValidationError) as refused:
        role_revoke(actor=platform_admin, assignment=assignment)
    assert refused.value.code == "last_admin"
