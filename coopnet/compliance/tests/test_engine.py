"""The engine: every rule in order, many organizations in a fixed number of queries, trend."""

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coopnet.compliance import engine
from coopnet.compliance.charts import line_chart
from coopnet.compliance.findings import Finding, Level, Status
from coopnet.compliance.rules import RULES, RULES_BY_ID
from coopnet.compliance.rules.common import Measure
from coopnet.core.models import Comune, OrganizationKind, Parameter
from coopnet.members.models import MemberCategory
from coopnet.workforce.models import Branch

from .conftest import AS_OF, members, new_org, staff
from .factories import EmploymentFactory, MembershipFactory, VolunteerFactory

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def _cooperative(kind=OrganizationKind.SOCIAL_COOP_B, size=3):
    org = new_org(kind=kind)
    members(org, size)
    members(org, 1, category=MemberCategory.VOLONTARIO)
    staff(org, size, disadvantaged=1, branch=Branch.B, gross_annual_pay=Decimal("20000"))
    VolunteerFactory(organization=org)
    MembershipFactory(organization=org, exit_requested_on=AS_OF - 10 * DAY)
    return org


def _queries(organizations):
    with CaptureQueriesContext(connection) as ctx:
        engine.run_many(organizations, AS_OF)
    return len(ctx.captured_queries)


def test_run_returns_one_finding_per_rule_in_order(coop_b):
    findings = engine.run(coop_b, AS_OF)
    assert [f.rule for f in findings] == [rule.id for rule in RULES]
    assert all(f.as_of == AS_OF for f in findings)
    assert set(RULES_BY_ID) == {f.rule for f in findings}


def test_run_many_queries_do_not_grow_with_organizations():
    # given two small sets of cooperatives of every kind, the second three times larger
    kinds = [OrganizationKind.SOCIAL_COOP_A, OrganizationKind.SOCIAL_COOP_B]
    kinds += [OrganizationKind.SOCIAL_COOP_AB, OrganizationKind.CONSORTIUM]
    few = [_cooperative(kind) for kind in kinds]
    many = few + [_cooperative(kind, size=6) for kind in kinds * 2]
    # when / then (a warm-up run first, then the same number of queries for both sets)
    _queries(few)
    assert _queries(many) == _queries(few)


def test_run_many_agrees_with_single_runs():
    orgs = [_cooperative(), _cooperative(OrganizationKind.SOCIAL_COOP_AB, size=5)]
    together = engine.run_many(orgs, AS_OF)
    for org in orgs:
        assert together[org.pk] == engine.run(org, AS_OF)
        for rule, finding in zip(RULES, together[org.pk], strict=True):
            assert rule.check(org, AS_OF, None) == finding


def _probe(kinds, status):
    """A rule of ``kinds`` that records each organization it measures."""
    measured = []

    def measure(organization, facts):
        measured.append(organization.pk)
        return Measure(status, Decimal("1"), Decimal("2"), {"n": 1})

    def text(m, as_of):
        return f"{m.data['n']} on {as_of}", "act"

    return replace(RULES[0], kinds=kinds, measure=measure, text=text), measured


def test_the_engine_checks_the_kind_before_measuring(coop_b):
    rule, measured = _probe({OrganizationKind.CONSORTIUM}, Status.OK)
    finding = rule.check(coop_b, AS_OF)
    assert measured == []
    assert finding.status == Status.NOT_APPLICABLE
    assert "tipo di organizzazione" in finding.explanation


def test_a_rule_s_finding_is_its_measure_and_its_text(coop_b):
    rule, measured = _probe({OrganizationKind.SOCIAL_COOP_B}, Status.WARNING)
    finding = rule.check(coop_b, AS_OF)
    assert measured == [coop_b.pk]
    assert (finding.status, finding.value, finding.threshold) == (
        Status.WARNING,
        Decimal("1"),
        Decimal("2"),
    )
    assert (finding.explanation, finding.action) == (f"1 on {AS_OF}", "act")
    assert finding.data == {"n": 1}


def test_a_measure_not_applicable_publishes_no_number(coop_b):
    rule, _measured = _probe({OrganizationKind.SOCIAL_COOP_B}, Status.NOT_APPLICABLE)
    finding = rule.check(coop_b, AS_OF)
    assert (finding.value, finding.threshold, dict(finding.data), finding.action) == (
        None,
        None,
        {},
        "",
    )
    assert finding.explanation == f"1 on {AS_OF}"


