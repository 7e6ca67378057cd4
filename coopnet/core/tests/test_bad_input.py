"""Impossible dates, years, months and odd parameters: the answer is a 4xx or the page with the
reason, never a server error."""

import pytest
from django.contrib.messages import get_messages

from coopnet.core.models import Role
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.governance.forms import MeetingForm
from coopnet.workforce.forms import EmploymentFieldsForm

pytestmark = pytest.mark.django_db

BAD_DATES = ["9999-12-31", "0001-01-01", "2025-02-30", "oggi"]
BAD_YEARS = ["99999999999", "0", "1066", "²"]
BAD_MONTHS = ["0000-01", "9999-12", "2025-13", "99999999999-01"]

HOURS = {"start": "2025-06-01", "end": "2025-06-30", "by": "carer"}
PAGES = [
    ("compliance/", "as_of", BAD_DATES),
    ("compliance/trend/", "as_of", BAD_DATES),
    ("meetings/", "year", BAD_YEARS),
    ("meetings/export.csv", "year", BAD_YEARS),
    ("care/day/", "date", BAD_DATES),
    ("care/today/", "date", BAD_DATES),
    ("care/hours/", "start", BAD_DATES),
    ("care/hours/", "end", BAD_DATES),
    ("workforce/volunteers/hours/", "year", BAD_YEARS),
]
API = [
    ("care/visits", "date_from", BAD_DATES),
    ("care/visits", "date_to", BAD_DATES),
    ("care/hours", "month", BAD_MONTHS),
    ("compliance", "as_of", BAD_DATES),
    ("meetings", "year", BAD_YEARS),
]


@pytest.fixture
def staff(org):
    """A user who may open every page above (admin, coordinator, carer)."""
    user = RoleAssignmentFactory(organization=org, role=Role.COOP_ADMIN).user
    for role in (Role.COORDINATOR, Role.CARER, Role.HR_TUTOR):
        RoleAssignmentFactory(organization=org, role=role, user=user)
    return user


def _cases(table):
    return [(path, key, value) for path, key, values in table for value in values]


@pytest.mark.parametrize(("path", "key", "value"), _cases(PAGES))
def test_pages_explain_a_bad_date_year_or_month(client, org, staff, path, key, value):
    client.force_login(staff)
    client.raise_request_exception = False
    query = {**(HOURS if path == "care/hours/" else {}), key: value}
    response = client.get(f"/o/{org.slug}/{path}", query)
    assert response.status_code == 200, response.status_code
    # with the reason: a warning above the page or the filter form's error
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    form = response.context.get("form") if response.context else None
    assert warnings or (form is not None and form.errors)


@pytest.mark.parametrize(("path", "key", "value"), _cases(API))
def test_the_api_answers_422_to_a_bad_date_or_month(client, org, staff, path, key, value):
    client.force_login(staff)
    client.raise_request_exception = False
    response = client.get(f"/api/v1/orgs/{org.slug}/{path}", {key: value})
    assert response.status_code == 422, response.content
    assert key in response.json()["errors"]


@pytest.mark.parametrize("slug", ["a b", "a%2Fb", "à", "x" * 300])
def test_switching_to_an_impossible_organization_is_404(client, staff, slug):
    client.force_login(staff)
    client.raise_request_exception = False
    assert client.get("/switch/", {"org": slug}).status_code == 404


OUT_OF_RANGE = "La data deve essere compresa tra il 01/01/1900 e il 31/12/2100."


def test_an_employment_starting_in_year_1_is_refused_with_the_reason(org):
    form = EmploymentFieldsForm(data={"start_date": "0001-01-01"}, organization=org)
    assert not form.is_valid()
    assert form.errors["start_date"] == [OUT_OF_RANGE]


def test_a_meeting_in_year_9999_is_refused_with_the_reason():
    form = MeetingForm(data={"first_call_at": "9999-12-31T20:00"})
    assert not form.is_valid()
    assert form.errors["first_call_at"] == [OUT_OF_RANGE]


def test_visits_for_9999_are_refused_with_the_reason(client, org, staff):
    client.force_login(staff)
    client.raise_request_exception = False
    response = client.post(
        f"/o/{org.slug}/care/generate/", {"start": "9999-12-30", "end": "9999-12-31"}
    )
    assert response.status_code == 302
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert warnings == [f"Dal: {OUT_OF_RANGE} Al: {OUT_OF_RANGE}"]
