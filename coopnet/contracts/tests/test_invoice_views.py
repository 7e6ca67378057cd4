"""Invoice pages: billing data, a new draft with its lines, issue asked once (a refusal stays
on the page and consumes no number), XML download, zip export, receipt upload, credit note."""

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coopnet.contracts import services
from coopnet.contracts.courtesy import courtesy_context
from coopnet.contracts.models import BillingProfile, Invoice, InvoiceCounter, SdiState
from coopnet.core.models import OrganizationKind
from coopnet.core.tests.factories import OrganizationFactory

from .conftest import CARE, OFFICE_CODE, billed, draft
from .test_issue import EXEMPT, receipt

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 5, 4)


def url(name, org, *args):
    return reverse(f"contracts:{name}", args=(org.slug, *args))


def lines(*rows):
    data = {"lines-TOTAL_FORMS": "5", "lines-INITIAL_FORMS": "0"}
    for i, (description, quantity, price, vat) in enumerate(rows):
        data.update(
            {
                f"lines-{i}-description": description,
                f"lines-{i}-quantity": quantity,
                f"lines-{i}-unit_price": price,
                f"lines-{i}-vat": vat,
            }
        )
    return data


def test_billing_data_then_a_draft_issued_once(client, admin_user, org, comune):
    client.force_login(admin_user)
    # the billing data of the customer, through its page
    answer = client.post(
        url("billing", org),
        {
            "party": comune.pk,
            "street": "Piazza Municipio 1",
            "postcode": "10100",
            "city": "Torino",
            "province": "TO",
            "recipient_code": OFFICE_CODE,
        },
    )
    assert answer.status_code == 302
    assert BillingProfile.objects.get(organization=org, party=comune).city == "Torino"
    billed(org, comune)
    header = {"customer": comune.pk, "cig": "000000000a"}
    # a VAT rate the rules refuse stays on the page
    refused = client.post(url("invoice_create", org), {**header, **lines(("Ore", "1", "1", "10"))})
    assert refused.status_code == 200
    assert (
        "Select a valid choice" in refused.content.decode() or "Scegli" in refused.content.decode()
    )
    page = client.post(
        url("invoice_create", org),
        {**header, **lines(("Assistenza", "10", "21.5", "5"), ("Trasporto", "2", "10", "N4"))},
    )
    invoice = Invoice.objects.get()
    assert page.url == url("invoice", org, invoice.pk)
    assert (invoice.cig, invoice.lines.count()) == ("000000000A", 2)
    # issue: the page says what happens first; a refusal stays there and consumes no number
    assert "consequences" in client.get(url("invoice_issue", org, invoice.pk)).content.decode()
    BillingProfile.objects.filter(party=comune).update(recipient_code="ABC1234")
    stay = client.post(url("invoice_issue", org, invoice.pk), {"issue_date": "04/05/2026"})
    assert stay.status_code == 200
    assert "IPA" in stay.content.decode()
    assert not InvoiceCounter.objects.exists()
    BillingProfile.objects.filter(party=comune).update(recipient_code=OFFICE_CODE)
    done = client.post(url("invoice_issue", org, invoice.pk), {"issue_date": "04/05/2026"})
    assert done.status_code == 302
    invoice.refresh_from_db()
    assert (invoice.number, invoice.issue_date) == (1, DAY)
    xml = client.get(url("invoice_xml", org, invoice.pk))
    assert invoice.file_name in xml["Content-Disposition"]
    pdf = client.get(url("invoice_pdf", org, invoice.pk))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    detail = client.get(url("invoice", org, invoice.pk)).content.decode()
    assert re.search(r"<td>5[,0]*% <small[^>]*>R-VAT-1</small></td>", detail)
    assert invoice.file_name in detail
    # the zip for the intermediary, then its receipt
    archive = zipfile.ZipFile(io.BytesIO(client.get(url("invoice_export", org)).content))
    assert archive.namelist() == [invoice.file_name]
    upload = SimpleUploadedFile(
        "rc.xml", receipt("RicevutaConsegna", "", invoice.file_name), "text/xml"
    )
    assert client.post(url("receipt_upload", org), {"file": upload}).status_code == 302
    invoice.refresh_from_db()
    assert invoice.sdi_state == SdiState.DELIVERED
    assert (
        zipfile.ZipFile(io.BytesIO(client.get(url("invoice_export", org)).content)).namelist() == []
    )
    # a credit note drafted from it
    note = client.post(url("invoice_credit", org, invoice.pk))
    credit = Invoice.objects.get(credited=invoice)
    assert note.url == url("invoice", org, credit.pk)


def test_a_foreign_receipt_is_refused_on_the_page(client, admin_user, org):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("x.xml", b"<FatturaElettronica/>", "text/xml")
    answer = client.post(url("receipt_upload", org), {"file": upload})
    assert answer.status_code == 200
    assert "FatturaElettronica" in answer.content.decode()


def test_the_list_renders_in_english(client, admin_user, org, comune):
    client.force_login(admin_user)
    page = client.get(url("invoices", org), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200


def test_the_courtesy_copy_sums_as_the_xml(org, comune):
    billed(org, comune)
    invoice = services.invoice_issue(actor=None, invoice=draft(org, comune, (CARE, EXEMPT)), on=DAY)
    context = courtesy_context(invoice)
    with invoice.xml.open("rb") as file:
        xml = file.read().decode()
    # 40 x 21.50 = 860.00 at 5% (tax 43.00) + 80.00 exempt
    assert f"<ImportoTotaleDocumento>{context['total']}</ImportoTotaleDocumento>" in xml
    assert (context["total"], context["tax"], context["due"]) == (
        Decimal("983.00"),
        Decimal("43.00"),
        Decimal("940.00"),
    )


def test_a_cleaning_line_for_a_business_is_drafted_in_reverse_charge(client, admin_user, org):
    client.force_login(admin_user)
    company = OrganizationFactory.create(
        slug="impresa", kind=OrganizationKind.COMPANY, partita_iva="02345678909"
    )
    billed(org, company)
    row = {**lines(("Pulizia uffici", "60", "18", "22")), "lines-0-building_service": "on"}
    refused = client.post(url("invoice_create", org), {"customer": company.pk, **row})
    assert refused.status_code == 200
    assert "R-VAT-RC" in refused.content.decode()
    row["lines-0-vat"] = "N6.7"
    client.post(url("invoice_create", org), {"customer": company.pk, **row})
    line = Invoice.objects.get().lines.get()
    assert (line.natura, line.vat_rate, line.building_service) == ("N6.7", None, True)
    assert line.vat_rule == "R-VAT-RC N6.7"
