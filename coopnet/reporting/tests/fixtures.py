"""A cooperative's year 2025 in every app, small enough to count by hand (see each helper)."""

import datetime as dt
from decimal import Decimal
from typing import cast

from django.utils import timezone

from coopnet.care.tests.factories import (
    BeneficiaryFactory,
    CarerFactory,
    LineFactory,
    PlanFactory,
    VisitFactory,
)
from coopnet.compliance.tests.factories import (
    DisadvantagedStatusFactory,
    EmploymentFactory,
    MembershipFactory,
    ShareTransactionFactory,
    VolunteerFactory,
)
from coopnet.contracts.models import DocumentType, Invoice, InvoiceLine, InvoiceState
from coopnet.core.models import OrganizationKind
from coopnet.core.tests.factories import new_org
from coopnet.members.models import MemberCategory, MembershipStatus, PersonKind
from coopnet.workforce.models import (
    ContractType,
    ExpenseReimbursement,
    HoursStatus,
    Volunteer,
    VolunteerHours,
)

YEAR = 2025


def members(org):
    """At 31/12: 3 worker members (2 F, 1 M), 1 user member admitted in 2025 (sex not
    recorded), 1 legal person; 1 left in 2025, 1 applicant. Capital: 125 subscribed, 65 paid
    (a 2026 subscription is not counted)."""
    first = MembershipFactory(organization=org, person__sex="F")
    MembershipFactory(organization=org, person__sex="F")
    MembershipFactory(organization=org, person__sex="M")
    MembershipFactory(
        organization=org, category=MemberCategory.FRUITORE, admitted_on=dt.date(2025, 3, 1)
    )
    MembershipFactory(
        organization=org,
        category=MemberCategory.PERSONA_GIURIDICA,
        person__kind=PersonKind.LEGAL,
        person__surname="",
        person__denomination="Fondazione Esempio",
    )
    MembershipFactory(
        organization=org,
        status=MembershipStatus.WITHDRAWN,
        person__sex="M",
        ended_on=dt.date(2025, 5, 10),
    )
    MembershipFactory(
        organization=org, status=MembershipStatus.APPLIED, register_number=None, admitted_on=None
    )
    ShareTransactionFactory(membership=first, paid_delta=Decimal("25"))
    ShareTransactionFactory(
        membership=first,
        date=dt.date(2025, 6, 1),
        subscribed_delta=Decimal("100"),
        paid_delta=Decimal("40"),
    )
    ShareTransactionFactory(membership=first, date=dt.date(2026, 1, 10), subscribed_delta=50)


def workers(org):
    """At 31/12: W1 F 35 y permanent 30.000 €, W2 M 25 y fixed-term from 1/7 20.000 €,
    W3 F 55 y worker member, no CCNL, no pay, disadvantaged. A trainee left on 30/6.
    R-381-4b over 365 days: (365 + 184 + 365) / 365 = 2,50 workers, 1,00 disadvantaged."""
    w1 = EmploymentFactory(
        organization=org,
        person__sex="F",
        person__birth_date=dt.date(1990, 5, 1),
        ccnl="Cooperative sociali",
        gross_annual_pay=Decimal("30000"),
    )
    EmploymentFactory(
        organization=org,
        person__sex="M",
        person__birth_date=dt.date(2000, 1, 1),
        contract_type=ContractType.FIXED_TERM,
        start_date=dt.date(2025, 7, 1),
        ccnl="Cooperative sociali",
        gross_annual_pay=Decimal("20000"),
    )
    w3 = EmploymentFactory(
        organization=org,
        person__sex="F",
        person__birth_date=dt.date(1970, 1, 1),
        contract_type=ContractType.WORKER_MEMBER,
    )
    DisadvantagedStatusFactory(organization=org, person=w3.person)
    EmploymentFactory(
        organization=org, contract_type=ContractType.TRAINEE, end_date=dt.date(2025, 6, 30)
    )
    return w1.person