def test_a_regional_parameter_overrides_the_national_one(coop_b):
    # given a region that averages over 180 days, and a worker hired 200 days ago
    bologna = Comune.objects.select_related("province").get(istat_code="037006")
    coop_b.seat_comune = bologna
    coop_b.save()
    Parameter.objects.create(
        key="r381.disadvantaged_window_days",
        value=Decimal("180"),
        valid_from=dt.date(2020, 1, 1),
        region_id=bologna.province.region_id,
        source="legge regionale di prova",
    )
    EmploymentFactory(organization=coop_b, start_date=AS_OF - 199 * DAY)
    elsewhere = new_org(kind=OrganizationKind.SOCIAL_COOP_B)
    EmploymentFactory(organization=elsewhere, start_date=AS_OF - 199 * DAY)
    # when
    found = engine.run_many([coop_b, elsewhere], AS_OF)
    # then the regional cooperative counts a full head, the other about half
    by_rule = {pk: {f.rule: f for f in fs} for pk, fs in found.items()}
    assert by_rule[coop_b.pk]["R-381-4b"].data["window_days"] == 180
    assert by_rule[coop_b.pk]["R-381-4b"].data["workers"] == Decimal("1.00")
    assert by_rule[elsewhere.pk]["R-381-4b"].data["workers"] == Decimal("0.55")


def test_an_advisory_finding_is_never_a_violation():
    f = Finding(
        rule="R-X",
        status=Status.VIOLATION,
        value=None,
        threshold=None,
        as_of=AS_OF,
        explanation="",
        level=Level.UNCERTAIN,
    )
    assert f.status == Status.WARNING


def test_finding_data_refuses_objects(coop_b):
    with pytest.raises(TypeError):
        Finding("R-X", Status.OK, None, None, AS_OF, "", data={"who": coop_b})


def test_findings_as_json_are_exact(coop_b):
    staff(coop_b, 11, disadvantaged=3)
    finding = RULES_BY_ID["R-381-4b"].check(coop_b, AS_OF, None)
    data = json.loads(json.dumps(finding.as_json()))
    assert data["status"] == "warning"
    assert data["value"] == "0.2727"
    assert data["data"]["window_days"] == 365
    assert data["as_of"] == "2025-06-30"


def test_month_ends():
    assert engine.month_ends(dt.date(2025, 3, 15), 3) == [
        dt.date(2024, 12, 31),
        dt.date(2025, 1, 31),
        dt.date(2025, 2, 28),
    ]
    assert engine.month_ends(dt.date(2025, 3, 31), 1) == [dt.date(2025, 3, 31)]


def test_trend_follows_hires_and_members(coop_b):
    # given 7 workers for years and 3 disadvantaged hired six months before the as-of day
    staff(coop_b, 7)
    staff(coop_b, 3, disadvantaged=3, start_date=dt.date(2025, 1, 1))
    members(coop_b, 4, admitted_on=dt.date(2024, 6, 1), applied_on=dt.date(2024, 5, 1))
    # when
    points = engine.trend(coop_b, AS_OF)
    # then 24 month ends, disadvantaged share zero before the hires and rising after
    assert len(points) == 24
    assert points[-1].day == AS_OF
    before = next(p for p in points if p.day == dt.date(2024, 12, 31))
    assert before.share_of_workers == 0
    last, previous = points[-1].share_of_workers, points[-2].share_of_workers
    assert last is not None
    assert previous is not None
    assert last > previous > 0
    assert before.members == 4
    assert points[0].members == 0


def test_trend_of_a_type_a_cooperative_has_no_worker_ratios(org):
    points = engine.trend(org, AS_OF)
    assert all(p.share_of_workers is None for p in points)
    assert all(p.volunteer_share is None for p in points)  # no members yet


def test_chart_scales_to_round_numbers():
    chart = line_chart(
        "soci", ["01/2025", "02/2025", "03/2025"], [("soci", "c", [3, None, 5])], percent=False
    )
    assert [t.label for t in chart.y_ticks] == ["0", "3", "6"]
    # a missing value breaks the line in two segments
    assert len(chart.lines[0].segments) == 2
    ratios = line_chart(
        "quote", ["a", "b"], [("D/T", "c", [Decimal("0.3"), Decimal("0.4")])], percent=True
    )
    assert [t.label for t in ratios.y_ticks] == ["0%", "20%", "40%"]
