"""Members' statements (page and PDF) and the community's dashboard over the hand-computed DST
day of test_settle.py: the person withdraws 13.5 kWh (0.5 kWh in 21 hours, 1 at noon, 2 at
1 pm) and gets 1.667 of the 4 kWh shared, 0.21 of the 0.44 € premium and 0.02 of the 0.04 €
valorisation; the municipality's plant injects 6 kWh (5 at noon, 1 at 1 pm)."""

import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from PIL import Image

from coopnet.core.tests.pdf import ink, page_one_png, pdf_text
from coopnet.energy import services
from coopnet.energy.models import EnergyMember
from coopnet.energy.statements import member_statement, statement_pdf

from .conftest import DAY, PERSON, PLANT, TOWN


@pytest.fixture
def settled(registered, meters_file, prices_file, admin_user):
    services.prices_import(organization=registered, actor=None, path=prices_file)
    assert services.readings_import(organization=registered, actor=None, path=meters_file).ok
    return services.settlement_run(
        organization=registered, actor=admin_user, first_day=DAY, last_day=DAY
    )


def _member(org, tax_code):
    return EnergyMember.objects.for_org(org).get(tax_code=tax_code)


def _svg(html):
    return html[html.index("<svg") : html.index("</svg>")]


def test_a_consumer_statement_has_their_energy_shares_and_average_day(settled):
    statement = member_statement(settled, _member(settled.organization, PERSON))
    assert str(statement.withdrawn_kwh) == "13.5"
    assert statement.injected_kwh == 0
    assert (str(statement.shared_kwh), str(statement.community_shared_kwh)) == ("1.667", "4.000")
    assert (str(statement.premium_eur), str(statement.valorisation_eur)) == ("0.21", "0.02")
    assert str(statement.eur) == "0.23"
    rows = dict(statement.chart.rows)
    assert [str(v) for v in rows["12"]] == ["1"]  # one day: the hour's kWh
    assert [str(v) for v in rows["13"]] == ["2"]
    assert [str(v) for v in rows["2"]] == ["0"]  # 2 am does not exist on 29 March
    assert len(statement.chart.series) == 1  # no plant: no injection bars


def test_a_plant_owner_sees_the_plant_and_its_injection(settled):
    statement = member_statement(settled, _member(settled.organization, TOWN))
    assert str(statement.injected_kwh) == "6"
    assert statement.shared_kwh == 0
    assert [p["tip_eur"] for p in statement.plants] == ["0.44"]
    injected = dict(zip(statement.chart.categories, statement.chart.series[1].values, strict=True))
    assert (str(injected["12"]), str(injected["13"])) == ("5", "1")


def test_the_statement_page_and_pdf_show_the_same_chart_with_plain_numbers(
    client, settled, admin_user
):
    member = _member(settled.organization, PERSON)
    args = [settled.organization.slug, settled.pk, member.pk]
    client.force_login(admin_user)
    with translation.override("it"), override_settings(USE_THOUSAND_SEPARATOR=True):
        page = client.get(reverse("energy:statement", args=args)).content.decode()
        pdf_answer = client.get(reverse("energy:statement_pdf", args=args))
    assert "Mario Rossi" in page
    assert "41,7% dei 4,000 kWh condivisi dalla comunità" in page
    assert "0,23 €" in page
    svg = _svg(page)
    assert "Giornata media" in svg
    assert not re.search(r'="[^"]*\d,\d', svg)  # no decimal comma in any attribute
    assert pdf_answer["Content-Type"] == "application/pdf"
    assert PERSON in pdf_answer["Content-Disposition"]
    pdf = pdf_answer.content
    text = pdf_text(pdf)
    assert "Estratto conto energia" in text
    assert "Mario Rossi" in text
    assert "Giornata media" in text  # the SVG's title drawn... or the table's caption
    image = page_one_png(pdf)
    assert ink(image) > 3000
    assert ink(Image.new("L", image.size, 255)) == 0


def test_the_statement_shows_what_the_distribution_gave_the_member(client, settled, admin_user):
    org = settled.organization
    member = _member(org, PERSON)
    args = [org.slug, settled.pk, member.pk]
    client.force_login(admin_user)
    with translation.override("it"):
        before = client.get(reverse("energy:statement", args=args)).content.decode()
    assert "Quanto ricevi dalla distribuzione" not in before
    services.rule_create(
        organization=org,
        actor=None,
        valid_from=dt.date(DAY.year, 1, 1),
        owners_pct=Decimal(20),
        consumers_pct=Decimal(70),
        fund_pct=Decimal(10),
        fund_purpose="Famiglie vulnerabili",
    )
    services.distribution_create(organization=org, actor=None, settlement=settled)
    # 0.48 €: consumers' 70% = 0.336 by 2333 and 1667 Wh, the person 0.140028 -> 0.14
    # (test_distribution.py); no plant, so no owners' quota
    with translation.override("it"):
        page = client.get(reverse("energy:statement", args=args)).content.decode()
        text = pdf_text(client.get(reverse("energy:statement_pdf", args=args)).content)
    table = page[page.index('data-testid="distributed"') :]
    table = table[: table.index("</table>")]
    assert re.search(r"Quota dei titolari degli impianti</th><td[^>]*>0,00 €", table)
    assert re.search(r"Quota dei consumatori</th><td[^>]*>0,14 €", table)
    assert re.search(r"Importo distribuito a te</th><td[^>]*>0,14 €", table)
    assert "R-CER-6" not in table  # nothing cut from a natural person
    assert "Quanto ricevi dalla distribuzione ai membri" in text
    assert re.search(r"Importo distribuito a te\s*0,14 €", text)


