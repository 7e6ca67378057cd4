"""Beneficiaries, care plans and their lines, visit generation from plans."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coopnet.care.models import Visit, VisitStatus
from coopnet.care.services import care, visits
from coopnet.core.models import AuditEntry
from coopnet.members.models import MemberCategory
from coopnet.members.tests.factories import member

from .factories import (
    BeneficiaryFactory,
    LineFactory,
    PersonFactory,
    PlanFactory,
    ServiceTypeFactory,
    paid_carer,
)

pytestmark = pytest.mark.django_db

LINE = {
    "weekdays": "135",
    "window_start": dt.time(8, 0),
    "window_end": dt.time(10, 0),
    "duration": 60,
    "carers_needed": 1,
    "double_kind": "",
    "min_gap": 0,
    "max_gap": 0,
}


def new_line(actor, plan, **changes):
    """A line like ``LINE`` (but for ``changes``) of a new service type in ``plan``, written
    through the service."""
    service_type = ServiceTypeFactory.create(organization=plan.organization)
    data = {**LINE, "service_type": service_type, **changes}
    return care.care_plan_line_create(actor=actor, plan=plan, data=data)


def generate(actor, org, start, end):
    """The visits of ``org``'s plans from ``start`` to ``end``; how many were created."""
    return visits.visits_generate(actor=actor, organization=org, start=start, end=end)


# --- beneficiaries --------------------------------------------------------------------------


def test_a_beneficiary_is_created_with_coordinates(org, admin_user):
    person = PersonFactory.create(organization=org)
    beneficiary = care.beneficiary_create(
        actor=admin_user,
        organization=org,
        person=person,
        data={
            "address": "Via Indipendenza 1",
            "latitude": Decimal("44.5"),
            "longitude": Decimal("11.34"),
        },
    )
    assert beneficiary.has_coordinates
    assert AuditEntry.objects.filter(action="care.beneficiary.create").count() == 1


def test_coordinates_come_in_pairs(org, admin_user):
    with pytest.raises(ValidationError) as caught:
        care.beneficiary_create(
            actor=admin_user,
            organization=org,
            person=PersonFactory.create(organization=org),
            data={"address": "Via Roma 1", "latitude": Decimal("44.5")},
        )
    assert "longitude" in caught.value.message_dict


def test_a_person_is_a_beneficiary_once(org, admin_user):
    beneficiary = BeneficiaryFactory.create(organization=org)
    with pytest.raises(ValidationError) as caught:
        care.beneficiary_create(
            actor=admin_user, organization=org, person=beneficiary.person, data={"address": "X"}
        )
    assert "person" in caught.value.message_dict


def test_another_organizations_person_is_refused(org, other_org, admin_user):
    with pytest.raises(ValidationError):
        care.beneficiary_create(
            actor=admin_user,
            organization=org,
            person=PersonFactory.create(organization=other_org),
            data={"address": "X"},
        )


def test_only_a_fruitore_membership_of_the_same_person_links(org, admin_user):
    person = PersonFactory.create(organization=org)
    worker = member(org, person=person, category=MemberCategory.LAVORATORE)
    with pytest.raises(ValidationError) as caught:
        care.beneficiary_create(
            actor=admin_user,
            organization=org,
            person=person,
            data={"address": "X", "membership": worker},
        )
    assert "fruitore" in caught.value.message_dict["membership"][0]


# --- plans and lines ------------------------------------------------------------------------


def test_a_line_is_validated(org, admin_user):
    plan = PlanFactory.create(organization=org)
    service_type = ServiceTypeFactory.create(organization=org)
    cases: list[tuple[dict[str, object], str]] = [
        ({"weekdays": ""}, "weekdays"),
        ({"window_end": dt.time(7, 0)}, "window_end"),
        ({"duration": 180}, "duration"),
        ({"carers_needed": 2}, "double_kind"),
        (
            {"carers_needed": 2, "double_kind": "sequential", "min_gap": 30, "max_gap": 10},
            "max_gap",
        ),
    ]
    for change, field in cases:
        with pytest.raises(ValidationError) as caught:
            care.care_plan_line_create(
                actor=admin_user, plan=plan, data={**LINE, "service_type": service_type, **change}
            )
        assert field in caught.value.message_dict, change


