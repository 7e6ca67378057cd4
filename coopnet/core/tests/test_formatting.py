"""One Italian format for numbers, money, hours and percentages, in pages and in exports."""

import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template
from openpyxl import load_workbook

from coopnet.core import formatting
from coopnet.core.exports import csv_response, xlsx_response


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1000"), "1.000,00 €"),
        (Decimal("1234567.891"), "1.234.567,89 €"),
        (Decimal("0.005"), "0,01 €"),
        (Decimal("-25.5"), "-25,50 €"),
        (0, "0,00 €"),
        (None, "—"),
    ],
)
def test_money(value, shown):
    assert formatting.money(value) == shown


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (143800, None, "143.800"),
        (Decimal("8.014"), None, "8,01"),
        (Decimal("3.0000"), None, "3"),
        (Decimal("1234.5"), 1, "1.234,5"),
        (-1234, None, "-1.234"),
        (Decimal("-0.001"), 2, "0,00"),
    ],
)
def test_number(value, places, shown):
    assert formatting.number(value, places) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("4.1"), "4 h 06 min"),
        (Decimal("4.10"), "4 h 06 min"),
        (Decimal("0.75"), "45 min"),
        (Decimal("38"), "38 h"),
        (Decimal("1250.5"), "1.250 h 30 min"),
        (Decimal("0"), "0 min"),
        (None, "—"),
    ],
)
def test_hours_are_hours_and_minutes(value, shown):
    assert formatting.hours(value) == shown


def test_minutes():
    assert formatting.minutes(246) == "4 h 06 min"
    assert formatting.minutes(-90) == "-1 h 30 min"


def test_percent():
    assert formatting.percent(Decimal("0.2727")) == "27,3%"
    assert formatting.percent(Decimal("0.3")) == "30%"
    assert formatting.percent(Decimal("12.5")) == "1.250%"


def test_exact_fractions_of_votes():
    assert formatting.number(Fraction(25, 2)) == "12,50"
    assert formatting.number(Fraction(3000, 1)) == "3.000"
    assert formatting.percent(Fraction(3, 11)) == "27,3%"


def test_csv_values_stay_parseable_by_an_italian_spreadsheet():
    assert formatting.csv_value(Decimal("1234.50")) == "1234,50"
    assert formatting.csv_value(0) == "0"
    assert formatting.csv_value(Decimal("0.00")) == "0,00"
    assert formatting.csv_value(dt.date(2026, 3, 9)) == "09/03/2026"
    assert formatting.csv_value(dt.datetime(2026, 7, 1, 8, 0, tzinfo=dt.UTC)) == "01/07/2026 10:00"
    assert formatting.csv_value(True) == "Sì"
    assert formatting.csv_value(None) == ""


def test_xlsx_cells_keep_a_number_format():
    assert formatting.xlsx_format(Decimal("1.5")) == "#,##0.00"
    assert formatting.xlsx_format(3) == "#,##0"
    assert formatting.xlsx_format(dt.date(2026, 1, 1)) == "DD/MM/YYYY"
    assert formatting.xlsx_format("testo") is None
    assert formatting.xlsx_format(True) is None


def test_template_filters():
    template = Template(
        "{% load formatting %}{{ a|money }} · {{ h|hours }} · {{ m|minutes }} · "
        "{{ n|number }} · {{ d|number:2 }} · {{ r|percent }}"
    )
    context = Context(
        {"a": Decimal("1000"), "h": Decimal("4.1"), "m": 75, "n": 12000, "d": 3, "r": 0.5}
    )
    assert template.render(context) == "1.000,00 € · 4 h 06 min · 1 h 15 min · 12.000 · 3,00 · 50%"


def test_csv_and_xlsx_exports_keep_numbers_numbers():
    header = ["Voce", "Importo", "Quote", "Da versare"]
    rows = [["Versato", Decimal("1234.50"), 0, Decimal("-25.00")]]
    text = csv_response("prova", header, rows).content.decode("utf-8-sig")
    assert text.splitlines()[1] == "Versato;1234,50;0;-25,00"

    sheet = load_workbook(io.BytesIO(xlsx_response("prova", header, rows).content)).active
    amount, shares, left = sheet["B2"], sheet["C2"], sheet["D2"]
    assert (amount.value, amount.number_format) == (Decimal("1234.5"), "#,##0.00")
    assert (shares.value, shares.number_format) == (0, "#,##0")
    assert left.value == -25