def test_the_pdf_draws_the_chart(settled):
    """The SVG is drawn in the PDF: the page with the chart has more ink than without it."""
    statement = member_statement(settled, _member(settled.organization, PERSON))
    with_chart = ink(page_one_png(statement_pdf(statement)))
    blank = replace(statement, chart=replace(statement.chart, svg=mark_safe("")))
    assert with_chart > ink(page_one_png(statement_pdf(blank))) + 2000


def test_the_settlement_page_links_each_member_to_their_statement(client, settled, admin_user):
    member = _member(settled.organization, PERSON)
    client.force_login(admin_user)
    page = client.get(reverse("energy:settlement", args=[settled.organization.slug, settled.pk]))
    url = reverse("energy:statement", args=[settled.organization.slug, settled.pk, member.pk])
    assert f'href="{url}"' in page.content.decode()


def test_the_dashboard_shows_the_settled_months_the_threshold_and_members_by_kind(
    client, registered, meters_file, prices_file, admin_user
):
    services.prices_import(organization=registered, actor=None, path=prices_file)
    services.readings_import(organization=registered, actor=None, path=meters_file)
    march = services.settlement_run(
        organization=registered,
        actor=None,
        first_day=dt.date(2026, 3, 1),
        last_day=dt.date(2026, 3, 31),
    )
    services.settlement_run(  # a single day is not a month: not on the dashboard
        organization=registered, actor=None, first_day=DAY, last_day=DAY
    )
    client.force_login(admin_user)
    with translation.override("it"):
        answer = client.get(reverse("energy:dashboard", args=[registered.slug]))
    html = answer.content.decode()
    assert answer.context["year"] == 2026
    assert list(answer.context["months"]) == [3]
    assert answer.context["months"][3] == march.result
    energy, share, premium, kinds = answer.context["charts"]
    assert dict(energy.rows)["mar"] == [6, 4]
    assert dict(energy.rows)["gen"] == [None, None]
    assert [str(round(v, 2)) for v in dict(share.rows)["mar"]] == ["66.67"]
    assert [t.value for t in share.thresholds] == [45]  # the plant has a grant
    assert "Soglia R-CER-6: 45%" in html
    assert premium.categories == (PLANT,)
    assert [str(v) for v in premium.series[0].values] == ["0.44"]
    assert dict(kinds.rows)["Persona fisica"] == [1]
    assert dict(kinds.rows)["Piccola o media impresa"] == [1]
    assert dict(kinds.rows)["Ente religioso"] == [0]
    assert html.count("<svg") == 4
    assert "66,7" in html  # the table, in Italian


def test_a_bad_year_keeps_the_default_and_says_why(client, registered, admin_user):
    client.force_login(admin_user)
    answer = client.get(reverse("energy:dashboard", args=[registered.slug]), {"anno": "abc"})
    assert answer.status_code == 200
    assert answer.context["year"] == timezone.localdate().year


def test_a_coordinator_reads_statements_and_outsiders_get_404(
    client, settled, coordinator, outsider
):
    member = _member(settled.organization, PERSON)
    args = [settled.organization.slug, settled.pk, member.pk]
    client.force_login(coordinator)
    assert client.get(reverse("energy:statement", args=args)).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("energy:statement", args=args)).status_code == 404
    assert client.get(reverse("energy:statement_pdf", args=args)).status_code == 404
    assert client.get(reverse("energy:dashboard", args=args[:1])).status_code == 404


@pytest.mark.parametrize("months", [1, 3])
def test_the_dashboard_reads_with_a_fixed_query_budget(
    client, registered, admin_user, django_assert_max_num_queries, months
):
    for month in range(1, months + 1):
        first = dt.date(2026, month, 1)
        last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
        services.settlement_run(organization=registered, actor=None, first_day=first, last_day=last)
    client.force_login(admin_user)
    with django_assert_max_num_queries(11):
        answer = client.get(reverse("energy:dashboard", args=[registered.slug]))
    assert len(answer.context["months"]) == months
