"""The compliance API endpoint, called through its router (the lead wires it into /api/v1/)."""

import pytest
from ninja.testing import TestClient

from coopnet.compliance.api import findings_out, router
from coopnet.compliance.rules import RULES
from coopnet.compliance.schemas import FindingOut
from coopnet.core.access import access_for
from coopnet.core.models import Affiliation, OrganizationKind, Role
from coopnet.core.tests.factories import RoleAssignmentFactory

from .conftest import AS_OF, new_org, staff

pytestmark = pytest.mark.django_db
PATH = "/orgs/{slug}/compliance"


@pytest.fixture
def api():
    return TestClient(router)


def test_findings_for_the_day(api, org, admin_user):
    response = api.get(
        PATH.format(slug=org.slug), query_params={"as_of": "2025-06-30"}, user=admin_user
    )
    assert response.status_code == 200
    body = response.json()
    assert [f["rule"] for f in body] == [rule.id for rule in RULES]
    assert {f["as_of"] for f in body} == {"2025-06-30"}
    assert body[0]["status"] == "ok"
    assert body[0]["title"]


def _finding_4b(api, org, user):
    """R-381-4b as the API answers it to ``user`` on ``AS_OF``."""
    response = api.get(
        PATH.format(slug=org.slug), query_params={"as_of": AS_OF.isoformat()}, user=user
    )
    return next(f for f in response.json() if f["rule"] == "R-381-4b")


def test_decimals_are_strings_and_counts_integers(api, coop_b):
    staff(coop_b, 11, disadvantaged=3)
    user = RoleAssignmentFactory(organization=coop_b, role=Role.HR_TUTOR).user
    finding = _finding_4b(api, coop_b, user)
    assert finding["status"] == "warning"
    assert finding["value"] == "0.2727"
    assert finding["threshold"] == "0.3000"
    assert finding["data"]["window_days"] == 365
    assert finding["data"]["share_of_non_disadvantaged"] == "0.3750"


def test_a_bad_date_is_422(api, org, admin_user):
    response = api.get(
        PATH.format(slug=org.slug), query_params={"as_of": "2025-02-31"}, user=admin_user
    )
    assert response.status_code == 422


@pytest.mark.parametrize("persona", ["member_user", "outsider"])
def test_no_permission_is_404(api, org, persona, request):
    user = request.getfixturevalue(persona)
    response = api.get(PATH.format(slug=org.slug), user=user)
    assert response.status_code == 404


def test_findings_out_validate_against_the_schema(org, admin_user):
    access = access_for(admin_user, org)
    assert access is not None
    rows = findings_out(access, AS_OF)
    parsed = [FindingOut.model_validate(row) for row in rows]
    assert parsed[0].rule == "R-381-1b"
    assert parsed[0].as_of == AS_OF


def test_consortium_staff_get_small_disadvantage_counts_hidden(api, coop_b):
    # given an affiliated type B cooperative with 3 disadvantaged workers out of 11
    consortium = new_org(kind=OrganizationKind.CONSORTIUM)
    Affiliation.objects.create(organization=coop_b, group=consortium, start_date=AS_OF)
    staff(coop_b, 11, disadvantaged=3)
    user = RoleAssignmentFactory(organization=consortium, role=Role.CONSORTIUM_STAFF).user
    # when the consortium's staff ask for the findings
    finding = _finding_4b(api, coop_b, user)
    # then R-381-4b keeps its status but neither its value nor its counts
    assert finding["status"] == "warning"
    assert finding["value"] is None
    assert finding["data"]["disadvantaged"] is None
    assert finding["data"]["share_of_non_disadvantaged"] is None
    assert finding["data"]["window_days"] == 365
