"""Small disadvantage counts are hidden from viewers outside the cooperative's vault roles."""

import datetime as dt
from decimal import Decimal

from coopnet.compliance.findings import Finding, Status
from coopnet.compliance.privacy import for_viewer
from coopnet.core.access import OrgAccess
from coopnet.core.models import Organization, Role
from coopnet.core.permissions import for_affiliates, for_roles

ORG = Organization(slug="coop", short_name="Coop")
OWN_ADMIN = OrgAccess(ORG, frozenset({Role.COOP_ADMIN}), for_roles({Role.COOP_ADMIN}))
CONSORTIUM = OrgAccess(ORG, frozenset(), for_affiliates())


def _members_finding(unjustified: int, rule: str = "R-381-4c") -> Finding:
    return Finding(
        rule=rule,
        status=Status.WARNING,
        value=Decimal(unjustified),
        threshold=Decimal(0),
        as_of=dt.date(2026, 11, 30),
        explanation=f"{unjustified} non sono soci",
        data={"disadvantaged_workers": 12, "not_members_unjustified": unjustified},
    )


def test_one_person_is_hidden_from_the_consortium_but_not_from_the_cooperative():
    finding = _members_finding(1)
    assert for_viewer(finding, OWN_ADMIN) == finding
    hidden = for_viewer(finding, CONSORTIUM)
    assert hidden.status == Status.WARNING
    assert hidden.value is None
    assert dict(hidden.data) == {"disadvantaged_workers": None, "not_members_unjustified": None}
    assert "non sono soci" not in hidden.explanation


def test_counts_of_zero_or_of_five_and_more_stay_visible():
    for count in (0, 5):
        assert for_viewer(_members_finding(count), CONSORTIUM) == _members_finding(count)


def test_other_rules_are_never_redacted():
    finding = _members_finding(1, rule="R-381-2a")
    assert for_viewer(finding, CONSORTIUM) == finding
