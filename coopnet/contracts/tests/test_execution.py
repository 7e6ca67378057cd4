"""Execution of a contract: plans linked to it, hours by service type and month from the
checked-out visits, the type B timesheet, statements approved (figures stored) and turned
into one invoice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coopnet.care.services import visits
from coopnet.care.tests.factories import PlanFactory, ServiceTypeFactory, paid_carer
from coopnet.contracts import selectors, services
from coopnet.contracts.models import BidForm, Invoice, StatementState
from coopnet.core.models import Role
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.workforce import vault
from coopnet.workforce.models import SensitiveAccess, SensitiveAccessAction
from coopnet.workforce.tests.factories import EmploymentFactory

from .conftest import awarded, contract, executor, make_tender
from .execution import at, contract_2026, given, line_of, linked_plan, price, record_hours

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
LATER = dt.date(2026, 6, 1)  # "today" for approvals: the months above are over


@pytest.fixture
def agreement(org, comune):
    return contract_2026(org, comune)


@pytest.fixture
def plan(org, agreement):
    return linked_plan(org, agreement)


@pytest.fixture
def carer(org):
    return paid_carer(org)


def minutes_by_service(org, agreement, month):
    figures = selectors.live_figures(org, agreement, month)
    return {s.name: s.paid_minutes for s in figures.services}


# --- hours by month ------------------------------------------------------------------------


def test_a_visit_across_midnight_at_month_end_counts_whole_in_the_month_of_its_day(
    org, agreement, plan, carer
):
    # given a visit checked in on 31 January at 23:00 and out on 1 February at 01:15
    line = line_of(plan, ServiceTypeFactory.create(organization=org, name="Notte"))
    given(line, carer, at(dt.date(2026, 1, 31), 23), at(dt.date(2026, 2, 1), 1, 15))
    # then its 135 real minutes are January's, and February has none
    assert minutes_by_service(org, agreement, JAN) == {"Notte": 135}
    assert minutes_by_service(org, agreement, FEB) == {}


def test_on_the_days_the_clocks_change_the_real_minutes_count(org, agreement, plan, carer):
    line = line_of(plan, ServiceTypeFactory.create(organization=org, name="Assistenza"))
    # 29 March 2026: 01:30 to 03:30 on the wall clock is one real hour (02:00 -> 03:00)
    given(line, carer, at(dt.date(2026, 3, 29), 1, 30), at(dt.date(2026, 3, 29), 3, 30))
    # 25 October 2026: 01:30 to 03:30 on the wall clock is three real hours (03:00 -> 02:00)
    given(line, carer, at(dt.date(2026, 10, 25), 1, 30), at(dt.date(2026, 10, 25), 3, 30))
    assert minutes_by_service(org, agreement, MAR) == {"Assistenza": 60}
    assert minutes_by_service(org, agreement, dt.date(2026, 10, 1)) == {"Assistenza": 180}


def test_several_carers_on_one_day_add_up_by_service_type(org, agreement, plan):
    day = dt.date(2026, 2, 10)
    hygiene = ServiceTypeFactory.create(organization=org, name="Igiene")
    care = ServiceTypeFactory.create(organization=org, name="Assistenza")
    first, second, third = paid_carer(org), paid_carer(org), paid_carer(org)
    hygiene_line = line_of(plan, hygiene)
    # a double visit: two carers on the same line and day, 45 and 50 minutes
    given(hygiene_line, first, at(day, 8), at(day, 8, 45), slot=0)
    given(hygiene_line, second, at(day, 8), at(day, 8, 50), slot=1)
    # a third carer on another service the same day, 90 minutes
    given(line_of(plan, care), third, at(day, 10), at(day, 11, 30))
    figures = selectors.live_figures(org, agreement, FEB)
    assert [(s.name, s.visits, s.paid_minutes) for s in figures.services] == [
        ("Assistenza", 1, 90),
        ("Igiene", 2, 95),
    ]
    assert figures.paid_hours == Decimal("3.08")  # 1.50 + 1.58


def test_only_checked_out_visits_of_linked_plans_count(org, agreement, plan, carer):
    service = ServiceTypeFactory.create(organization=org, name="Assistenza")
    line = line_of(plan, service)
    day = dt.date(2026, 2, 3)
    given(line, carer, at(day, 9), at(day, 10))  # counts: 60
    given(line, paid_carer(org), at(day, 9), None, slot=1)  # still in progress
    visit_far = given(line, carer, at(day + dt.timedelta(days=1), 9), None)
    visits.visit_check_out(actor=None, visit=visit_far, at=at(day + dt.timedelta(days=1), 9))
    # a checked-out visit of a plan not linked to the contract
    other_line = line_of(PlanFactory.create(organization=org), service)
    given(other_line, carer, at(day, 14), at(day, 15))
    figures = selectors.live_figures(org, agreement, FEB)
    assert [(s.visits, s.paid_minutes) for s in figures.services] == [(1, 60)]
    # the zero-minute visit waits for review: it does not count and blocks the approval
    assert figures.to_review == 1


def test_volunteers_minutes_are_shown_apart_and_never_charged(org, agreement, plan):
    from coopnet.care.tests.factories import volunteer_carer

    service = ServiceTypeFactory.create(organization=org, name="Compagnia")
    price(org, agreement, service, "20.00")
    day = dt.date(2026, 2, 5)
    given(line_of(plan, service), volunteer_carer(org), at(day, 9), at(day, 11))
    (figure,) = selectors.live_figures(org, agreement, FEB).services
    assert (figure.paid_minutes, figure.volunteer_minutes, figure.amount) == (0, 120, Decimal(0))


# --- linking --------------------------------------------------------------------------------


def test_a_plan_of_another_organization_is_refused_with_the_reason(org, other_org, agreement):
    foreign = PlanFactory.create(organization=other_org)
    with pytest.raises(ValidationError) as refused:
        services.plan_link(actor=None, organization=org, contract=agreement, plan=foreign)
    assert refused.value.message_dict == {"plan": ["Il piano non è di questa organizzazione."]}


def test_a_closed_contract_takes_no_plan_and_gives_none_back(org, agreement, plan):
    after_end = dt.date(2027, 1, 1)
    with pytest.raises(ValidationError, match="chiuso dal 31/12/2026"):
        services.plan_link(
            actor=None,
            organization=org,
            contract=agreement,
            plan=PlanFactory.create(organization=org),
            today=after_end,
        )
    link = selectors.plan_links(org, agreement).get()
    with pytest.raises(ValidationError, match="chiuso dal 31/12/2026"):
        services.plan_unlink(actor=None, link=link, today=after_end)


def test_a_plan_belongs_to_one_contract_only(org, comune, agreement, plan):
    second = contract_2026(org, comune, cig="111111111")
    with pytest.raises(ValidationError, match="già collegato al contratto"):
        services.plan_link(actor=None, organization=org, contract=second, plan=plan, today=JAN)


def test_an_executor_links_its_plans_to_its_consortium_contract_and_invoices_the_consortium(
    org, comune, consortium, executors
):
    tender = make_tender(consortium, comune)
    held = contract(
        awarded(tender, BidForm.CONSORTIUM, [executor(org)]),
        start_date=JAN,
        end_date=dt.date(2026, 12, 31),
    )
    plan = linked_plan(org, held)
    service = ServiceTypeFactory.create(organization=org, name="Assistenza")
    price(org, held, service, "21.50")
    day = dt.date(2026, 2, 2)
    given(line_of(plan, service), paid_carer(org), at(day, 9), at(day, 11))
    statement = services.statement_create(actor=None, organization=org, contract=held, month=FEB)
    services.statement_approve(actor=None, statement=statement, today=LATER)
    invoice = services.statement_invoice(actor=None, statement=statement)
    assert (invoice.customer, invoice.contract, invoice.cig) == (consortium, None, "000000000A")


# --- statements ----------------------------------------------------------------------------


@pytest.fixture
def february(org, agreement, plan, carer):
    """Two service types with prices, 2 h and 1.5 h given in February."""
    care = ServiceTypeFactory.create(organization=org, name="Assistenza")
    nursing = ServiceTypeFactory.create(organization=org, name="Infermieristica")
    price(org, agreement, care, "21.50")
    price(org, agreement, nursing, "30.00", vat="N4")
    day = dt.date(2026, 2, 9)
    care_visit = given(line_of(plan, care), carer, at(day, 9), at(day, 11))
    given(line_of(plan, nursing), carer, at(day, 12), at(day, 13, 30))
    statement = services.statement_create(
        actor=None, organization=org, contract=agreement, month=dt.date(2026, 2, 17)
    )
    return statement, care_visit


def test_approval_stores_the_figures_so_later_visit_edits_do_not_move_them(org, february):
    statement, care_visit = february
    assert statement.month == FEB
    approved = services.statement_approve(actor=None, statement=statement, today=LATER)
    assert approved.state == StatementState.APPROVED
    # when the visit's check-out is corrected afterwards
    visits.visit_correct_times(
        actor=None,
        visit=care_visit,
        reason="uscita registrata in ritardo",
        checked_out_at=at(dt.date(2026, 2, 9), 10),
    )
    # then the approved statement still says 2 h, while a fresh computation says 1 h
    stored = selectors.statement_figures(selectors.statement(org, statement.pk))
    assert [(s.name, s.paid_hours, s.amount) for s in stored.services] == [
        ("Assistenza", Decimal("2.00"), Decimal("43.00")),
        ("Infermieristica", Decimal("1.50"), Decimal("45.00")),
    ]
    live = selectors.live_figures(org, statement.contract, FEB)
    assert live.services[0].paid_hours == Decimal("1.00")


def test_approval_is_refused_with_the_reasons_before_the_month_ends(org, february):
    statement, _visit = february
    with pytest.raises(ValidationError, match="si approva dal 01/03/2026"):
        services.statement_approve(actor=None, statement=statement, today=dt.date(2026, 2, 28))


def test_approval_needs_a_price_for_every_service_with_paid_hours(org, agreement, plan, carer):
    day = dt.date(2026, 2, 9)
    service = ServiceTypeFactory.create(organization=org, name="Pasti")
    given(line_of(plan, service), carer, at(day, 9), at(day, 10))
    statement = services.statement_create(
        actor=None, organization=org, contract=agreement, month=FEB
    )
    with pytest.raises(ValidationError, match="Manca il prezzo orario nel contratto per: Pasti"):
        services.statement_approve(actor=None, statement=statement, today=LATER)


def test_a_statement_turns_into_one_draft_invoice_and_no_second(org, comune, february):
    statement, _visit = february
    with pytest.raises(ValidationError, match="solo un rendiconto approvato"):
        services.statement_invoice(actor=None, statement=statement)
    services.statement_approve(actor=None, statement=statement, today=LATER)
    invoice = services.statement_invoice(actor=None, statement=statement)
    assert (invoice.customer, invoice.contract, invoice.cig) == (
        comune,
        statement.contract,
        "000000000A",
    )
    assert [
        (line.description, line.quantity, line.unit_price, line.vat_rate, line.natura, line.total)
        for line in invoice.lines.all()
    ] == [
        (
            "Assistenza: ore erogate in 02/2026",
            Decimal("2.00"),
            Decimal("21.50"),
            Decimal(5),
            "",
            Decimal("43.00"),
        ),
        (
            "Infermieristica: ore erogate in 02/2026",
            Decimal("1.50"),
            Decimal("30.00"),
            None,
            "N4",
            Decimal("45.00"),
        ),
    ]
    with pytest.raises(ValidationError, match="già diventato una fattura"):
        services.statement_invoice(actor=None, statement=statement)
    assert Invoice.objects.filter(organization=org).count() == 1


def test_one_statement_per_month(org, agreement, february):
    with pytest.raises(ValidationError) as refused:
        services.statement_create(actor=None, organization=org, contract=agreement, month=FEB)
    assert refused.value.message_dict == {"month": ["Il rendiconto di 02/2026 esiste già."]}


def test_a_month_outside_the_contract_is_refused(org, agreement):
    with pytest.raises(ValidationError, match="fuori dal periodo del contratto"):
        services.statement_create(
            actor=None, organization=org, contract=agreement, month=dt.date(2027, 1, 1)
        )


# --- type B hours and the special-category split --------------------------------------------


@pytest.fixture
def timesheet(org, agreement):
    """Three workers on the contract in February, one of them disadvantaged: 100 h, 30 h."""
    record_hours(org, agreement, FEB, [("40", False), ("30", True), ("30", False)])
    return services.statement_create(actor=None, organization=org, contract=agreement, month=FEB)


def test_the_split_is_refused_to_a_role_without_vault_access_and_the_refusal_logged(org, timesheet):
    coordinator = RoleAssignmentFactory.create(organization=org, role=Role.COORDINATOR).user
    assert selectors.live_figures(org, timesheet.contract, FEB).worked_hours == Decimal(100)
    with pytest.raises(vault.VaultAccessDenied):
        selectors.statement_split(actor=coordinator, statement=timesheet, verified=True)
    (entry,) = SensitiveAccess.objects.for_org(org)
    assert (entry.user, entry.action) == (coordinator, SensitiveAccessAction.DENIED)


def test_the_split_is_shown_to_the_vault_reader_and_the_read_logged_also_once_approved(
    org, timesheet
):
    tutor = RoleAssignmentFactory.create(organization=org, role=Role.HR_TUTOR).user
    assert selectors.statement_split(actor=tutor, statement=timesheet, verified=True) == 30
    approved = services.statement_approve(actor=None, statement=timesheet, today=LATER)
    assert (approved.worked_hours, approved.disadvantaged_hours) == (100, 30)
    assert selectors.statement_split(actor=tutor, statement=approved, verified=True) == 30
    reads = SensitiveAccess.objects.for_org(org).filter(action=SensitiveAccessAction.READ)
    assert [(r.user, r.person, r.purpose) for r in reads] == [(tutor, None, "rendicontazione")] * 2


def test_a_worker_without_employment_in_the_month_is_refused(org, agreement):
    worker = EmploymentFactory.create(organization=org, start_date=dt.date(2026, 3, 1)).person
    with pytest.raises(ValidationError, match="non ha un rapporto di lavoro in 02/2026"):
        services.worked_hours_save(
            actor=None,
            organization=org,
            contract=agreement,
            person=worker,
            month=FEB,
            hours=Decimal(8),
        )


def test_a_two_lot_contract_invoices_each_service_on_its_lot(org, comune, carer):
    # given a contract on two lots (CIG 111111111A and 111111111B), a service on each
    tender = make_tender(org, comune, values=("100000", "50000"), cig="111111111")
    agreement = contract(awarded(tender), start_date=JAN, end_date=dt.date(2026, 12, 31))
    lot_a, lot_b = agreement.lots.order_by("number")
    plan = linked_plan(org, agreement)
    care = ServiceTypeFactory.create(organization=org, name="Assistenza")
    meals = ServiceTypeFactory.create(organization=org, name="Pasti")
    with pytest.raises(ValidationError) as error:
        price(org, agreement, care, "21.50")  # which lot is not guessed
    assert "più lotti" in error.value.message_dict["lot"][0]
    for service, lot in ((care, lot_a), (meals, lot_b)):
        services.price_save(
            actor=None,
            organization=org,
            contract=agreement,
            service_type=service,
            price_per_hour=Decimal(20),
            vat="5",
            lot=lot,
        )
    day = dt.date(2026, 2, 9)
    given(line_of(plan, care), carer, at(day, 9), at(day, 11))
    given(line_of(plan, meals), carer, at(day, 12), at(day, 13))
    statement = services.statement_create(
        actor=None, organization=org, contract=agreement, month=FEB
    )
    services.statement_approve(actor=None, statement=statement, today=LATER)
    # when it is invoiced, each line carries its lot's CIG (the header none)
    invoice = services.statement_invoice(actor=None, statement=statement)
    assert invoice.cig == ""
    assert [(line.description[:5], line.cig) for line in invoice.lines.all()] == [
        ("Assis", lot_a.cig),
        ("Pasti", lot_b.cig),
    ]
