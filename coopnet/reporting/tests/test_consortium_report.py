"""A consortium's network and its members' figures: the consortium report's extra tables
(aggregates only, small cells hidden) and the filters the network dashboard uses."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopnet.compliance.tests.factories import MembershipFactory
from coopnet.core.models import (
    Affiliation,
    Comune,
    OrganizationKind,
    OrganizationSector,
    ServedComune,
)
from coopnet.core.tests.factories import new_org
from coopnet.reporting import selectors, services
from coopnet.reporting.consortium import Filters, network_figures, network_ids

from .fixtures import YEAR, year_2025
from .test_approval import attestation, complete, decided_item

pytestmark = pytest.mark.django_db

JOINED = dt.date(2020, 1, 1)


def _join(organization, group, start=JOINED, end=None):
    Affiliation.objects.create(
        organization=organization, group=group, start_date=start, end_date=end
    )


def queries(function, *args):
    """How many queries ``function(*args)`` makes."""
    with CaptureQueriesContext(connection) as done:
        function(*args)
    return len(done)


def _serves(organization, *names):
    for name in names:
        ServedComune.objects.create(organization=organization, comune=Comune.objects.get(name=name))


@pytest.fixture
def network(consortium):
    """Alfa (the fixtures' 2025: 5 members, 3 workers of whom 1 disadvantaged, 2 beneficiaries,
    3 h 45 min of care, 900 € from public bodies; serves Firenze) joins the consortium
    directly; Beta (6 members; serves Firenze and Prato) through the consortium Rete Sud; Fuori
    is outside and Ex left in 2024."""
    alfa = new_org(short_name="Alfa", kind=OrganizationKind.SOCIAL_COOP_A)
    year_2025(alfa)
    OrganizationSector.objects.create(organization=alfa, code="88.10.00")
    _serves(alfa, "Firenze")
    _join(alfa, consortium)
    rete = new_org(short_name="Rete Sud", kind=OrganizationKind.CONSORTIUM)
    _join(rete, consortium)
    beta = new_org(short_name="Beta", kind=OrganizationKind.SOCIAL_COOP_B)
    MembershipFactory.create_batch(6, organization=beta, admitted_on=dt.date(2024, 1, 1))
    _serves(beta, "Firenze", "Prato")
    _join(beta, rete)
    fuori = new_org(short_name="Fuori")
    MembershipFactory.create_batch(9, organization=fuori, admitted_on=dt.date(2024, 1, 1))
    _join(fuori, rete, dt.date(2019, 1, 1), dt.date(2024, 6, 30))
    return {"alfa": alfa, "rete": rete, "beta": beta, "fuori": fuori}


def test_the_network_goes_down_the_consortia_of_consortia(consortium, network):
    day = dt.date(YEAR, 12, 31)
    assert set(network_ids(consortium, day)) == {
        network["alfa"].pk,
        network["rete"].pk,
        network["beta"].pk,
    }
    # in 2023 Fuori was still a member of Rete Sud
    assert network["fuori"].pk in network_ids(consortium, dt.date(2023, 12, 31))
    assert network_ids(network["beta"], day) == []


def test_members_figures_add_up_with_small_cells_hidden(consortium, network):
    figures = network_figures(consortium, YEAR)

    alfa, beta, rete = figures.rows
    assert [r.name for r in figures.rows] == ["Alfa", "Beta", "Rete Sud"]
    assert (alfa.members, beta.members, rete.members) == (5, 6, 0)
    assert alfa.care_hours == Decimal("3.75")
    assert alfa.public_revenue == Decimal("900")
    assert (alfa.comuni, beta.comuni) == (1, 2)
    # 3 workers and 2 beneficiaries are fewer than 5 people: hidden, in the row and the total
    assert alfa.workers is None
    assert alfa.beneficiaries is None
    assert alfa.disadvantaged is None
    total = figures.total
    assert (total.members, total.workers, total.beneficiaries) == (11, None, None)
    assert total.care_hours == Decimal("3.75")
    assert total.comuni == 2  # distinct comuni served
    assert [(t.name, t.province, t.members) for t in figures.territories] == [
        ("Firenze", "FI", 2),
        ("Prato", "PO", 1),
    ]
    assert figures.minimum == 5


def test_one_small_member_hides_the_next_smallest_too(consortium, network):
    MembershipFactory.create_batch(3, organization=network["rete"], admitted_on=dt.date(2024, 1, 1))
    rows = {r.name: r.members for r in network_figures(consortium, YEAR).rows}
    assert rows == {"Alfa": None, "Beta": 6, "Rete Sud": None}


def test_filters_narrow_the_members_and_the_services(consortium, network):
    only_beta = network_figures(consortium, YEAR, Filters(member=network["beta"].pk))
    assert [r.name for r in only_beta.rows] == ["Beta"]
    assert only_beta.total.members == 6
    social_work = network_figures(consortium, YEAR, Filters(sector="88"))
    assert [r.name for r in social_work.rows] == ["Alfa"]
    meals = network_figures(consortium, YEAR, Filters(service="Pasti"))
    assert meals.rows[0].care_hours == Decimal("1.5")


def test_figures_take_the_same_queries_whatever_the_number_of_members(consortium, network):
    few = queries(network_figures, consortium, YEAR)
    for n in range(4):
        coop = new_org(short_name=f"Coop {n}")
        MembershipFactory.create_batch(5, organization=coop, admitted_on=dt.date(2024, 1, 1))
        _join(coop, network["rete"])
    assert queries(network_figures, consortium, YEAR) == few


def test_a_consortium_report_lists_its_members_services_and_figures(
    client, consortium, consortium_staff, network
):
    report = services.report_create(actor=consortium_staff, organization=consortium, year=YEAR)

    states = selectors.section_states(report)

    part = states[1].consortium
    assert part is not None
    assert all(s.consortium is None for s in states if s is not states[1])
    alfa = part.members[0]
    assert (alfa.name, alfa.services) == ("Alfa", ["Assistenza", "Pasti"])
    assert alfa.sectors[0].startswith("88.10.00 ")
    sections: Any = selectors.report_content(report)["sections"]
    frozen = sections[1]["consortium"]
    assert frozen["figures"][0] == ["Alfa", 5, None, None, None, 1, "3.75", "900.00"]
    client.force_login(consortium_staff)
    page = client.get(reverse("reporting:report", args=[consortium.slug, report.pk])).text
    assert "Le organizzazioni aderenti e i servizi che gestiscono" in page
    assert "Assistenza; Pasti" in page
    assert '<td class="num">n.d.</td>' in page
    assert '<td class="num">900,00 €</td>' in page


def test_a_cooperative_report_has_no_members_part(org, admin_user):
    report = services.report_create(actor=admin_user, organization=org, year=YEAR)
    assert all(s.consortium is None for s in selectors.section_states(report))
    sections: Any = selectors.report_content(report)["sections"]
    assert all("consortium" not in s for s in sections)


def test_an_approved_consortium_report_publishes_its_members_as_approved(
    client, media, consortium, consortium_staff, network
):
    report = services.report_create(actor=consortium_staff, organization=consortium, year=YEAR)
    complete(report, consortium_staff)
    services.report_review(actor=consortium_staff, report=report, attestation=attestation())
    item = decided_item(consortium)
    services.report_approve(actor=consortium_staff, report=report, item=item)
    # after the approval Alfa admits 7 more members: the published report keeps its 5
    MembershipFactory.create_batch(7, organization=network["alfa"], admitted_on=JOINED)

    page = client.get(reverse("reporting:public_report", args=[consortium.slug, YEAR])).text

    assert "Le organizzazioni aderenti e i servizi che gestiscono" in page
    assert "Assistenza; Pasti" in page
    kind = OrganizationKind.SOCIAL_COOP_A.label
    assert f'<th scope="row">Alfa</th><td>{kind}</td><td class="num">5</td>' in page
    assert '<td class="num">900,00 €</td>' in page
    assert '<td class="num">n.d.</td>' in page
