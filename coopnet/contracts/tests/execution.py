"""Helpers of the execution tests: a contract of 2026 with a linked care plan, visits given
with real check-in and check-out times, prices and timesheet rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from coopnet.care.models import CarePlan, CarePlanLine, Carer, ServiceType, Visit
from coopnet.care.services import visits
from coopnet.care.tests.factories import LineFactory, PlanFactory, ServiceTypeFactory, VisitFactory
from coopnet.contracts import services
from coopnet.contracts.models import Contract
from coopnet.core.models import Organization
from coopnet.workforce.tests.factories import DisadvantagedStatusFactory, EmploymentFactory

from .conftest import awarded, contract, make_tender

YEAR_START, YEAR_END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime in Europe/Rome."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def contract_2026(
    org: Organization, authority: Organization, cig: str = "000000000", **data: object
) -> Contract:
    """``org``'s contract alone for 2026, on one lot (CIG ``cig`` + A)."""
    tender = make_tender(org, authority, cig=cig)
    return contract(awarded(tender), **{"start_date": YEAR_START, "end_date": YEAR_END, **data})


def linked_plan(org: Organization, agreement: Contract) -> CarePlan:
    plan = PlanFactory.create(organization=org)
    services.plan_link(
        actor=None, organization=org, contract=agreement, plan=plan, today=YEAR_START
    )
    return plan


def line_of(plan: CarePlan, service: ServiceType | None = None) -> CarePlanLine:
    service = service or ServiceTypeFactory.create(organization=plan.organization)
    return LineFactory.create(organization=plan.organization, plan=plan, service_type=service)


def given(
    line: CarePlanLine,
    carer: Carer,
    start: dt.datetime,
    end: dt.datetime | None,
    *,
    slot: int = 0,
) -> Visit:
    """A visit on ``start``'s day, checked in at ``start`` and out at ``end`` (still in
    progress when ``end`` is None)."""
    day = timezone.localtime(start).date()
    visit = VisitFactory.create(line=line, date=day, slot=slot)
    visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=start)
    visits.visit_check_in(actor=None, visit=visit, at=start)
    if end is not None:
        visits.visit_check_out(actor=None, visit=visit, at=end)
    return visit


def price(
    org: Organization, agreement: Contract, service: ServiceType, amount: str, vat: str = "5"
) -> None:
    services.price_save(
        actor=None,
        organization=org,
        contract=agreement,
        service_type=service,
        price_per_hour=Decimal(amount),
        vat=vat,
    )


def record_hours(
    org: Organization, agreement: Contract, month: dt.date, rows: list[tuple[str, bool]]
) -> None:
    """One new worker of ``org`` per row with its hours on the contract in ``month``; a row
    marked True is a worker with a status of disadvantage since 2025."""
    for hours, disadvantaged in rows:
        worker = EmploymentFactory.create(organization=org).person
        if disadvantaged:
            DisadvantagedStatusFactory.create(
                organization=org, person=worker, valid_from=dt.date(2025, 1, 1)
            )
        services.worked_hours_save(
            actor=None,
            organization=org,
            contract=agreement,
            person=worker,
            month=month,
            hours=Decimal(hours),
        )
