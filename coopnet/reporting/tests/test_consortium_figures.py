"""The consortium page's figures of its members: counts only, small cells hidden."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coopnet.care.tests.factories import VisitFactory, paid_carer
from coopnet.compliance.tests.conftest import new_org, staff
from coopnet.compliance.tests.factories import MembershipFactory
from coopnet.core.models import Affiliation, OrganizationKind
from coopnet.members.models import ShareAccount
from coopnet.reporting.selectors import consortium_figures
from coopnet.workforce.models import Employment

pytestmark = pytest.mark.django_db


def _coop(consortium, name, *, members=0, workers=0, disadvantaged=0, capital="0", minutes=()):
    coop = new_org(short_name=name, kind=OrganizationKind.SOCIAL_COOP_B)
    if consortium is not None:
        Affiliation.objects.create(
            organization=coop, group=consortium, start_date=dt.date(2020, 1, 1)
        )
    memberships = MembershipFactory.create_batch(members, organization=coop)
    if memberships:
        ShareAccount.objects.create(
            organization=coop, membership=memberships[0], shares=1, subscribed=Decimal(capital)
        )
    carer = paid_carer(coop) if minutes else None  # employed: one of the ``workers``
    staff(coop, workers - bool(carer), disadvantaged=disadvantaged)
    today = timezone.localdate()
    for spent in minutes:
        VisitFactory(
            line__organization=coop,
            date=today,
            status="done",
            carer=carer,
            planned_start=dt.datetime.combine(
                today, dt.time(9), tzinfo=timezone.get_current_timezone()
            ),
            delivered_minutes=spent,
            by_volunteer=False,
        )
    return coop


def _alfa(consortium):
    """9 members, 6 disadvantaged of 12 workers, 1.000 € of capital, 4 h 06 min of care."""
    return _coop(
        consortium,
        "Alfa",
        members=9,
        workers=12,
        disadvantaged=6,
        capital="1000",
        minutes=[200, 46],
    )


def test_figures_sum_the_members_and_hide_small_cells(consortium):
    # given two affiliates (the second with one disadvantaged worker) and one outside
    _alfa(consortium)
    _coop(consortium, "Beta", members=3, workers=3, disadvantaged=1, capital="250.50")
    _coop(None, "Fuori", members=50, workers=50, capital="99999", minutes=[600])
    # when
    figures = consortium_figures(consortium, timezone.localdate())
    # then each affiliate has its counts; the outsider is not counted
    alfa, beta = figures.rows
    assert (alfa.name, alfa.members, alfa.workers, alfa.capital) == ("Alfa", 9, 12, Decimal("1000"))
    assert alfa.care_minutes == 246
    assert (beta.members, beta.workers, beta.capital) == (3, 3, Decimal("250.50"))
    # Beta's 1 of 3 is hidden, and so is Alfa's 6 (else the total minus Alfa would give Beta's)
    assert beta.disadvantaged is None
    assert alfa.disadvantaged is None
    total = figures.total
    assert (total.members, total.workers, total.disadvantaged) == (12, 15, 7)
    assert total.capital == Decimal("1250.50")
    assert total.care_minutes == 246


def test_consortium_page_shows_the_figures_in_italian_without_names(
    client, consortium, consortium_staff
):
    alfa = _alfa(consortium)
    _coop(consortium, "Beta", members=12, workers=10, disadvantaged=5, capital="250.50")
    client.force_login(consortium_staff)

    page = client.get(reverse("network:consortium", args=[consortium.slug])).text

    assert "Numeri delle aderenti" in page
    assert "<td>1.000,00 €</td>" in page
    assert "<td>1.250,50 €</td>" in page  # the total
    assert "<td>4 h 06 min</td>" in page
    assert "<td>6 (50%)</td>" in page
    assert "<td>11 (50%)</td>" in page
    workers = Employment.objects.filter(organization=alfa).select_related("person")
    assert workers
    for job in workers:
        assert job.person.display_name not in page


def test_figures_take_one_query_each_whatever_the_number_of_members(consortium):
    _coop(consortium, "Alfa", members=2, workers=2, minutes=[30])

    def count():
        with CaptureQueriesContext(connection) as queries:
            consortium_figures(consortium, timezone.localdate())
        return len(queries)

    few = count()
    for name in ("Beta", "Gamma", "Delta"):
        _coop(consortium, name, members=3, workers=6, disadvantaged=5, minutes=[60])
    assert count() == few == 5  # members list, members, capital, workers, care hours


def test_figures_export_as_csv_and_xlsx(client, consortium, consortium_staff):
    _coop(consortium, "Alfa", members=9, workers=12, disadvantaged=6, capital="1000", minutes=[90])
    client.force_login(consortium_staff)
    url = reverse("reporting:consortium_figures", args=[consortium.slug])

    lines = client.get(url, {"format": "csv"}).content.decode("utf-8-sig").splitlines()

    assert lines[0].startswith("Organizzazione;Tipo;Soci;Lavoratori;Lavoratori svantaggiati;")
    assert lines[1] == "Alfa;Cooperativa sociale di tipo B;9;12;6;0,5000;1000,00;1,50"
    assert lines[2] == "Totale;;9;12;6;0,5000;1000,00;1,50"
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(url, {"format": "pdf"}).status_code == 404


def test_outsiders_and_cooperatives_do_not_see_the_figures(
    client, consortium, org, admin_user, outsider
):
    url = reverse("reporting:consortium_figures", args=[consortium.slug])
    client.force_login(outsider)
    assert client.get(url, {"format": "csv"}).status_code == 404
    client.force_login(admin_user)  # administrator of a cooperative: not a consortium
    assert (
        client.get(
            reverse("reporting:consortium_figures", args=[org.slug]), {"format": "csv"}
        ).status_code
        == 404
    )
