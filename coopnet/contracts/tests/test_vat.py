"""VAT by rule, each decision with its rule id: the rates of R-VAT-1, split payment (R-VAT-2)
with its dated EU authorisation, stamp duty (R-VAT-3); numbers from the parameter table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coopnet.contracts.vat import line_vat, split_payment, stamp_duty
from coopnet.core.models import Parameter

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
