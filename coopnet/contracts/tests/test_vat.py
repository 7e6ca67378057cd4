"""VAT by rule, each decision with its rule id: the rates of R-VAT-1, split payment (R-VAT-2)
with its dated EU authorisation, stamp duty (R-VAT-3), reverse charge on building services
(R-VAT-RC) by the buyer's kind; numbers from the parameter table, read in one query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coopnet.contracts.vat import VatParameters, line_rules, line_vat, split_payment, stamp_duty
from coopnet.core.models import OrganizationKind, Parameter
from coopnet.core.tests.factories import OrganizationFactory

DAY = dt.date(2026, 5, 4)
D = Decimal


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rate", "natura", "expected"),
    [
        (D(5), "", (D(5), "", "R-VAT-1 5%")),
        (D("5.00"), "", (D(5), "", "R-VAT-1 5%")),
        (D(22), "", (D(22), "", "R-VAT-1 22%")),
        (None, "N4", (D(0), "N4", "R-VAT-1 N4")),
        (D(10), "", "Aliquota 10%"),
        (D(4), "", "Aliquota 4%"),
        (None, "N2.2", "Natura N2.2"),
        (D(5), "N4", "Natura N4"),
    ],
)
def test_line_rates_by_rule(rate, natura, expected):
    if isinstance(expected, str):
        with pytest.raises(ValidationError, match=expected):
            line_vat(rate, natura, DAY)
    else:
        decision = line_vat(rate, natura, DAY)
        assert (decision.rate, decision.natura, decision.rule) == expected


@pytest.mark.django_db
def test_the_rates_come_from_the_parameter_table():
    Parameter.objects.filter(key="vat.rate_social").update(value=D(4))
    assert line_vat(D(4), "", DAY).rule == "R-VAT-1 5%"
    with pytest.raises(ValidationError):
        line_vat(D(5), "", DAY)
    with pytest.raises(ValidationError, match=r"vat\.rate_social"):
        line_vat(D(4), "", dt.date(2015, 12, 31))  # before L. 208/2015


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("public_body", "rates", "on", "expected"),
    [
        (True, [D(5)], DAY, True),
        (True, [D(0), D(22)], dt.date(2026, 6, 30), True),  # last day of the authorisation
        (True, [D(0)], DAY, False),  # exempt only: no VAT to split
        (False, [D(22)], DAY, False),  # not a public body
        (False, [D(22)], dt.date(2026, 7, 1), False),
        (True, [D(0)], dt.date(2026, 7, 1), False),
        (True, [D(5)], dt.date(2026, 7, 1), r"vat\.split_payment"),  # unknown: said, not guessed
    ],
)
def test_split_payment(public_body, rates, on, expected):
    if isinstance(expected, str):
        with pytest.raises(ValidationError, match=expected) as error:
            split_payment(public_body=public_body, rates=rates, on=on)
        assert "split_payment" in error.value.message_dict
    else:
        assert split_payment(public_body=public_body, rates=rates, on=on) is expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("exempt", "expected"),
    [
        (D(0), None),
        (D("77.47"), None),
        (D("77.48"), D("2.00")),
        (D("1500"), D("2.00")),
    ],
)
def test_stamp_duty(exempt, expected):
    assert stamp_duty(exempt, DAY) == expected


@pytest.mark.django_db
def test_stamp_duty_numbers_come_from_the_parameter_table():
    Parameter.objects.filter(key="vat.stamp_threshold").update(value=D(100))
    Parameter.objects.filter(key="vat.stamp_duty").update(value=D(16))
    assert stamp_duty(D("99.99"), DAY) is None
    assert stamp_duty(D("100.01"), DAY) == D(16)


@dataclass(frozen=True)
class Row:
    vat_rate: Decimal | None
    natura: str
    building_service: bool = False


BUSINESS = {"kind": OrganizationKind.COMPANY, "partita_iva": "02345678903"}
PUBLIC = {"kind": OrganizationKind.PUBLIC_BODY, "codice_fiscale": "80012345678"}
PERSON = {"kind": OrganizationKind.ASSOCIATION, "codice_fiscale": "97012345678"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("buyer", "line", "on", "expected"),
    [
        # cleaning a building for a business: reverse charge, nothing else
        (BUSINESS, Row(None, "N6.7", True), DAY, "R-VAT-RC N6.7"),
        (BUSINESS, Row(D(22), "", True), DAY, "inversione contabile, natura N6.7"),
        (BUSINESS, Row(None, "N4", True), DAY, "inversione contabile, natura N6.7"),
        # not a building service, or not a business: N6.7 is refused, R-VAT-1 decides
        (BUSINESS, Row(None, "N6.7"), DAY, "Natura N6.7"),
        (BUSINESS, Row(D(22), ""), DAY, "R-VAT-1 22%"),
        (PUBLIC, Row(D(22), "", True), DAY, "R-VAT-1 22%"),
        (PUBLIC, Row(None, "N6.7", True), DAY, "Natura N6.7"),
        (PERSON, Row(D(22), "", True), DAY, "R-VAT-1 22%"),
        (PERSON, Row(None, "N6.7", True), DAY, "Natura N6.7"),
        # before L. 190/2014 (1/1/2015) cleaning was taxed as usual
        (BUSINESS, Row(D(22), "", True), dt.date(2014, 12, 31), "R-VAT-1 22%"),
        (BUSINESS, Row(None, "N6.7", True), dt.date(2014, 12, 31), "Natura N6.7"),
    ],
)
def test_reverse_charge_by_rule(buyer, line, on, expected):
    customer = OrganizationFactory.create(**buyer)
    rules, errors = line_rules([line], on, customer=customer)
    if expected.startswith("R-VAT"):
        assert (rules, errors) == ([expected], [])
    else:
        assert rules == []
        assert expected in errors[0]


@pytest.mark.django_db
def test_reverse_charge_comes_from_the_parameter_table():
    customer = OrganizationFactory.create(**BUSINESS)
    Parameter.objects.filter(key="vat.reverse_charge_buildings").update(value=D(0))
    assert line_rules([Row(D(22), "", True)], DAY, customer=customer) == (["R-VAT-1 22%"], [])


@pytest.mark.django_db
def test_the_parameters_are_read_in_one_query(django_assert_num_queries):
    customer = OrganizationFactory.create(**BUSINESS)
    lines = [Row(D(5), ""), Row(D(22), ""), Row(None, "N4"), Row(None, "N6.7", True)]
    with django_assert_num_queries(1):
        table = VatParameters.load()
    with django_assert_num_queries(0):
        rules, errors = line_rules(lines, DAY, customer=customer, parameters=table)
        split_payment(public_body=True, rates=[D(22)], on=DAY, parameters=table)
        stamp_duty(D(100), DAY, table)
    assert errors == []
    assert rules == ["R-VAT-1 5%", "R-VAT-1 22%", "R-VAT-1 N4", "R-VAT-RC N6.7"]
