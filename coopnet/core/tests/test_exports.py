"""Every CSV and XLSX download of the project, fed hostile names: no cell may start with a
character a spreadsheet runs as a formula (CSV injection). Names come from public forms."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coopnet.care.services import visits
from coopnet.care.tests.factories import (
    BeneficiaryFactory,
    LineFactory,
    VisitFactory,
    paid_carer,
)
from coopnet.care.tests.factories import PersonFactory as CarePersonFactory
from coopnet.community import services as community_services
from coopnet.contracts.services import invoice_issue
from coopnet.contracts.tests.conftest import billed, draft
from coopnet.core.exports import FORMULA_START, csv_response, escape_formula, xlsx_response
from coopnet.core.models import Affiliation, Organization, OrganizationKind, Role, User
from coopnet.core.tests.factories import (
    OrganizationFactory,
    RoleAssignmentFactory,
    confirmed_device,
    current_code,
)
from coopnet.energy import services as energy_services
from coopnet.energy.models import EnergyMember, Settlement
from coopnet.governance import services as governance_services
from coopnet.governance.tests.factories import first_item, in_session, meeting
from coopnet.members.tests.factories import PersonFactory, member
from coopnet.practices import services as practices_services
from coopnet.practices.tests.conftest import close as close_call
from coopnet.practices.tests.conftest import make_call
from coopnet.practices.tests.conftest import submit as submit_practice
from coopnet.reporting import services as reporting_services
from coopnet.workforce.models import SensitiveAccess
from coopnet.workforce.tests.factories import DisadvantagedStatusFactory, EmploymentFactory

NUMBER = re.compile(r"-?\d+([.,]\d+)*")
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]


def test_the_helper_quotes_every_formula_trigger_and_nothing_else():
    assert [escape_formula(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    harmless = ["Rossi", "-12,50", 3, None, dt.date(2026, 1, 2)]
    assert [escape_formula(v) for v in harmless] == harmless


def test_the_generic_downloads_escape_headers_and_cells():
    rows = [[v, -2, "-2,50"] for v in HOSTILE]
    text = csv_response("x", ["=A1", "b"], rows).content.decode("utf-8-sig")
    assert _unsafe(list(csv.reader(io.StringIO(text), delimiter=";"))) == []
    sheet = load_workbook(io.BytesIO(xlsx_response("x", ["=A1", "b"], rows).content)).active
    cells = list(sheet.iter_rows(values_only=True))
    assert _unsafe(cells) == []
    assert cells[1][1:] == (-2, "-2,50")  # numbers stay numbers


# --- every export of the project -----------------------------------------------------------


def _unsafe(rows: list[list[Any]]) -> list[Any]:
    """Text cells a spreadsheet would run as a formula (a plain negative number is data)."""
    return [
        c
        for row in rows
        for c in row
        if isinstance(c, str) and c.startswith(FORMULA_START) and not NUMBER.fullmatch(c)
    ]


def _cells(response: Any) -> list[list[Any]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    workbook = load_workbook(io.BytesIO(body))
    return [list(row) for sheet in workbook for row in sheet.iter_rows(values_only=True)]


def _login_with_second_factor(client: Client, user: User) -> Client:
    client.force_login(user)
    device = confirmed_device(user)
    client.post("/accounts/otp/verify/", {"token": current_code(device), "next": "/"})
    return client


def _role(org: Organization, role: str) -> User:
    return RoleAssignmentFactory.create(organization=org, role=role).user


def _members(client: Client, org: Organization) -> list[str]:
    for name in HOSTILE:
        member(org, person=PersonFactory(organization=org, surname=name, given_name=""))
    member(org, category="volontario", person=PersonFactory(organization=org, surname=HOSTILE[0]))
    client.force_login(_role(org, Role.COOP_ADMIN))
    return [reverse(f"members:export_{f}", args=[org.slug]) for f in ("csv", "xlsx")]


def _employments(client: Client, org: Organization) -> list[str]:
    for name in HOSTILE:
        EmploymentFactory.create(organization=org, person__surname=name, person__given_name="")
    client.force_login(_role(org, Role.COOP_ADMIN))
    return [reverse("workforce:employments", args=[org.slug]) + "?format=csv"]


def _vault(client: Client, org: Organization) -> list[str]:
    for name in HOSTILE:
        DisadvantagedStatusFactory.create(
            organization=org, person__surname=name, person__given_name="", category="alcolista"
        )
    _login_with_second_factor(client, _role(org, Role.HR_TUTOR))
    return [reverse("workforce:vault", args=[org.slug]) + "?purpose=requisiti_381&format=csv"]


def _privacy_log(client: Client, org: Organization) -> list[str]:
    for name in HOSTILE:
        status = DisadvantagedStatusFactory.create(
            organization=org, person__surname=name, person__given_name="", category="alcolista"
        )
        SensitiveAccess.objects.create(
            organization=org,
            action="lettura",
            person=status.person,
            purpose="richiesta_interessato",  # the export's purpose also filters the log
            detail=name,
        )
    _login_with_second_factor(client, _role(org, Role.COOP_ADMIN))
    url = reverse("workforce:privacy", args=[org.slug])
    return [url + "?export=csv&purpose=richiesta_interessato"]


def _hours(client: Client, org: Organization) -> list[str]:
    day = dt.date(2025, 6, 2)
    for name in HOSTILE:
        carer = paid_carer(org, person=CarePersonFactory(organization=org, surname=name))
        beneficiary = BeneficiaryFactory(
            organization=org, person=CarePersonFactory(organization=org, surname=name)
        )
        line = LineFactory.create(
            organization=org, plan__beneficiary=beneficiary, service_type__name=name
        )
        visit = VisitFactory.create(line=line, date=day)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=start)
        visits.visit_check_in(actor=None, visit=visit, at=start)
        visits.visit_check_out(actor=None, visit=visit, at=start + dt.timedelta(hours=1))
    client.force_login(_role(org, Role.COOP_ADMIN))
    url = reverse("care:hours", args=[org.slug]) + "?start=2025-06-01&end=2025-06-30"
    return [
        f"{url}&by={by}&format={f}"
        for by in ("carer", "beneficiary", "service")
        for f in ("csv", "xlsx")
    ]


def _consortium(client: Client, org: Organization) -> Organization:
    group = OrganizationFactory.create(slug="consorzio", kind=OrganizationKind.CONSORTIUM)
    for n, name in enumerate(HOSTILE):
        affiliate = OrganizationFactory.create(slug=f"ostile-{n}", short_name=name, legal_name=name)
        Affiliation.objects.create(
            organization=affiliate, group=group, start_date=dt.date(2020, 1, 1)
        )
    client.force_login(_role(group, Role.CONSORTIUM_STAFF))
    return group


def _network(client: Client, org: Organization) -> list[str]:
    group = _consortium(client, org)
    consortium = reverse("network:consortium", args=[group.slug])
    directory = reverse("network:directory")
    return [f"{url}?format={f}" for url in (consortium, directory) for f in ("csv", "xlsx")]


def _compliance(client: Client, org: Organization) -> list[str]:
    group = _consortium(client, org)
    url = reverse("compliance:matrix", args=[group.slug])
    return [f"{url}?format={f}" for f in ("csv", "xlsx")]


def _meetings(client: Client, org: Organization) -> list[str]:
    for name in HOSTILE:
        member(org, person=PersonFactory(organization=org, surname=name, given_name=""))
    held = in_session(org, title=HOSTILE[0], items=((HOSTILE[1], "bilancio"),))
    point = first_item(held)
    governance_services.ballot_open(actor=None, item=point, secret=False)
    meeting(org, title=HOSTILE[2])
    client.force_login(_role(org, Role.COOP_ADMIN))
    return [
        reverse("governance:export_csv", args=[org.slug]),
        reverse("governance:ballot_voters", args=[org.slug, held.pk, point.pk]),
    ]


def _overdue(client: Client, org: Organization) -> list[str]:
    """Overdue invoices to customers with hostile names (issued in 2025: long past due)."""
    customers = [
        OrganizationFactory.create(
            slug=f"ente-{n}", legal_name=name, short_name=name, kind=OrganizationKind.PUBLIC_BODY
        )
        for n, name in enumerate(HOSTILE)
    ]
    billed(org, *customers)
    for customer in customers:
        invoice_issue(actor=None, invoice=draft(org, customer), on=dt.date(2025, 3, 3))
    client.force_login(_role(org, Role.COOP_ADMIN))
    url = reverse("contracts:receivables", args=[org.slug])
    return [f"{url}?format={f}" for f in ("csv", "xlsx")]


def _statement(client: Client, org: Organization) -> list[str]:
    from coopnet.care.tests.factories import ServiceTypeFactory
    from coopnet.contracts import services as contract_services
    from coopnet.contracts.tests.execution import contract_2026, line_of, linked_plan, price

    authority = OrganizationFactory.create(slug="comune", kind=OrganizationKind.PUBLIC_BODY)
    agreement = contract_2026(org, authority)
    plan = linked_plan(org, agreement)
    day = dt.date(2026, 2, 2)
    for name in HOSTILE:
        service = ServiceTypeFactory.create(organization=org, name=name)
        price(org, agreement, service, "20")
        visit = VisitFactory.create(line=line_of(plan, service), date=day)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        carer = paid_carer(org)
        visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=start)
        visits.visit_check_in(actor=None, visit=visit, at=start)
        visits.visit_check_out(actor=None, visit=visit, at=start + dt.timedelta(hours=1))
    statement = contract_services.statement_create(
        actor=None, organization=org, contract=agreement, month=day
    )
    client.force_login(_role(org, Role.COOP_ADMIN))
    return [reverse("contracts:statement_xlsx", args=[org.slug, statement.pk])]


def _timebank(client: Client, org: Organization) -> list[str]:
    community_services.timebank_save(actor=None, organization=org, data={"welcome_minutes": 0})
    accounts = [
        community_services.account_open(
            actor=None,
            organization=org,
            person=PersonFactory(organization=org, surname=name, given_name=""),  # type: ignore[arg-type]
            kind="socio",
            welcome=False,
        )
        for name in HOSTILE[:2]
    ]
    category = community_services.category_create(actor=None, organization=org, name=HOSTILE[2])
    for note in HOSTILE:
        community_services.transfer_create(
            actor=None,
            organization=org,
            debits=[(accounts[0], 5)],
            credits=[(accounts[1], 5)],
            category=category,
            note=note,
        )
    client.force_login(_role(org, Role.COOP_ADMIN))
    url = reverse("community:account", args=[org.slug, accounts[0].pk])
    return [f"{url}?format={f}" for f in ("csv", "xlsx")]


def _distribution(client: Client, org: Organization) -> list[str]:
    codes = ["RSSMRA85T10A562S", "01234560017"]
    for code, name in zip(codes, HOSTILE, strict=False):
        EnergyMember.objects.create(organization=org, tax_code=code, name=name, kind="pmi")
    rule = energy_services.rule_create(
        organization=org,
        actor=None,
        valid_from=dt.date(2026, 1, 1),
        owners_pct=Decimal(0),
        consumers_pct=Decimal(90),
        fund_pct=Decimal(10),
        fund_purpose=HOSTILE[2],
    )
    run = Settlement.objects.create(
        organization=org,
        first_day=rule.valid_from,
        last_day=dt.date(2026, 1, 31),
        input_hash="0" * 64,
        parameters={},
        final=True,
        result={
            "configurations": [
                {
                    "code": "CP-1",
                    "injected_kwh": "9.000",
                    "shared_kwh": "3.000",
                    "withdrawn_kwh": "3.000",
                }
            ],
            "plants": [],
            "premium_eur": "0",  # no plant, so no premium: the valorisation is shared out
            "valorisation_eur": "1.00",
            "social_excess_eur": "0",
            "members": [{"tax_code": c, "shared_kwh": "1.000"} for c in codes],
        },
    )
    done = energy_services.distribution_create(organization=org, actor=None, settlement=run)
    client.force_login(_role(org, Role.COOP_ADMIN))
    url = reverse("energy:distribution", args=[org.slug, done.pk])
    return [f"{url}?format={f}" for f in ("csv", "xlsx")]


def _energy_members(client: Client, org: Organization) -> list[str]:
    codes = ["RSSMRA85T10A562S", "01234560017", "80012340016"]
    for code, name in zip(codes, HOSTILE, strict=False):
        EnergyMember.objects.create(organization=org, tax_code=code, name=name, kind="altro")
    client.force_login(_role(org, Role.COOP_ADMIN))
    url = reverse("energy:members", args=[org.slug])
    return [f"{url}?format={f}" for f in ("csv", "xlsx")]


def _practices(client: Client, org: Organization) -> list[str]:
    call = make_call(OrganizationFactory(kind=OrganizationKind.FEDERATION), title=HOSTILE[0])
    submissions = [submit_practice(call, org, title=HOSTILE[1], summary=HOSTILE[2])]
    close_call(call)
    for submission in submissions:
        practices_services.decision_save(
            actor=None, submission=submission, decision="accolta", feedback=""
        )
    practices_services.decisions_release(actor=None, call=call, on=timezone.localdate())
    url = reverse("practices:catalogue")
    return [f"{url}?format={f}" for f in ("csv", "xlsx")]


def _social_report(client: Client, org: Organization) -> list[str]:
    for key, source in (("production_value", HOSTILE[0]), ("net_result", HOSTILE[1])):
        reporting_services.indicator_enter(
            actor=None, organization=org, key=key, year=2025, value=Decimal(1), source=source
        )
    report = reporting_services.report_create(actor=None, organization=org, year=2025)
    client.force_login(_role(org, Role.COOP_ADMIN))
    url = reverse("reporting:report_figures", args=[org.slug, report.pk])
    return [f"{url}?format={f}" for f in ("csv", "xlsx")]


EXPORTS: dict[str, Callable[[Client, Organization], list[str]]] = {
    "libro soci": _members,
    "personale": _employments,
    "condizioni di svantaggio": _vault,
    "registro degli accessi": _privacy_log,
    "ore erogate": _hours,
    "rete e aderenti": _network,
    "matrice di conformità": _compliance,
    "riunioni e votanti": _meetings,
    "crediti scaduti": _overdue,
    "rendiconto mensile": _statement,
    "estratto conto della banca del tempo": _timebank,
    "distribuzione della comunità energetica": _distribution,
    "membri della comunità energetica": _energy_members,
    "catalogo delle buone pratiche": _practices,
    "dati del bilancio sociale": _social_report,
}


@pytest.mark.parametrize("export", EXPORTS)
def test_no_export_lets_a_hostile_name_run_as_a_formula(client, org, export):
    # given names, titles and services written to run as formulas
    urls = EXPORTS[export](client, org)
    for url in urls:
        # when the export is downloaded
        response = client.get(url)
        assert response.status_code == 200, url
        cells = _cells(response)
        # then the hostile values are there, quoted, and no cell starts a formula
        assert any(isinstance(c, str) and c.startswith("'") for row in cells for c in row), (
            url,
            cells,
        )
        assert _unsafe(cells) == [], url
