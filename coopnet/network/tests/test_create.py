"""Creating an organization from the product: the platform admin anywhere, consortium staff
for their consortium (the new organization joins it)."""

import datetime as dt

import pytest
from django.utils import timezone

from coopnet.core.models import Affiliation, AuditEntry, Organization, OrganizationKind

pytestmark = pytest.mark.django_db


def _data(**extra):
    return {
        "kind": OrganizationKind.SOCIAL_COOP_B,
        "slug": "il-tornio",
        "short_name": "Il Tornio",
        "legal_name": "Il Tornio cooperativa sociale",
        "seat_comune": "Bologna (BO)",
        "served_comuni": "Imola (BO)",
        "sectors": "38.11.00",
        **extra,
    }


def test_platform_admin_creates_an_organization_from_the_directory(client, platform_admin):
    client.force_login(platform_admin)
    assert 'href="/network/new/"' in client.get("/network/").content.decode()
    response = client.post("/network/new/", _data())
    assert response.status_code == 302
    assert response.url == "/o/il-tornio/"
    created = Organization.objects.get(slug="il-tornio")
    assert str(created.seat_comune) == "Bologna (BO)"
    assert [s.code for s in created.sectors.all()] == ["38.11.00"]
    assert not Affiliation.objects.filter(organization=created).exists()
    assert AuditEntry.objects.filter(action="network.organization.create").count() == 1


def test_only_the_platform_admin_creates_outside_a_consortium(client, admin_user, consortium_staff):
    for user in (admin_user, consortium_staff):
        client.force_login(user)
        assert client.get("/network/new/").status_code == 404
        assert client.post("/network/new/", _data()).status_code == 404
    assert not Organization.objects.filter(slug="il-tornio").exists()


def test_consortium_staff_register_an_affiliate_that_joins_the_consortium(
    client, consortium, consortium_staff
):
    client.force_login(consortium_staff)
    url = f"/o/{consortium.slug}/consortium/new/"
    assert f'href="{url}"' in client.get(f"/o/{consortium.slug}/consortium/").content.decode()
    page = client.get(url)
    # an affiliate is a member organization: no consortium or federation among the kinds
    kinds = [value for value, _label in page.context["form"].fields["kind"].choices]
    assert OrganizationKind.CONSORTIUM not in kinds
    assert OrganizationKind.SOCIAL_COOP_B in kinds
    response = client.post(url, _data())
    # then the new cooperative is affiliated from today, and its page opens for the staff
    assert response.status_code == 302
    assert response.url == "/o/il-tornio/"
    affiliation = Affiliation.objects.get(organization__slug="il-tornio")
    assert affiliation.group == consortium
    assert affiliation.start_date == timezone.localdate()
    assert client.get("/o/il-tornio/").status_code == 200


def test_an_affiliate_joining_later_leads_back_to_the_consortium(
    client, consortium, consortium_staff
):
    client.force_login(consortium_staff)
    url = f"/o/{consortium.slug}/consortium/new/"
    later = timezone.localdate() + dt.timedelta(days=365)
    response = client.post(url, _data(joined_on=later.isoformat()))
    assert response.url == f"/o/{consortium.slug}/consortium/"


def test_errors_name_the_field(client, consortium, consortium_staff, org):
    client.force_login(consortium_staff)
    url = f"/o/{consortium.slug}/consortium/new/"
    response = client.post(url, _data(seat_comune="Atlantide"))
    assert response.status_code == 200
    assert "Comune sconosciuto: Atlantide." in response.context["form"].errors["seat_comune"]
    # a taken address is refused by the service, next to its field
    response = client.post(url, _data(slug=org.slug))
    assert response.status_code == 200
    assert response.context["form"].errors["slug"]
    assert not Organization.objects.filter(short_name="Il Tornio").exists()


def test_others_cannot_register_affiliates(client, consortium, admin_user, consortium_member, org):
    for user in (admin_user, consortium_member):
        client.force_login(user)
        assert client.get(f"/o/{consortium.slug}/consortium/new/").status_code == 404
    # and a cooperative is not a consortium, even for the platform admin's eyes
    assert client.get(f"/o/{org.slug}/consortium/new/").status_code == 404
