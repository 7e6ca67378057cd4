"""The demo cooperative's home care: catalogue, funding, beneficiaries, plans and carers, the
visits of the week, yesterday's and today's schedules from the solver, yesterday's visits given."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from coopnet.care import tasks
from coopnet.care.models import (
    Beneficiary,
    Carer,
    CarerKind,
    FundingContract,
    FundingKind,
    ServiceType,
    Visit,
    VisitStatus,
)
from coopnet.care.services import care, carers, catalogue, planning, visits
from coopnet.core.models import Organization, OrganizationKind
from coopnet.members.models import MemberCategory, Membership

from .context import Cooperative
from .data import FRUITORE_HOMES, HOMES, JOBS, SERVICES, Home, Line

Funding = dict[bool, FundingContract]  # private? -> contract


def seed_care(coop: Cooperative, *, solver_seconds: int) -> None:
    """Everything a coordinator and a carer see on the first morning of the demo."""
    services = _catalogue(coop)
    funding = _funding(coop, services)
    team = _carers(coop)
    for index, home in enumerate(HOMES):
        beneficiary = _beneficiary(coop, index, home)
        _plan(coop, beneficiary, home, services, team, funding[home.private])
    yesterday = coop.days_ago(1)
    coop.report.visits += visits.visits_generate(
        actor=None,
        organization=coop.organization,
        start=yesterday,
        end=coop.today + dt.timedelta(days=6),
    )
    catalogue.scheduling_settings_update(
        actor=None,
        organization=coop.organization,
        data={"time_limit_seconds": solver_seconds, "overtime_allowed": True},
    )
    for day in (yesterday, coop.today):
        _schedule(coop, day)
    _give_visits(coop, yesterday)


def _catalogue(coop: Cooperative) -> dict[str, ServiceType]:
    return {
        service.code: catalogue.service_type_create(
            actor=None,
            organization=coop.organization,
            data={
                "code": service.code,
                "name": service.name,
                "required_qualification": service.qualification,
                "default_duration": service.minutes,
                "volunteer_allowed": service.volunteers,
            },
        )
        for service in SERVICES
    }


def _funding(coop: Cooperative, services: dict[str, ServiceType]) -> Funding:
    """The Comune's accreditation for home care, with its rates, and one family's agreement."""
    comune = coop.comune
    body = Organization.objects.filter(
        kind=OrganizationKind.PUBLIC_BODY, seat_comune=comune
    ).first()
    start = dt.date(coop.today.year - 1, 1, 1)
    public = catalogue.funding_contract_create(
        actor=None,
        organization=coop.organization,
        data={
            "kind": FundingKind.PUBLIC,
            "public_body": body,
            "payer_name": "" if body else f"Comune di {comune}",
            "reference": f"Accreditamento SAD {start.year}-{start.year + 2}, CIG 9F4{start.year}C1",
            "start_date": start,
            "end_date": dt.date(start.year + 2, 12, 31),
            "notes": "Servizio di assistenza domiciliare accreditato (DGR 514/2009).",
        },
    )
    for service in SERVICES:
        if service.price:
            catalogue.contract_rate_set(
                actor=None,
                contract=public,
                service_type=services[service.code],
                price_per_hour=service.price,
            )
    private = catalogue.funding_contract_create(
        actor=None,
        organization=coop.organization,
        data={
            "kind": FundingKind.PRIVATE,
            "payer_name": f"Famiglia {coop.fake.last_name()}",
            "reference": f"Accordo privato n. 3/{coop.today.year}",
            "start_date": coop.days_ago(90),
        },
    )
    catalogue.contract_rate_set(
        actor=None, contract=private, service_type=services["domestico"], price_per_hour=Decimal(23)
    )
    return {False: public, True: private}


def _carers(coop: Cooperative) -> dict[str, list[Carer]]:
    """The workers and volunteers who give visits, grouped by what they may do."""
    team: dict[str, list[Carer]] = {}
    for spec, membership in coop.members:
        if spec.carer is None:
            continue
        volunteer = spec.category == MemberCategory.VOLONTARIO
        (lat, lon), (start, end) = spec.carer.home, spec.carer.shift
        carer = carers.carer_create(
            actor=None,
            organization=coop.organization,
            person=membership.person,
            data={
                "kind": CarerKind.VOLUNTEER if volunteer else CarerKind.PAID,
                "start_latitude": Decimal(str(lat)),
                "start_longitude": Decimal(str(lon)),
                "working_days": spec.carer.days,
                "shift_start": dt.time(start),
                "shift_end": dt.time(end),
                **_lunch(start, end),
                "transport_mode": spec.carer.mode,
            },
        )
        skill = "volontario" if volunteer else JOBS[spec.job].qualification
        team.setdefault(skill, []).append(carer)
    return team


def _lunch(start: int, end: int) -> dict[str, object]:
    """A break of half an hour between 12:00 and 14:00, placed by the scheduler, for the
    carers whose shift is longer than six hours (D.Lgs. 66/2003, art. 8)."""
    if end - start > 6:
        return {
            "lunch_earliest": dt.time(12),
            "lunch_latest": dt.time(14),
            "lunch_minutes": 30,
        }
    return {}


def _beneficiary(coop: Cooperative, index: int, home: Home) -> Beneficiary:
    """The socio fruitore members live in some of the homes; the others are not members."""
    membership: Membership | None = None
    if index in FRUITORE_HOMES:
        fruitori = [m for spec, m in coop.members if spec.category == MemberCategory.FRUITORE]
        membership = fruitori[FRUITORE_HOMES.index(index)]
        person = membership.person
    else:
        given, surname = coop.name()
        person = coop.person(given, surname, born=coop.birth_date(70, 96))
    relative, _surname = coop.name()
    beneficiary = care.beneficiary_create(
        actor=None,
        organization=coop.organization,
        person=person,
        data={
            "membership": membership,
            "address": home.address,
            "comune": coop.comune,
            "latitude": Decimal(str(home.point[0])),
            "longitude": Decimal(str(home.point[1])),
            "family_contacts": f"{relative} {person.surname}, {coop.fake.phone_number()}",
            "needs": home.needs,
        },
    )
    coop.report.beneficiaries += 1
    return beneficiary


def _plan(
    coop: Cooperative,
    beneficiary: Beneficiary,
    home: Home,
    services: dict[str, ServiceType],
    team: dict[str, list[Carer]],
    funding: FundingContract,
) -> None:
    plan = care.care_plan_create(
        actor=None,
        beneficiary=beneficiary,
        data={
            "start_date": coop.days_ago(coop.rng.randint(20, 700)),
            "funding": funding,
            "notes": "Mantenere l'autonomia a domicilio; verifica del piano ogni sei mesi.",
        },
    )
    for line in home.lines:
        care.care_plan_line_create(
            actor=None,
            plan=plan,
            data=_line_data(line, services[line.service]),
            preferred=_preferred(coop, line, services[line.service], team),
        )
    coop.report.plans += 1


def _line_data(line: Line, service: ServiceType) -> dict[str, object]:
    return {
        "service_type": service,
        "weekdays": line.days,
        "window_start": line.window[0],
        "window_end": line.window[1],
        "duration": line.minutes,
        "carers_needed": 2 if line.double else 1,
        "double_kind": line.double,
        "min_gap": 0,
        "max_gap": 60 if line.double else 0,
        "optional": line.optional,
    }


def _preferred(
    coop: Cooperative, line: Line, service: ServiceType, team: dict[str, list[Carer]]
) -> list[Carer]:
    """One carer who may give the service, for continuity; none for double visits."""
    skill = service.required_qualification or ("volontario" if service.volunteer_allowed else "")
    candidates = team.get(skill, [])
    if line.double or not candidates:
        return []
    return [coop.rng.choice(candidates)]


def _schedule(coop: Cooperative, day: dt.date) -> None:
    """A solver run for ``day``, applied as the coordinator would after reviewing it."""
    run = planning.run_create(actor=None, organization=coop.organization, day=day)
    assert run.job_id is not None  # a new run has its job
    tasks.run_schedule.call(run.job_id)
    run.refresh_from_db()
    planning.run_apply(actor=None, run=run)


def _give_visits(coop: Cooperative, day: dt.date) -> None:
    """The carers' check-ins and check-outs of ``day``; one beneficiary was not at home."""
    given = list(
        Visit.objects.filter(
            organization=coop.organization, date=day, status=VisitStatus.SCHEDULED
        ).select_related("service_type", "line")
    )
    missed = next((v for v in given if v.line.carers_needed == 1), None)
    if missed is not None:
        visits.visit_mark_missed(actor=None, visit=missed, reason="L'utente non era in casa.")
        given.remove(missed)
    for visit in given:
        assert visit.planned_start is not None
        arrived = visit.planned_start + dt.timedelta(minutes=coop.rng.randint(-3, 8))
        visits.visit_check_in(actor=None, visit=visit, at=arrived)
        left = arrived + dt.timedelta(minutes=visit.duration + coop.rng.randint(-5, 10))
        visits.visit_check_out(
            actor=None, visit=visit, at=left, tasks_done=f"{visit.service_type.name}: svolto."
        )
