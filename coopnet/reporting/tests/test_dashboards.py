"""Dashboards: a cooperative's year by month against last year; a network's figures, charts,
filters and exports; who sees them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coopnet.compliance.tests.factories import MembershipFactory
from coopnet.core.models import Affiliation, OrganizationKind
from coopnet.core.tests.factories import new_org
from coopnet.reporting.consortium import Filters
from coopnet.reporting.dashboards import coop_dashboard, network_dashboard

from .fixtures import YEAR, year_2025
from .test_consortium_report import network, queries  # noqa: F401  the fixture

pytestmark = pytest.mark.django_db


def _series(dashboard, key):
    found = next(m for m in dashboard.monthly if m.key == key)
    return found.this_year, found.last_year


def test_a_cooperative_year_by_month_against_last_year(org):
    # given the fixtures' 2025 (the members' book, staff, care, invoices)
    year_2025(org)
    found = coop_dashboard(org, YEAR)
    assert len(found.months) == 12
    assert found.months[0] == "Gen"
    members, members_before = _series(found, "members")
    # 5 members from long ago; a user member from March; one left on 10 May
    assert (members_before[11], members[1], members[2], members[4], members[11]) == (5, 5, 6, 5, 5)
    hours, _none = _series(found, "care_hours")
    assert hours[5] == Decimal("3.75")  # four visits on 2 June
    assert sum(hours) == Decimal("3.75")
    revenue, revenue_before = _series(found, "public_revenue")
    assert (revenue[2], revenue[3], revenue_before[11]) == (1000, -100, 777)
    summary = {row.label: row for row in found.summary}
    assert (summary["Beneficiari"].current, summary["Beneficiari"].previous) == (2, 0)
    assert summary["Ricavi da enti pubblici"].current == 900
    assert summary["Ricavi da enti pubblici"].change == Decimal(900 - 777) / 777
    assert summary["Ore di assistenza"].change is None  # none last year


def test_the_year_so_far_compares_the_same_months(org):
    found = coop_dashboard(org, timezone.localdate().year)
    assert len(found.months) == timezone.localdate().month
    assert found.previous.end.month == found.period.end.month
    assert all(len(m.this_year) == len(found.months) == len(m.last_year) for m in found.monthly)


def test_the_page_has_each_chart_with_its_table_and_exports(client, org, admin_user):
    year_2025(org)
    client.force_login(admin_user)
    url = reverse("reporting:dashboard", args=[org.slug])

    page = client.get(url, {"year": YEAR}).text

    for key in ("members", "workers", "care_hours", "beneficiaries", "public_revenue"):
        assert f'data-testid="chart-chart-{key}"' in page
    assert '<td class="num">3 h 45 min</td>' in page  # the summary, Italian style
    assert '<th scope="row">Giu</th><td class="num">3,75</td>' in page  # the chart's table
    lines = client.get(url, {"year": YEAR, "format": "csv"}).content.decode("utf-8-sig")
    rows = lines.splitlines()
    assert rows[0].startswith("Mese;Soci a fine mese 2025;Soci a fine mese 2024;")
    assert rows[6] == "Giu;5;5;3;3;3,75;0,00;2;0;0,00;0,00"
    xlsx = client.get(url, {"year": YEAR, "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(url, {"format": "pdf"}).status_code == 404


def test_a_bad_year_is_named_and_this_year_shown(client, org, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("reporting:dashboard", args=[org.slug]), {"year": "3000"})
    assert response.status_code == 200
    assert "Anno: indica un anno" in response.text
    assert response.context["year"] == timezone.localdate().year


def test_the_network_page_filters_charts_and_exports(client, consortium, consortium_staff, network):  # noqa: F811
    client.force_login(consortium_staff)
    url = reverse("reporting:network", args=[consortium.slug])

    page = client.get(url, {"year": YEAR}).text

    assert 'data-testid="chart-chart-care_hours"' in page
    assert 'data-testid="chart-chart-public_revenue"' in page
    assert "chart-chart-beneficiaries" not in page  # people by month: not on the network's page
    assert '<th scope="row">Prato</th><td>PO</td><td class="num">1</td>' in page
    assert '<td class="num">n.d.</td>' in page
    assert '<option value="88">88 Attività di assistenza sociale non residenziale</option>' in page
    beta = str(network["beta"].pk)
    only_beta = client.get(url, {"year": YEAR, "member": beta}).text
    assert "Alfa" not in only_beta.split('data-testid="network-figures"')[1].split("</table>")[0]
    csv = client.get(url, {"year": YEAR, "member": beta, "format": "csv"})
    rows = csv.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Organizzazione;Tipo;Soci;Lavoratori;")
    assert rows[1] == "Beta;Cooperativa sociale di tipo B;6;0;;;0;0,00;2;0,00"
    assert rows[2].startswith("Totale;;6;")
    # a value not on offer is ignored, not an error
    assert client.get(url, {"member": "999999", "service": "x", "sector": "zz"}).status_code == 200


def test_the_network_dashboard_takes_the_same_queries_for_more_members(consortium, network):  # noqa: F811
    few = queries(network_dashboard, consortium, YEAR)
    for n in range(5):
        coop = new_org(short_name=f"Coop {n}")
        MembershipFactory.create_batch(6, organization=coop)
        Affiliation.objects.create(
            organization=coop, group=network["rete"], start_date=dt.date(2020, 1, 1)
        )
    assert queries(network_dashboard, consortium, YEAR) == few


def test_who_sees_the_dashboards(client, org, consortium, consortium_staff, admin_user, outsider):
    Affiliation.objects.create(organization=org, group=consortium, start_date=dt.date(2020, 1, 1))
    own = reverse("reporting:dashboard", args=[org.slug])
    group = reverse("reporting:network", args=[consortium.slug])
    client.force_login(outsider)
    assert client.get(own).status_code == 404
    assert client.get(group).status_code == 404
    client.force_login(consortium_staff)  # not the office of an affiliate
    assert client.get(own).status_code == 404
    assert client.get(group).status_code == 200
    client.force_login(admin_user)  # a cooperative is not a network
    assert client.get(own).status_code == 200
    assert client.get(reverse("reporting:network", args=[org.slug])).status_code == 404


def test_the_comuni_served_are_on_the_map(client, consortium, consortium_staff, network):  # noqa: F811
    client.force_login(consortium_staff)
    page = client.get(reverse("reporting:network", args=[consortium.slug]), {"year": YEAR}).text
    geojson_url = reverse("reporting:network_comuni", args=[consortium.slug])
    assert f'data-geojson="{geojson_url}?year={YEAR}"' in page

    found = client.get(geojson_url, {"year": YEAR})

    assert found["Content-Type"] == "application/geo+json"
    features = found.json()["features"]
    assert [f["properties"]["name"] for f in features] == ["Firenze (FI)", "Prato (PO)"]
    assert features[0]["properties"]["summary"] == "2 organizzazioni della rete"
    longitude, latitude = features[0]["geometry"]["coordinates"]
    assert 11 < longitude < 11.5
    assert 43.6 < latitude < 43.9
    only_alfa = client.get(geojson_url, {"year": YEAR, "member": network["alfa"].pk}).json()
    assert [f["properties"]["organizations"] for f in only_alfa["features"]] == [1]


def test_the_network_months_are_summed_by_the_database(consortium, network):  # noqa: F811
    # given Alfa's 2025 in the network (care on 2 June, public invoices in March, April and
    # December 2024) and Beta with no care nor invoices
    found = network_dashboard(consortium, YEAR)

    hours, hours_before = _series(found, "care_hours")
    assert hours == [0] * 5 + [Decimal("3.75")] + [0] * 6
    assert hours_before == [0] * 12
    revenue, revenue_before = _series(found, "public_revenue")
    assert (revenue[2], revenue[3], sum(revenue)) == (1000, -100, 900)  # the credit note
    assert revenue_before == [0] * 11 + [777]
    meals = network_dashboard(consortium, YEAR, Filters(service="Pasti"))
    assert _series(meals, "care_hours")[0][5] == Decimal("1.5")


def test_the_network_page_takes_the_same_queries_for_more_members(
    client,
    consortium,
    consortium_staff,
    network,  # noqa: F811
):
    client.force_login(consortium_staff)
    url = reverse("reporting:network", args=[consortium.slug])
    client.get(url, {"year": YEAR})  # the session and the parameters are read once

    def page_queries():
        with CaptureQueriesContext(connection) as done:
            assert client.get(url, {"year": YEAR}).status_code == 200
        return len(done)

    few = page_queries()
    for n in range(5):
        coop = new_org(short_name=f"Coop {n}", kind=OrganizationKind.SOCIAL_COOP_A)
        year_2025(coop)
        Affiliation.objects.create(
            organization=coop, group=network["rete"], start_date=dt.date(2020, 1, 1)
        )
    assert page_queries() == few
