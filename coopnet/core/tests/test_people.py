import pytest
from django.core import mail

from coopnet.core.models import AuditEntry, Role, RoleAssignment, User

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
