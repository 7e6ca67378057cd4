"""Dates before the parameter table covers every rule are refused clearly, never a 500."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_api_refuses_a_date_before_the_rules_with_422(client, org, admin_user):
    client.force_login(admin_user)
    response = client.get(f"/api/v1/orgs/{org.slug}/compliance", {"as_of": "1970-01-01"})
    assert response.status_code == 422
    assert "2004" in response.json()["errors"]["as_of"][0]


def test_api_accepts_the_first_supported_date(client, org, admin_user):
    client.force_login(admin_user)
    response = client.get(f"/api/v1/orgs/{org.slug}/compliance", {"as_of": "2004-01-01"})
    assert response.status_code == 200


def test_dashboard_explains_and_shows_today(client, org, admin_user):
    client.force_login(admin_user)
    response = client.get(f"/o/{org.slug}/compliance/", {"as_of": "1999-12-31"})
    assert response.status_code == 200
    assert "dal 01/01/2004" in response.content.decode()


def test_command_refuses_an_early_date(org):
    with pytest.raises(CommandError, match="2004"):
        call_command("compliance", "--org", org.slug, "--as-of", "2003-12-31")


def test_a_rule_whose_law_came_later_does_not_apply(client, org, admin_user):
    # given a date before D.Lgs. 112/2017 (the pay-ratio rule R-IS-4)
    client.force_login(admin_user)
    response = client.get(f"/api/v1/orgs/{org.slug}/compliance", {"as_of": "2010-06-30"})
    # then that rule is not applicable with the reason, and the others still run
    findings = {f["rule"]: f for f in response.json()}
    assert findings["R-IS-4"]["status"] == "not_applicable"
    assert "non era ancora in vigore" in findings["R-IS-4"]["explanation"]
    assert findings["R-CC-2522"]["status"] != "not_applicable"
