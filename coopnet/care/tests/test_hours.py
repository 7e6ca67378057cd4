"""Delivered hours: sums by carer, beneficiary and service per month, paid and volunteer apart."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from coopnet.care import selectors
from coopnet.care.services import visits

from .conftest import at
from .factories import LineFactory, VisitFactory, paid_carer, volunteer_carer

pytestmark = pytest.mark.django_db

JUNE, JULY = dt.date(2025, 6, 2), dt.date(2025, 7, 7)


def given(org, carer, day, minutes, line=None):
    visit = VisitFactory.create(line=line or LineFactory.create(organization=org), date=day)
    visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=at(day, 9))
    visits.visit_check_in(actor=None, visit=visit, at=at(day, 9))
    visits.visit_check_out(actor=None, visit=visit, at=at(day, 9) + dt.timedelta(minutes=minutes))
    return visit


@pytest.fixture
def delivered(org):
    worker, volunteer = paid_carer(org), volunteer_carer(org)
    line = LineFactory.create(organization=org)
    given(org, worker, JUNE, 90, line)
    given(org, worker, JUNE + dt.timedelta(days=1), 30, line)
    given(org, volunteer, JUNE + dt.timedelta(days=2), 60, line)
    given(org, worker, JULY, 45)
    # a visit not given does not count
    VisitFactory.create(line=line, date=JUNE + dt.timedelta(days=3))
    return worker, volunteer, line


def test_hours_by_service_and_month_keep_paid_and_volunteer_apart(org, delivered):
    _worker, _volunteer, line = delivered
    rows = selectors.delivered_hours(org, start=JUNE, end=JULY, by="service")
    june = [r for r in rows if r.month == dt.date(2025, 6, 1)]
    assert len(june) == 1
    assert june[0].label == line.service_type.name
    assert (june[0].paid_hours, june[0].volunteer_hours) == (Decimal("2.00"), Decimal("1.00"))
    assert sum(r.total_hours for r in rows) == Decimal("3.75")


def test_hours_by_carer(org, delivered):
    worker, volunteer, _line = delivered
    rows = selectors.delivered_hours(org, start=JUNE, end=JUNE + dt.timedelta(days=5), by="carer")
    by_label = {r.label: r for r in rows}
    assert by_label[f"{worker.person.surname} {worker.person.given_name}"].paid_minutes == 120
    assert (
        by_label[f"{volunteer.person.surname} {volunteer.person.given_name}"].volunteer_minutes
        == 60
    )


def test_hours_by_beneficiary_and_other_organizations(org, other_org, delivered):
    given(other_org, paid_carer(other_org), JUNE, 600)
    rows = selectors.delivered_hours(org, start=JUNE, end=JULY, by="beneficiary")
    assert sum(r.paid_minutes + r.volunteer_minutes for r in rows) == 225


def test_hours_export_as_csv_and_xlsx(client, admin_user, org, delivered):
    client.force_login(admin_user)
    url = f"/o/{org.slug}/care/hours/?start=2025-06-01&end=2025-07-31&by=service"
    csv = client.get(url + "&format=csv")
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert "Ore retribuite;Ore di volontariato" in text
    assert ";2,00;1,00;3,00" in text
    xlsx = client.get(url + "&format=xlsx")
    sheet = load_workbook(BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Servizio"
    assert any(row[2] == 2 and row[3] == 1 for row in values[1:])


def test_the_hours_page_shows_hours_and_minutes_not_decimal_hours(client, admin_user, org):
    # given 4 hours and 6 minutes given by a paid carer (4,10 hours as a decimal)
    given(org, paid_carer(org), JUNE, 246)
    client.force_login(admin_user)
    # when the hours page is shown in Italian
    page = client.get(
        f"/o/{org.slug}/care/hours/?start=2025-06-01&end=2025-06-30&by=carer",
        headers={"Accept-Language": "it"},
    ).content.decode()
    # then the row and the total read "4 h 06 min", never the decimal "4,10"
    assert page.count("4 h 06 min") == 3  # the row's paid and total hours, the paid total
    assert "4,10" not in page
    assert "4.10" not in page
