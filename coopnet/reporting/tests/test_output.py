"""The social report's outputs: the PDF/A (drafts as they stand, approved versions frozen),
the figures as CSV/XLSX, the public pages of approved reports."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coopnet.core.tests.pdf import ink, page_png, pdf_metadata, pdf_text
from coopnet.governance import services as governance
from coopnet.governance.models import Call, ItemKind
from coopnet.governance.tests.factories import (
    close_by_hands,
    first_item,
    in_session,
    members,
    present,
)
from coopnet.reporting import selectors, services
from coopnet.reporting.document import report_document
from coopnet.reporting.indicators.catalogue import SECTIONS
from coopnet.reporting.pdf import report_pdf

from .fixtures import YEAR, year_2025
from .test_approval import attestation, complete

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media):
    """Attestations land in a temporary folder."""


@pytest.fixture
def report(org, admin_user):
    """A year of data in every app, its indicators computed, a report with its texts."""
    year_2025(org)
    services.indicators_compute(actor=None, organization=org, year=YEAR)
    report = services.report_create(actor=admin_user, organization=org, year=YEAR)
    complete(report, admin_user)
    return report


def approve(org, user, report):
    """Reviewed, then approved by an assembly in second call (no quorum over the year's
    members), three members present and in favour."""
    services.report_review(actor=user, report=report, attestation=attestation())
    people = members(org, 3)
    meeting = in_session(
        org, call=Call.SECOND, items=((f"Bilancio sociale {YEAR}", ItemKind.SOCIAL_REPORT),)
    )
    present(meeting, *people)
    item = first_item(meeting)
    close_by_hands(governance.ballot_open(actor=None, item=item, secret=False))
    item.refresh_from_db()
    return services.report_approve(actor=user, report=report, item=item)


@pytest.fixture
def approved(org, admin_user, report):
    return approve(org, admin_user, report)


def _pages(pdf):
    return pdf_text(pdf).split("\f")[:-1]  # pdftotext ends every page with a form feed


def test_the_pdf_is_a_pdf_a_with_cover_contents_numbered_pages_and_eight_sections(report):
    pdf = report_pdf(report)

    assert pdf.startswith(b"%PDF-")
    metadata = pdf_metadata(pdf)
    assert 'pdfaid:part="3"' in metadata
    assert 'pdfaid:conformance="B"' in metadata
    pages = _pages(pdf)
    assert len(pages) >= 10  # cover, contents, one page at least per section
    assert all(ink(page_png(pdf, n)) > 500 for n in range(1, len(pages) + 1))
    assert "Bilancio sociale 2025" in pages[0]
    assert "La Ginestra" in pages[0]
    assert "Indice" in pages[1]
    for number, title in SECTIONS.items():
        assert f"{number}. {title}" in pages[1]  # the contents, with page numbers
        assert any(page.lstrip().startswith(f"{number}. {title}") for page in pages[2:])
    assert f"3 / {len(pages)}" in pages[2]  # numbered pages (the cover is not)
    text = pdf_text(pdf)
    assert "900,00 €" in text  # revenue from public bodies, Italian format
    assert "Soci per categoria" in text  # a chart's title and its table
    assert "Testo della sezione 4." in text
    assert "Motivo dell'omissione: Dati in corso di raccolta." in text  # §6 lacks the accounts


def test_the_charts_are_the_pages_svg_with_plain_numbers(client, org, admin_user, report):
    states = selectors.section_states(report)
    people = next(s for s in states if s.section.number == 4)
    names = [chart.name for chart in people.charts]
    assert "s4-workers_by_age" in names
    chart = next(c for c in people.charts if c.name == "s4-workers_by_age")
    assert "," not in chart.svg.split("<desc")[0].split("viewBox")[1]  # no Italian commas
    client.force_login(admin_user)
    page = client.get(reverse("reporting:report", args=[org.slug, report.pk])).text
    assert str(chart.svg) in page


def test_an_approved_version_prints_its_frozen_content(org, admin_user, approved):
    # given a figure changed after the approval
    services.indicator_enter(
        actor=admin_user,
        organization=org,
        key="production_value",
        year=YEAR,
        value=Decimal("777777"),
        source="Bilancio rettificato",
    )
    # then the approved version's document and PDF keep the approved content
    document = report_document(approved)
    assert all(s.complete for s in document.states)
    text = pdf_text(report_pdf(approved))
    assert "777.777" not in text
    assert approved.content_sha256 in text
    assert "Approvato il" in text


def test_the_office_downloads_the_pdf_others_get_404(client, org, admin_user, outsider, report):
    url = reverse("reporting:report_pdf", args=[org.slug, report.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(admin_user)

    answer = client.get(url)

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert "bilancio-sociale-la-ginestra-2025-v1.pdf" in answer["Content-Disposition"]


def test_the_figures_as_csv_and_xlsx_with_unit_section_and_provenance(
    client, org, admin_user, outsider, report
):
    url = reverse("reporting:report_figures", args=[org.slug, report.pk])
    client.force_login(outsider)
    assert client.get(url, {"format": "csv"}).status_code == 404
    client.force_login(admin_user)
    assert client.get(url, {"format": "pdf"}).status_code == 404

    lines = client.get(url, {"format": "csv"}).content.decode("utf-8-sig").splitlines()

    assert lines[0].startswith("Sezione;Titolo della sezione;Codice;Indicatore;Voce;Valore;Unità")
    public = next(line.split(";") for line in lines if ";revenue_public;" in line)
    assert public[:3] == ["6", "Situazione economico-finanziaria", "revenue_public"]
    assert public[5:9] == [
        "900",
        "€",
        "Calcolato dai dati",
        "coopnet.contracts.selectors.revenue_by_customer_kind",
    ]
    women = next(line.split(";") for line in lines if ";workers_by_sex;" in line)
    assert women[3:6] == ["Lavoratori per genere", "Donne", "2"]
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Sezione"
    assert len(rows) == len(lines)


def test_only_approved_reports_are_public(client, org, admin_user, outsider, report):
    page = reverse("reporting:public_report", args=[org.slug, YEAR])
    pdf = reverse("reporting:public_report_pdf", args=[org.slug, YEAR])
    # a draft: not public, to anyone outside the office, nor on the profile
    for user in (None, outsider):
        if user:
            client.force_login(user)
        assert client.get(page).status_code == 404
        assert client.get(pdf).status_code == 404
        listing = client.get(reverse("reporting:public_reports", args=[org.slug]))
        assert "Nessun bilancio sociale approvato." in listing.text
    client.force_login(admin_user)
    assert (
        'data-testid="public-reports"'
        not in client.get(reverse("network:profile", args=[org.slug])).text
    )
    # approved: public, frozen, with its PDF, linked from the profile
    approve(org, admin_user, report)
    assert page in client.get(reverse("network:profile", args=[org.slug])).text
    client.logout()

    answer = client.get(page)

    assert answer.status_code == 200
    assert "Struttura, governo e amministrazione" in answer.text
    assert "Testo della sezione 3." in answer.text
    report.refresh_from_db()
    assert report.content_sha256 in answer.text
    assert client.get(pdf)["Content-Type"] == "application/pdf"
    listing = client.get(reverse("reporting:public_reports", args=[org.slug])).text
    assert page in listing
    held_on = report.approval_item.meeting.held_on  # the assembly's day, not the click's
    assert f"approvato dall'assemblea del {held_on:%d/%m/%Y}" in listing
