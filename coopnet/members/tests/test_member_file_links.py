"""A member's file names the member's organization as a link only if the reader may open it."""

import pytest

from coopnet.core.models import Role
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.members.tests.factories import LegalPersonFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def association_member(org, other_org):
    """A legal-person member of ``org`` that is ``other_org`` in coopnet."""
    person = LegalPersonFactory(organization=org, linked_organization=other_org)
    return member(org, category="persona_giuridica", person=person)


def test_member_file_names_an_organization_the_reader_cannot_open_without_a_link(
    client, admin_user, other_org, association_member
):
    # given the administrator of a cooperative, who holds no role in the member's organization
    client.force_login(admin_user)
    url = f"/o/{association_member.organization.slug}/members/{association_member.pk}/"
    page = client.get(url).content.decode()
    # then the member's file names it, without a link that would answer 404
    assert other_org.short_name in page
    assert f'href="/o/{other_org.slug}/"' not in page
    assert client.get(f"/o/{other_org.slug}/").status_code == 404


def test_member_file_links_an_organization_the_reader_can_open(
    client, admin_user, other_org, association_member
):
    # given the same administrator also holds a role in the member's organization
    RoleAssignmentFactory(organization=other_org, user=admin_user, role=Role.MEMBER)
    client.force_login(admin_user)
    url = f"/o/{association_member.organization.slug}/members/{association_member.pk}/"
    # then the name is a link to its page
    assert f'href="/o/{other_org.slug}/"' in client.get(url).content.decode()
