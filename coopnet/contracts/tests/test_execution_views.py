"""Execution pages: linking plans (refusals with the reason), a statement created, approved
(asked once) and invoiced once, PDF and XLSX, the special-category split, outsiders, API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coopnet.care.tests.factories import PlanFactory, ServiceTypeFactory, paid_carer
from coopnet.contracts import services
from coopnet.contracts.models import ContractPlan, ContractStatement, Invoice
from coopnet.core.models import Role
from coopnet.core.services import api_token_create
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.workforce.models import SensitiveAccess, SensitiveAccessAction

from .execution import at, contract_2026, given, line_of, linked_plan, price, record_hours

pytestmark = pytest.mark.django_db
FEB = dt.date(2026, 2, 1)
HOSTILE = '=HYPERLINK("http://x","y")'


def url(name, org, *args):
    return reverse(f"contracts:{name}", args=(org.slug, *args))


@pytest.fixture
def agreement(org, comune):
    return contract_2026(org, comune)


@pytest.fixture
def statement(org, agreement):
    """February with 2 h of a service named to run as a formula, priced, and a timesheet of
    two workers (one disadvantaged, 30 h of 70)."""
    plan = linked_plan(org, agreement)
    service = ServiceTypeFactory.create(organization=org, name=HOSTILE)
    price(org, agreement, service, "21.50")
    day = dt.date(2026, 2, 9)
    given(line_of(plan, service), paid_carer(org), at(day, 9), at(day, 11))
    record_hours(org, agreement, FEB, [("40", False), ("30", True)])
    return services.statement_create(actor=None, organization=org, contract=agreement, month=FEB)


def test_linking_a_plan_from_the_contract_page(client, admin_user, org, agreement):
    client.force_login(admin_user)
    plan = PlanFactory.create(organization=org)
    page = client.get(url("contract", org, agreement.pk))
    assert "Collega un piano" in page.content.decode()
    answer = client.post(url("plan_link", org, agreement.pk), {"plan": plan.pk})
    assert answer.status_code == 302
    link = ContractPlan.objects.get(organization=org)
    assert (link.plan, link.contract) == (plan, agreement)
    # unlinking asks once, then unlinks
    unlink = url("plan_unlink", org, agreement.pk, link.pk)
    assert "Scollegando il piano" in client.get(unlink).content.decode()
    assert client.post(unlink).status_code == 302
    assert not ContractPlan.objects.filter(organization=org).exists()


def test_another_organizations_plan_is_refused_with_the_reason(
    client, admin_user, org, other_org, agreement
):
    client.force_login(admin_user)
    foreign = PlanFactory.create(organization=other_org)
    answer = client.post(url("plan_link", org, agreement.pk), {"plan": foreign.pk})
    assert answer.status_code == 200
    assert "non è tra i piani di questa organizzazione" in answer.content.decode()
    assert not ContractPlan.objects.exists()


def test_a_closed_contract_refuses_a_plan_with_the_reason(client, admin_user, org, comune):
    closed = contract_2026(org, comune, end_date=dt.date(2026, 1, 31))
    client.force_login(admin_user)
    plan = PlanFactory.create(organization=org)
    answer = client.post(url("plan_link", org, closed.pk), {"plan": plan.pk})
    assert "Il contratto è chiuso dal 31/01/2026" in answer.content.decode()
    assert not ContractPlan.objects.exists()


def test_a_statement_created_approved_once_and_invoiced_once(
    client, admin_user, org, comune, agreement, statement
):
    client.force_login(admin_user)
    statement.delete()
    answer = client.post(url("statement_create", org, agreement.pk), {"month": "2026-02"})
    created = ContractStatement.objects.get(organization=org)
    assert answer.url == url("statement", org, created.pk)
    detail = client.get(answer.url).content.decode()
    assert "43,00 €" in detail
    assert "Approva" in detail
    # a bad month names the field and the reason
    bad = client.post(url("statement_create", org, agreement.pk), {"month": "2026-13"})
    assert "Mese non valido" in bad.content.decode()
    approve = url("statement_approve", org, created.pk)
    assert "Approvando il rendiconto" in client.get(approve).content.decode()
    assert client.post(approve).status_code == 302
    created.refresh_from_db()
    assert created.approved
    to_invoice = url("statement_invoice", org, created.pk)
    assert "Comune di Prova" in client.get(to_invoice).content.decode()
    answer = client.post(to_invoice)
    invoice = Invoice.objects.get(organization=org)
    assert answer.url == url("invoice", org, invoice.pk)
    # a second attempt opens the same invoice and creates none
    assert client.post(to_invoice).url == url("invoice", org, invoice.pk)
    assert Invoice.objects.filter(organization=org).count() == 1


def test_the_split_is_hidden_from_a_coordinator_and_its_attempt_logged(client, org, statement):
    coordinator = RoleAssignmentFactory.create(organization=org, role=Role.COORDINATOR).user
    client.force_login(coordinator)
    page = client.get(url("statement", org, statement.pk))
    text = page.content.decode()
    assert "70,00" in text
    assert 'data-testid="split' not in text
    asked = client.get(url("statement", org, statement.pk) + "?split=1").content.decode()
    assert 'data-testid="split"' not in asked
    assert "30,00" not in asked
    (entry,) = SensitiveAccess.objects.for_org(org)
    assert (entry.user, entry.action) == (coordinator, SensitiveAccessAction.DENIED)


def test_the_split_is_shown_to_the_administrator_with_a_second_factor_and_logged(
    otp_login, admin_user, org, statement
):
    client = otp_login(admin_user)
    page = client.get(url("statement", org, statement.pk)).content.decode()
    assert "Mostra le ore dei lavoratori svantaggiati" in page
    assert not SensitiveAccess.objects.for_org(org).exists()
    shown = client.get(url("statement", org, statement.pk) + "?split=1").content.decode()
    assert 'data-testid="split"' in shown
    assert "30,00" in shown
    assert "40,00" in shown
    (entry,) = SensitiveAccess.objects.for_org(org)
    assert (entry.user, entry.action, entry.purpose) == (
        admin_user,
        SensitiveAccessAction.READ,
        "rendicontazione",
    )


def test_without_a_second_factor_the_split_asks_for_it(client, admin_user, org, statement):
    client.force_login(admin_user)
    page = client.get(url("statement", org, statement.pk) + "?split=1").content.decode()
    assert "serve il secondo fattore" in page
    assert "30,00" not in page


def test_the_workbook_keeps_a_hostile_service_name_as_text(client, admin_user, org, statement):
    client.force_login(admin_user)
    answer = client.get(url("statement_xlsx", org, statement.pk))
    assert answer["Content-Disposition"].endswith(
        f'rendiconto-{statement.contract_id}-2026-02.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1][0] == "'" + HOSTILE
    assert rows[1][2:] == [2, 0, 21.5, "IVA 5% (servizi sociosanitari, art. 10 n. 27-ter)", 43]
    assert not any(isinstance(v, str) and v.startswith("=") for row in rows for v in row)
    # the split is in the workbook only for a vault reader who asks
    assert all("svantaggiati" not in str(row[0]) for row in rows)


def test_the_pdf_is_a_pdf(client, admin_user, org, statement):
    client.force_login(admin_user)
    answer = client.get(url("statement_pdf", org, statement.pk))
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")


def test_an_outsider_gets_404_on_every_statement_page(client, other_org, statement):
    outsider = RoleAssignmentFactory.create(organization=other_org, role=Role.COOP_ADMIN).user
    client.force_login(outsider)
    for name in ("statement", "statement_approve", "statement_invoice", "statement_pdf"):
        assert client.get(url(name, statement.organization, statement.pk)).status_code == 404
    # their own slug with this statement's id is 404 too
    assert client.get(url("statement", other_org, statement.pk)).status_code == 404


def test_the_api_reads_statements_without_the_split(client, admin_user, org, other_org, statement):
    _token, secret = api_token_create(
        user=admin_user, organization=org, role=Role.COOP_ADMIN, name="t"
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    listed = client.get(f"/api/v1/orgs/{org.slug}/statements", **auth).json()
    (item,) = listed["items"]
    assert item["month"] == "2026-02-01"
    assert item["state"] == "draft"
    assert item["services"][0]["name"] == HOSTILE
    assert Decimal(item["services"][0]["amount"]) == Decimal("43.00")
    assert Decimal(item["worked_hours"]) == 70
    assert "disadvantaged" not in str(item)
    one = client.get(f"/api/v1/orgs/{org.slug}/statements/{statement.pk}", **auth)
    assert one.status_code == 200
    assert (
        client.get(f"/api/v1/orgs/{other_org.slug}/statements/{statement.pk}", **auth).status_code
        == 404
    )


def test_an_executor_opens_its_consortiums_contract_without_the_consortiums_bid(
    client, admin_user, org, comune, consortium, executors
):
    from .conftest import awarded, contract, executor, make_tender

    tender = make_tender(consortium, comune)
    held = contract(awarded(tender, "consortium", [executor(org)]))
    client.force_login(admin_user)
    page = client.get(url("contract", org, held.pk)).content.decode()
    assert "Collega un piano" in page
    assert reverse("contracts:bid", args=(org.slug, held.bid_id)) not in page
    assert held.pk in [c.pk for c in client.get(url("contracts", org)).context["page"]]
