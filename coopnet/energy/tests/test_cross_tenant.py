"""An administrator of another organization who puts the community's ids into their own
organization's addresses finds nothing (404): every object is read from the organization in
the address, never by its id alone. (The outsider walk, core/tests/test_outsiders.py, covers
the community's own addresses with ids that do not exist.)"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coopnet.core.tests.factories import bearer
from coopnet.energy import services
from coopnet.energy.models import EnergyMember

from .conftest import CONFIGURATIONS, DAY, PERSON
from .test_distribution import YEAR, rule, settlement

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(registered, admin_user, prices_file, media):
    """A run of the community, a member and an uploaded check."""
    services.prices_import(organization=registered, actor=None, path=prices_file)
    run = services.settlement_run(organization=registered, actor=None, first_day=DAY, last_day=DAY)
    check = services.import_check(
        actor=admin_user,
        organization=registered,
        file="configurations",
        upload=SimpleUploadedFile("c.csv", CONFIGURATIONS.encode(), content_type="text/csv"),
    )
    return {
        "run": run.pk,
        "member": EnergyMember.objects.for_org(registered).get(tax_code=PERSON).pk,
        "check": check.pk,
    }


def test_the_community_ids_under_another_organization_answer_404(client, ids, outsider, other_org):
    # given an administrator of another organization, with their own pages open to them
    client.force_login(outsider)
    slug = other_org.slug
    assert client.get(reverse("energy:community", args=[slug])).status_code == 200
    run, member, check = ids["run"], ids["member"], ids["check"]
    # when they ask their own organization for the community's run, member and upload
    pages = [
        ("energy:settlement", [run]),
        ("energy:statement", [run, member]),
        ("energy:statement_pdf", [run, member]),
        ("energy:distribute", [run]),
        ("energy:import_status", [check]),
    ]
    posts = [
        ("energy:distribute", [run]),
        ("energy:import_confirm", [check]),
        ("energy:import_retry", [check]),
    ]
    # then nothing is found, and nothing is done
    for name, args in pages:
        assert client.get(reverse(name, args=[slug, *args])).status_code == 404, name
    for name, args in posts:
        assert client.post(reverse(name, args=[slug, *args])).status_code == 404, name
    api = f"/api/v1/orgs/{slug}/energy/settlements/{run}"
    assert client.get(api, headers=bearer(outsider, other_org)).status_code == 404


def test_a_distribution_under_another_organization_answers_404(
    client, registered, outsider, other_org
):
    # given a final month of the community shared out to its members
    rule(registered)
    run = settlement(
        registered, dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 31), "9.00", "1.00", "10.000"
    )
    done = services.distribution_create(organization=registered, actor=None, settlement=run)
    # when an administrator of another organization asks their own for it, then it is not there
    client.force_login(outsider)
    url = reverse("energy:distribution", args=[other_org.slug, done.pk])
    assert client.get(url).status_code == 404
    assert client.get(url + "?format=csv").status_code == 404
