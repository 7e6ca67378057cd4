"""Exports of the libro soci: CSV and XLSX parse back by section, the PDF book renders."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from coopnet.core.models import Job, JobState
from coopnet.core.tests.factories import make_job
from coopnet.members import exports, selectors, services, tasks
from coopnet.members.models import MemberCategory

from .factories import PersonFactory
from .factories import member as add_member

VOLUNTEER_SECTION = "Sezione speciale: soci volontari (art. 2 L. 381/1991)"


@pytest.fixture
def register(org):
    """Two workers (one with a transfer of shares), one volunteer and one member who left."""
    rossi = add_member(
        org, person=PersonFactory(organization=org, surname="Rossi", given_name="Ada",
                                  address="Via Roma 1"),
        shares=4,
    )  # fmt: skip
    bianchi = add_member(
        org, person=PersonFactory(organization=org, surname="Bianchi", given_name="Marco"), shares=2
    )
    add_member(
        org,
        category=MemberCategory.VOLONTARIO,
        person=PersonFactory(organization=org, surname="Verdi", given_name="Sara"),
        shares=1,
        paid=Decimal("0"),
    )
    gone = add_member(
        org, person=PersonFactory(organization=org, surname="Neri", given_name="Luca")
    )
    services.membership_record_death(actor=None, membership=gone, died_on=dt.date(2024, 6, 1))
    services.shares_transfer(
        actor=None,
        source=rossi,
        target=bianchi,
        shares=1,
        date=dt.date(2024, 3, 1),
        board_approval_ref="CdA 3/2024",
    )
    return org


def url(org, fmt: str, query: str = "") -> str:
    return reverse(f"members:export_{fmt}", args=[org.slug]) + query


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_csv_lists_members_then_the_volunteer_section(client, admin_user, register):
    client.force_login(admin_user)
    response = client.get(url(register, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="libro-soci-la-ginestra-' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:4] == ["Sezione", "N. libro soci", "Socio", "Codice fiscale o partita IVA"]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("Soci", "1", "Rossi Ada"),
        ("Soci", "2", "Bianchi Marco"),
        (VOLUNTEER_SECTION, "3", "Verdi Sara"),
    ]
    rossi = dict(zip(header, rows[0], strict=True))
    assert rossi["Domicilio"] == "Via Roma 1"
    assert rossi["Data di ammissione"] == "01/02/2024"
    assert rossi["Delibera di ammissione"] == "CdA 1/2024"
    assert (rossi["Quote"], rossi["Capitale sottoscritto (€)"]) == ("3", "75,00")
    assert rossi["Trasferimenti di quote"] == (
        "01/03/2024 ceduti 1 quote a Bianchi Marco (n. 2) (CdA 3/2024)"
    )


def test_the_register_filters_apply_to_the_export(client, admin_user, register):
    client.force_login(admin_user)
    _header, *everyone = csv_rows(client.get(url(register, "csv", "?status=all")))
    assert [r[2] for r in everyone] == ["Rossi Ada", "Bianchi Marco", "Neri Luca", "Verdi Sara"]
    neri = everyone[2]
    assert neri[-3:] == ["01/06/2024", "Morte", "Deceduto"]
    _header, *volunteers = csv_rows(client.get(url(register, "csv", "?category=volontario")))
    assert [r[2] for r in volunteers] == ["Verdi Sara"]


def test_xlsx_has_one_sheet_per_section_with_dates_and_money(client, admin_user, register):
    client.force_login(admin_user)
    response = client.get(url(register, "xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Soci", "Soci volontari"]
    members, volunteers = workbook["Soci"], workbook["Soci volontari"]
    header = [c.value for c in members[1]]
    assert header[0] == "N. libro soci"
    assert all(c.font.b for c in members[1])
    rows = [[c.value for c in row] for row in members.iter_rows(min_row=2)]
    assert [r[:2] for r in rows] == [[1, "Rossi Ada"], [2, "Bianchi Marco"]]
    admitted = members.cell(row=2, column=6)
    assert admitted.value == dt.datetime(2024, 2, 1)  # noqa: DTZ001  a date cell
    assert admitted.number_format == "DD/MM/YYYY"
    subscribed = members.cell(row=2, column=9)
    assert (subscribed.value, subscribed.number_format) == (75, "#,##0.00")
    assert [[c.value for c in row][:2] for row in volunteers.iter_rows(min_row=2)] == [
        [3, "Verdi Sara"]
    ]


def test_the_pdf_book_renders_with_a_page_per_section(register):
    rows = selectors.register(register, selectors.RegisterFilters())
    assert len(exports.pdf_document(register, rows).pages) == 2  # members, then volunteers
    workers = selectors.register(register, selectors.RegisterFilters(category="lavoratore"))
    assert len(exports.pdf_document(register, workers).pages) == 1


def test_the_pdf_book_is_printed_in_the_background_and_downloaded(
    client, admin_user, register, media, django_capture_on_commit_callbacks
):
    # given the register page's filters (the workers only)
    client.force_login(admin_user)
    page = client.get(url(register, "pdf", "?status=active&category=lavoratore"))
    assert page.status_code == 200
    assert "Il libro da stampare contiene 2 righe" in page.text
    # when the administrator asks for the book (the task runs after the commit)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(register, "pdf", "?status=active&category=lavoratore"))
    # then the status page offers the finished book, stored under MEDIA_ROOT/jobs/<org>/
    assert response.status_code == 302
    status = client.get(response["Location"])
    assert "Il libro soci è pronto: 1 pagina." in status.text
    job = Job.objects.get(organization=register, kind=services.REGISTER_PDF_JOB)
    assert job.params["filters"] == {
        "status": "active",
        "category": "lavoratore",
        "q": "",
        "sort": "number",
    }
    [stored] = (media / "jobs" / str(register.pk)).glob("*.pdf")
    download = client.get(reverse("members:export_file", args=[register.slug, job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert download.content == stored.read_bytes()
    assert f"libro-soci-{register.slug}-" in download["Content-Disposition"]


def test_a_book_being_printed_is_polled_every_two_seconds(client, admin_user, org, media):
    client.force_login(admin_user)
    job = make_job(organization=org, kind=services.REGISTER_PDF_JOB)
    status_url = reverse("members:export_status", args=[org.slug, job.pk])
    fragment = client.get(status_url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in fragment.text
    assert "<html" not in fragment.text
    # a book not yet printed cannot be downloaded
    file_url = reverse("members:export_file", args=[org.slug, job.pk])
    assert client.get(file_url).status_code == 404


def test_printing_a_book_twice_prints_it_once(admin_user, register, media):
    job = services.register_pdf_request(
        actor=admin_user,
        organization=register,
        filters=selectors.RegisterFilters(),
        filename="libro.pdf",
    )
    tasks.build_register_pdf.call(job.pk)
    job.refresh_from_db()
    printed = job.result_file.name
    tasks.build_register_pdf.call(job.pk)
    job.refresh_from_db()
    assert (job.state, job.result_file.name, job.attempts) == ("succeeded", printed, 1)
    assert job.result == {"pages": 2}


@pytest.mark.parametrize("who", ["member_user", "outsider"])
def test_other_books_are_not_found(client, org, other_org, admin_user, who, media, request):
    job = make_job(organization=other_org, kind=services.REGISTER_PDF_JOB, state=JobState.SUCCEEDED)
    client.force_login(admin_user)
    for name in ("export_status", "export_file"):
        assert client.get(reverse(f"members:{name}", args=[org.slug, job.pk])).status_code == 404
    own = make_job(organization=org, kind=services.REGISTER_PDF_JOB, state=JobState.FAILED)
    client.force_login(request.getfixturevalue(who))
    for name in ("export_status", "export_file"):
        assert client.get(reverse(f"members:{name}", args=[org.slug, own.pk])).status_code == 404
    retry = reverse("members:export_retry", args=[org.slug, own.pk])
    assert client.post(retry).status_code == 404


def test_the_register_page_links_the_exports_with_its_filters(client, admin_user, register):
    client.force_login(admin_user)
    page = client.get(
        reverse("members:register", args=[register.slug]) + "?status=all&category=lavoratore&page=1"
    )
    query = "?status=all&amp;category=lavoratore"
    for fmt in ("pdf", "xlsx", "csv"):
        assert f'href="{url(register, fmt)}{query}"' in page.text
    assert "page=1" not in page.text.split('class="exports"')[1].split("</p>")[0]
    assert reverse("members:import", args=[register.slug]) in page.text


def test_a_long_register_runs_over_several_numbered_pages(org):
    for _ in range(60):
        add_member(org)
    rows = selectors.register(org, selectors.RegisterFilters())
    document = exports.pdf_document(org, rows)
    assert len(document.pages) >= 3
    short = exports.pdf_document(org, rows.filter(register_number__lte=5))
    assert len(document.write_pdf()) > len(short.write_pdf())


def test_the_page_template_numbers_pages_and_repeats_the_header(org):
    org.codice_fiscale = "12345670124"
    org.albo_number = "A123456"
    html = exports.render_to_string(
        "members/register_pdf.html",
        {
            "org": org,
            "sections": [],
            "headers": exports.headers(),
            "printed_on": dt.date(2026, 1, 2),
        },
    )
    assert 'counter(page) " di " counter(pages)' in html
    assert "position: running(orgheader)" in html
    assert "12345670124" in html
    assert "A123456" in html
    assert "size: A4 landscape" in html


def count_queries(client, target: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(target)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(context.captured_queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_export_queries_do_not_grow_with_the_register(client, admin_user, register, fmt):
    client.force_login(admin_user)
    small = count_queries(client, url(register, fmt))
    for _ in range(6):
        add_member(register, shares=1)
    assert count_queries(client, url(register, fmt)) == small


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_the_coordinator_may_export(client, coordinator, register, fmt):
    client.force_login(coordinator)
    assert client.get(url(register, fmt)).status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
@pytest.mark.parametrize("who", ["member_user", "outsider"])
def test_members_and_outsiders_get_404(client, org, who, fmt, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(org, fmt)).status_code == 404


def test_a_cell_that_looks_like_a_formula_is_neutralised(client, admin_user, org):
    add_member(org, person=PersonFactory(organization=org, surname="=SOMMA(A1)", given_name="X"))
    client.force_login(admin_user)
    _header, row = csv_rows(client.get(url(org, "csv")))
    assert row[2] == "'=SOMMA(A1) X"


def test_the_pdf_book_writes_capital_the_italian_way(org):
    add_member(org, shares=48, paid=Decimal("1000"))
    lines = list(exports.register_lines(selectors.register(org, selectors.RegisterFilters())))
    html = render_to_string(
        "members/register_pdf.html",
        {"org": org, "sections": [{"title": "Soci", "lines": lines}], "headers": []},
    )
    assert '<td class="num">1.200,00</td>' in html
    assert '<td class="num">1.000,00</td>' in html
