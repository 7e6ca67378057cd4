"""Landing: after login each persona starts where their work is, not on the legal data page."""

import datetime as dt

import pytest

from coopnet.core.models import Affiliation, OrganizationKind, Role
from coopnet.core.permissions import register_landing
from coopnet.core.tests.factories import OrganizationFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "password-di-prova"


@pytest.fixture
def consortium(db):
    return OrganizationFactory(
        slug="il-melo", short_name="Consorzio Il Melo", kind=OrganizationKind.CONSORTIUM
    )


def landing(client, user, **session):
    client.force_login(user)
    if session:
        stored = client.session
        stored.update(session)
        stored.save()
    response = client.get("/")
    assert response.status_code == 302
    return response.url


@pytest.mark.parametrize(
    ("role", "page"),
    [
        (Role.CARER, "care/today/"),
        (Role.MEMBER, "portal/"),
        (Role.COORDINATOR, "care/day/"),
        (Role.HR_TUTOR, "workforce/"),
        (Role.COOP_ADMIN, "members/"),
    ],
)
def test_each_cooperative_role_lands_on_its_work(client, org, role, page):
    # given a person with one role in a cooperative
    user = RoleAssignmentFactory(organization=org, role=role).user
    # when they open the home page
    # then they are sent to the page of their daily work there
    assert landing(client, user) == f"/o/{org.slug}/{page}"


def test_the_role_with_more_duties_decides(client, org):
    # given a coordinator who is also a member of the cooperative
    user = RoleAssignmentFactory(organization=org, role=Role.MEMBER).user
    RoleAssignmentFactory(organization=org, user=user, role=Role.COORDINATOR)
    # then the coordinator's day board comes first
    assert landing(client, user) == f"/o/{org.slug}/care/day/"


def test_consortium_staff_land_on_the_consortium_even_after_visiting_a_member(
    client, consortium, org
):
    # given consortium staff who last looked at an affiliated cooperative
    Affiliation.objects.create(organization=org, group=consortium, start_date=dt.date(2020, 1, 1))
    staff = RoleAssignmentFactory(organization=consortium, role=Role.CONSORTIUM_STAFF).user
    # then home is still the consortium dashboard, where they hold their role
    assert landing(client, staff, current_org=org.slug) == f"/o/{consortium.slug}/consortium/"


def test_platform_admin_lands_on_the_directory(client, platform_admin, org):
    assert landing(client, platform_admin, current_org=org.slug) == "/network/"


def test_the_organization_last_worked_in_wins_among_ones_own(client, org, other_org):
    # given a member of two cooperatives, who last worked in the second one
    user = RoleAssignmentFactory(organization=org, role=Role.MEMBER).user
    RoleAssignmentFactory(organization=other_org, user=user, role=Role.MEMBER)
    assert landing(client, user, current_org=other_org.slug) == f"/o/{other_org.slug}/portal/"
    # and a stale or foreign slug in the session is ignored
    assert landing(client, user, current_org="sconosciuta") == f"/o/{other_org.slug}/portal/"


def test_a_person_without_roles_lands_on_the_directory(client, django_user_model):
    user = django_user_model.objects.create_user("nessuno@example.org", PASSWORD)
    assert landing(client, user) == "/network/"


def test_next_still_wins_over_the_landing(client, org):
    # given a carer following a link to the network page while logged out
    UserFactory(email="operatrice@example.org")  # the factory's password is PASSWORD
    RoleAssignmentFactory(organization=org, user__email="operatrice@example.org", role=Role.CARER)
    response = client.post(
        "/accounts/login/?next=/network/",
        {"username": "operatrice@example.org", "password": PASSWORD},
    )
    # then after login they reach that page, not their visits
    assert response.status_code == 302
    assert response.url == "/network/"


def test_a_role_lands_once():
    with pytest.raises(ValueError, match="registered twice"):
        register_landing(Role.CARER, "network:directory", permission="network.org:read")


def test_switcher_shows_the_affiliate_consortium_staff_are_looking_at(client, consortium, org):
    # given consortium staff on the page of an affiliated cooperative
    Affiliation.objects.create(organization=org, group=consortium, start_date=dt.date(2020, 1, 1))
    staff = RoleAssignmentFactory(organization=consortium, role=Role.CONSORTIUM_STAFF).user
    client.force_login(staff)
    page = client.get(f"/o/{org.slug}/").content.decode()
    # then the switcher shows that cooperative selected, not the consortium
    assert f'<option value="{org.slug}" selected>' in page
    assert f'<option value="{consortium.slug}">' in page


@pytest.mark.parametrize(
    ("role", "page"), [(Role.CARER, "care/today/"), (Role.COORDINATOR, "care/day/")]
)
def test_switching_organization_lands_on_ones_work_there(client, org, other_org, role, page):
    # given a member of one cooperative who works in another one too
    user = RoleAssignmentFactory(organization=org, role=Role.MEMBER).user
    RoleAssignmentFactory(organization=other_org, user=user, role=role)
    client.force_login(user)
    # when they choose the other one in the switcher
    response = client.get("/switch/", {"org": other_org.slug})
    # then they land on their work there, not on its legal data
    assert response.status_code == 302
    assert response.url == f"/o/{other_org.slug}/{page}"
    # and back in the first one, on their member area
    assert client.get("/switch/", {"org": org.slug}).url == f"/o/{org.slug}/portal/"


def test_switching_to_an_organization_without_a_role_there_opens_its_profile(
    client, consortium, org, platform_admin
):
    # given consortium staff, and an affiliated cooperative where they hold no role
    Affiliation.objects.create(organization=org, group=consortium, start_date=dt.date(2020, 1, 1))
    staff = RoleAssignmentFactory(organization=consortium, role=Role.CONSORTIUM_STAFF).user
    client.force_login(staff)
    # then the switcher opens the cooperative's page, and the consortium's dashboard
    assert client.get("/switch/", {"org": org.slug}).url == f"/o/{org.slug}/"
    assert client.get("/switch/", {"org": consortium.slug}).url == (
        f"/o/{consortium.slug}/consortium/"
    )
    # and so it does for the platform admin, who holds no role anywhere
    client.force_login(platform_admin)
    assert client.get("/switch/", {"org": consortium.slug}).url == f"/o/{consortium.slug}/"
