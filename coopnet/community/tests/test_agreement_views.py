"""Pages of agreements and activity reports: the office registers a pact and its parties, an
uninsured volunteer is refused on the page with the reason, members read the pact without
residents' contacts or insurance, a report is written with a picture and its PDF renders."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from coopnet.community import services
from coopnet.community.models import ActivityReport, Agreement, PactVolunteer
from coopnet.core.tests.pdf import ink, page_one_png
from coopnet.workforce.tests.factories import InsuranceFactory, VolunteerFactory

from .conftest import asset_of, days, pact_of, report_data


def url(name, org, *args):
    return reverse(f"community:{name}", args=[org.slug, *args])


@pytest.fixture
def pact(org, comune, municipality):
    item = pact_of(asset_of(org, comune, municipality))
    services.party_add(
        actor=None,
        agreement=item,
        data={"role": "comune", "body": municipality, "duties": "Fornisce vernici e attrezzi"},
    )
    services.party_add(
        actor=None,
        agreement=item,
        data={
            "role": "residente",
            "name": "Lia Neri",
            "duties": "Apre la sala la domenica",
            "email": "lia.neri@example.org",
            "phone": "333 1234567",
        },
    )
    return item


def png(name="foto.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_the_office_registers_a_pact_on_an_asset(client, org, comune, municipality, admin_user):
    asset = asset_of(org, comune, municipality)
    client.force_login(admin_user)
    form = client.get(url("agreement_create", org, asset.pk)).content.decode()
    assert "Patti e accordi" in form
    assert "Il mio conto" not in form  # the commons' links, not the time bank's
    answer = client.post(
        url("agreement_create", org, asset.pk),
        {
            "kind": "patto_complesso",
            "title": "Riapertura della stazione",
            "start_date": days(0).isoformat(),
            "end_date": days(730).isoformat(),
            "activities": "Sala d'attesa, biblioteca",
        },
    )
    item = Agreement.objects.get()
    assert answer.url == url("agreement", org, item.pk)
    page = client.get(url("asset", org, asset.pk)).content.decode()
    assert "Riapertura della stazione" in page


def test_a_bad_period_is_refused_on_the_page(client, org, comune, municipality, admin_user):
    asset = asset_of(org, comune, municipality)
    client.force_login(admin_user)
    answer = client.post(
        url("agreement_create", org, asset.pk),
        {"kind": "patto_semplice", "title": "X", "start_date": "2026-05-01",
         "end_date": "2026-04-01", "activities": "Y"},
    )  # fmt: skip
    assert "La fine non può precedere l&#x27;inizio." in answer.content.decode()
    assert not Agreement.objects.exists()


def test_an_uninsured_volunteer_is_refused_on_the_page(client, org, pact, admin_user):
    volunteer = VolunteerFactory.create(organization=org, start_date=days(-400))
    client.force_login(admin_user)
    answer = client.post(
        url("agreement", org, pact.pk),
        {"action": "volunteer", "volunteer": volunteer.pk, "active": "on"},
    )
    assert answer.status_code == 200
    assert "non è assicurato" in answer.content.decode()
    assert not PactVolunteer.objects.exists()


def test_members_read_the_pact_without_contacts_or_insurance(client, org, pact, member_user):
    client.force_login(member_user)
    page = client.get(url("agreement", org, pact.pk)).content.decode()
    assert "Lia Neri" in page  # the cooperative knows its residents
    assert "lia.neri@example.org" not in page
    assert "333 1234567" not in page
    assert 'data-testid="volunteers"' not in page
    answer = client.post(
        url("agreement", org, pact.pk), {"action": "duty", "title": "x", "due_date": "2026-01-01"}
    )
    assert answer.status_code == 404


def test_the_office_sees_contacts_and_lapsing_insurance(client, org, pact, admin_user):
    volunteer = VolunteerFactory.create(organization=org, start_date=days(-400))
    volunteer.insurances.create(
        organization=org, insurer="INAIL", policy_number="P1",
        valid_from=days(-10), valid_to=days(20),
    )  # fmt: skip
    services.pact_volunteer_save(actor=None, agreement=pact, volunteer=volunteer, active=True)
    client.force_login(admin_user)
    page = client.get(url("agreement", org, pact.pk)).content.decode()
    assert "lia.neri@example.org" in page
    assert "la copertura finisce prima del patto" in page


def test_a_report_with_a_picture_and_its_pdf(client, org, pact, admin_user, media):
    duty = services.duty_add(
        actor=None, agreement=pact, title="Relazione annuale", due_date=days(0)
    )
    client.force_login(admin_user)
    data = {key: str(value) for key, value in report_data().items()}
    answer = client.post(url("report_create", org, pact.pk), {"duty": duty.pk, **data})
    report = ActivityReport.objects.get()
    assert (answer.url, report.duty) == (url("report", org, report.pk), duty)
    refused = client.post(
        url("report", org, report.pk),
        {"action": "picture", "title": "x", "upload": SimpleUploadedFile("x.gif", b"GIF89a")},
    )
    assert "JPEG, PNG o WebP" in refused.content.decode()
    client.post(
        url("report", org, report.pk),
        {"action": "picture", "title": "La sala riaperta", "upload": png(size=(400, 300))},
    )
    assert "La sala riaperta" in client.get(url("report", org, report.pk)).content.decode()
    pdf = client.get(url("report_pdf", org, report.pk))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert ink(page_one_png(pdf.content)) > 2000  # text and the picture, not a blank page
    assert b"lia.neri" not in pdf.content


def test_a_report_after_the_end_is_refused_on_the_page(
    client, org, comune, municipality, admin_user
):
    ended = pact_of(asset_of(org, comune, municipality), start=-400, end=-1)
    client.force_login(admin_user)
    data = {key: str(value) for key, value in report_data(period_end=days(-2)).items()}
    answer = client.post(url("report_create", org, ended.pk), data)
    assert "L&#x27;accordo è terminato il" in answer.content.decode()
    assert not ActivityReport.objects.exists()


def test_renewing_on_the_page_keeps_the_old_period(client, org, pact, admin_user):
    client.force_login(admin_user)
    answer = client.post(
        url("agreement_renew", org, pact.pk),
        {"start_date": days(266).isoformat(), "end_date": days(996).isoformat()},
    )
    renewal = Agreement.objects.get(previous=pact)
    assert answer.url == url("agreement", org, renewal.pk)
    page = client.get(url("agreement", org, pact.pk)).content.decode()
    assert "Rinnovato da" in page


def test_an_outsider_gets_404(client, org, pact, outsider):
    report = services.report_create(actor=None, agreement=pact, duty=None, data=report_data())
    client.force_login(outsider)
    for name, pk in (("agreement", pact.pk), ("report", report.pk), ("report_pdf", report.pk)):
        assert client.get(url(name, org, pk)).status_code == 404


def test_the_list_and_the_pact_page_do_not_grow_in_queries(client, org, pact, admin_user):
    def add(n):
        for i in range(n):
            pact_of(pact.asset, title=f"Patto {i}")
            services.party_add(
                actor=None, agreement=pact, data={"role": "associazione", "name": f"Pro loco {i}",
                                                  "duties": "Feste"},
            )  # fmt: skip
            volunteer = VolunteerFactory.create(organization=org, start_date=days(-400))
            InsuranceFactory.create(volunteer=volunteer, valid_from=days(-10), valid_to=days(9))
            services.pact_volunteer_save(
                actor=None, agreement=pact, volunteer=volunteer, active=True
            )
            services.duty_add(actor=None, agreement=pact, title=f"R{i}", due_date=days(i))
            services.report_create(actor=None, agreement=pact, duty=None, data=report_data())

    def queries(name, *args):
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url(name, org, *args)).status_code == 200
        return len(seen)

    client.force_login(admin_user)
    add(1)
    few = queries("agreements"), queries("agreement", pact.pk)
    add(4)
    assert (queries("agreements"), queries("agreement", pact.pk)) == few
