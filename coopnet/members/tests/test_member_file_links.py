"""A member's file names the member's organization as a link only if the reader may open it,
and reads like the rest of coopnet: amounts in euros, the activity in Italian."""

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


def test_member_file_shows_euros_and_action_names(client, admin_user, org):
    # given a member who subscribed and paid 40 shares (1,000 euros at 25 each)
    membership = member(org, shares=40)
    client.force_login(admin_user)
    # when the office opens the member's file
    page = client.get(f"/o/{org.slug}/members/{membership.pk}/").content.decode()
    # then the ledger shows euros in the one Italian format
    assert "<td>1.000,00 €</td>" in page
    assert "1000,00" not in page
    # and its activity names each action, not its code
    assert "Quote sottoscritte" in page
    assert "Versamento sul capitale sociale" in page
    assert ">members.shares" not in page