def test_a_carer_cannot_be_preferred_and_avoided(org, admin_user):
    plan = PlanFactory.create(organization=org)
    carer = paid_carer(org)
    with pytest.raises(ValidationError) as caught:
        care.care_plan_line_create(
            actor=admin_user,
            plan=plan,
            data={**LINE, "service_type": ServiceTypeFactory.create(organization=org)},
            preferred=[carer],
            avoided=[carer],
        )
    assert "avoided" in caught.value.message_dict


def test_changing_a_line_moves_its_future_open_visits_and_drops_stale_ones(org, admin_user):
    # given a line on Monday, Wednesday and Friday with visits generated for two weeks ahead
    today = timezone.localdate()
    plan = PlanFactory.create(organization=org, start_date=today)
    line = new_line(admin_user, plan, weekdays="1234567")
    generate(admin_user, org, today, today + dt.timedelta(days=13))
    assert Visit.objects.count() == 14
    # when the line moves to 9-11 on Mondays only
    care.care_plan_line_update(
        actor=admin_user,
        line=line,
        data={"weekdays": "1", "window_start": dt.time(9, 0), "window_end": dt.time(11, 0)},
    )
    # then only the Mondays remain, at the new time
    remaining = list(Visit.objects.all())
    assert len(remaining) == 2
    assert {v.date.isoweekday() for v in remaining} == {1}
    assert {v.window_start for v in remaining} == {dt.time(9, 0)}


def test_a_line_with_given_visits_is_not_deleted(org, admin_user):
    line = LineFactory.create(organization=org)
    Visit.objects.create(
        organization=org,
        line=line,
        beneficiary=line.plan.beneficiary,
        service_type=line.service_type,
        date=dt.date(2020, 2, 3),
        window_start=line.window_start,
        window_end=line.window_end,
        duration=60,
        status=VisitStatus.CANCELLED,
        reason="x",
    )
    with pytest.raises(ValidationError):
        care.care_plan_line_delete(actor=admin_user, line=line)


# --- generation -----------------------------------------------------------------------------


def test_generation_follows_the_weekly_pattern_and_is_idempotent(org, admin_user):
    # given a plan from 2 June 2025 (a Monday) with a line on Monday, Wednesday and Friday
    plan = PlanFactory.create(
        organization=org, start_date=dt.date(2025, 6, 2), end_date=dt.date(2025, 6, 30)
    )
    new_line(admin_user, plan)
    # when two weeks are generated
    created = generate(admin_user, org, dt.date(2025, 6, 1), dt.date(2025, 6, 14))
    # then six visits exist, on the right days, waiting for a carer
    assert created == 6
    rows = Visit.objects.order_by("date")
    assert [v.date.isoweekday() for v in rows] == [1, 3, 5, 1, 3, 5]
    assert {v.status for v in rows} == {VisitStatus.PLANNED}
    # when it runs again over an overlapping range, nothing is created twice
    again = generate(admin_user, org, dt.date(2025, 6, 9), dt.date(2025, 6, 16))
    assert again == 1  # only Monday 16 is new
    assert Visit.objects.count() == 7


def test_a_double_visit_makes_two_slots_and_plans_end(org, admin_user):
    plan = PlanFactory.create(
        organization=org, start_date=dt.date(2025, 6, 2), end_date=dt.date(2025, 6, 3)
    )
    new_line(admin_user, plan, weekdays="1234567", carers_needed=2, double_kind="simultaneous")
    created = generate(admin_user, org, dt.date(2025, 6, 1), dt.date(2025, 6, 10))
    assert created == 4  # two days, two carers each
    assert sorted(Visit.objects.values_list("slot", flat=True)) == [0, 0, 1, 1]


def test_generation_skips_discharged_beneficiaries_and_other_organizations(
    org, other_org, admin_user
):
    LineFactory.create(organization=org, plan__beneficiary__active=False)
    LineFactory.create(organization=other_org)
    created = generate(admin_user, org, dt.date(2025, 6, 2), dt.date(2025, 6, 2))
    assert created == 0


def test_generation_refuses_long_or_backward_ranges(org, admin_user):
    with pytest.raises(ValidationError):
        generate(admin_user, org, dt.date(2025, 6, 2), dt.date(2025, 6, 1))
    with pytest.raises(ValidationError):
        generate(admin_user, org, dt.date(2025, 1, 1), dt.date(2025, 6, 1))