def volunteers(org):
    """2 volunteers in 2025 (one from 2026 is not), 3,5 approved hours, 35,50 € reimbursed
    of which 15,50 € self-certified, to 2 volunteers."""
    v1 = cast(Volunteer, VolunteerFactory(organization=org))
    v2 = cast(
        Volunteer,
        VolunteerFactory(
            organization=org, start_date=dt.date(2025, 2, 1), end_date=dt.date(2025, 3, 1)
        ),
    )
    VolunteerFactory(organization=org, start_date=dt.date(2026, 2, 1))
    for day, hours, status in (
        (dt.date(2025, 4, 1), "3.5", HoursStatus.APPROVED),
        (dt.date(2025, 4, 2), "2", HoursStatus.PROPOSED),
        (dt.date(2024, 12, 31), "1.5", HoursStatus.APPROVED),
    ):
        VolunteerHours.objects.create(
            organization=org, volunteer=v1, date=day, hours=Decimal(hours), status=status
        )
    for volunteer, day, amount, self_certified in (
        (v1, dt.date(2025, 4, 1), "20", False),
        (v1, dt.date(2025, 5, 1), "10", True),
        (v2, dt.date(2025, 2, 10), "5.50", True),
    ):
        ExpenseReimbursement.objects.create(
            organization=org,
            volunteer=volunteer,
            date=day,
            amount=Decimal(amount),
            self_certified=self_certified,
            description="Viaggio",
        )


def care(org, worker):
    """Visits by ``worker``. «Assistenza»: 3 visits (60 + 30 for X, 45 for Y), 2 people,
    2 h 15 min; «Pasti»: 1 visit of 90 min for X. A missed visit and one waiting for review
    do not count."""
    x, y = BeneficiaryFactory(organization=org), BeneficiaryFactory(organization=org)
    plan_x = PlanFactory(organization=org, beneficiary=x)
    care_x = LineFactory(organization=org, plan=plan_x, service_type__name="Assistenza")
    care_y = LineFactory(
        organization=org,
        plan=PlanFactory(organization=org, beneficiary=y),
        service_type=care_x.service_type,
    )
    meals_x = LineFactory(organization=org, plan=plan_x, service_type__name="Pasti")
    carer = CarerFactory(organization=org, person=worker, kind="retribuito")
    day = dt.date(2025, 6, 2)

    def visit(line, minutes, status="done", **fields):
        start = dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_current_timezone())
        VisitFactory(
            line=line,
            date=day,
            status=status,
            carer=carer,
            planned_start=start,
            delivered_minutes=minutes,
            by_volunteer=False,
            **fields,
        )

    visit(care_x, 60)
    visit(care_x, 30, slot=1)
    visit(care_y, 45)
    visit(meals_x, 90)
    visit(care_y, None, status="missed", slot=1)
    visit(care_y, 500, needs_review=True, slot=2)


def invoices(org):
    """Public bodies 1.000 - 100 (credit note) = 900 €, private 500 € (VAT excluded); a draft
    and a 2024 invoice are not counted."""
    body = new_org(kind=OrganizationKind.PUBLIC_BODY)
    company = new_org(kind=OrganizationKind.COMPANY)
    rows = (
        (body, DocumentType.INVOICE, InvoiceState.ISSUED, dt.date(2025, 3, 1), "1000"),
        (body, DocumentType.CREDIT_NOTE, InvoiceState.ISSUED, dt.date(2025, 4, 1), "100"),
        (company, DocumentType.INVOICE, InvoiceState.ISSUED, dt.date(2025, 5, 1), "500"),
        (company, DocumentType.INVOICE, InvoiceState.DRAFT, None, "999"),
        (body, DocumentType.INVOICE, InvoiceState.ISSUED, dt.date(2024, 12, 1), "777"),
    )
    for n, (customer, kind, state, day, amount) in enumerate(rows, start=1):
        invoice = Invoice.objects.create(
            organization=org,
            customer=customer,
            document_type=kind,
            state=state,
            year=day.year if day else None,
            number=n if day else None,
            issue_date=day,
        )
        InvoiceLine.objects.create(
            organization=org,
            invoice=invoice,
            position=1,
            description="Servizio",
            quantity=1,
            unit_price=Decimal(amount),
            vat_rate=Decimal("5"),
            total=Decimal(amount),
        )


def year_2025(org):
    members(org)
    care(org, workers(org))
    volunteers(org)
    invoices(org)
