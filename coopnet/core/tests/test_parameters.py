import datetime as dt
from decimal import Decimal

import pytest

from coopnet.core.models import Parameter, Region
from coopnet.core.parameters import (
    ParameterMissingError,
    parameter_periods,
    parameter_periods_of,
    parameter_value,
    value_in_periods,
)

pytestmark = pytest.mark.django_db


def test_value_changes_on_the_date_the_decree_applies():
    # given the holding cap raised by the 2024 decree (seeded by migration)
    # when / then
    assert parameter_value("cc.holding_max", dt.date(2024, 10, 17)) == Decimal("100000")
    assert parameter_value("cc.holding_max", dt.date(2024, 10, 18)) == Decimal("143800")


def test_regional_value_wins_over_national():
    lazio = Region.objects.get(name="Lazio")
    Parameter.objects.create(
        key="r381.disadvantaged_window_days",
        value=Decimal("180"),
        valid_from=dt.date(2020, 1, 1),
        region=lazio,
        source="legge regionale di prova",
    )
    on = dt.date(2025, 1, 1)
    assert parameter_value("r381.disadvantaged_window_days", on, region=lazio) == 180
    assert parameter_value("r381.disadvantaged_window_days", on, region="03") == 365
    assert parameter_value("r381.disadvantaged_window_days", on) == 365


def test_periods_read_once_give_the_same_values_as_one_day_lookups():
    # given the holding cap, changed by the 2024 decree, and a regional row that must not count
    Parameter.objects.create(
        key="cc.holding_max",
        value=Decimal("1"),
        valid_from=dt.date(2024, 1, 1),
        region=Region.objects.get(name="Lazio"),
        source="legge regionale di prova",
    )
    periods = parameter_periods("cc.holding_max")
    # then each day gives the national value in force, and nothing before the first row
    for day in (dt.date(2024, 10, 17), dt.date(2024, 10, 18), dt.date(1999, 1, 1)):
        assert value_in_periods(periods, day) == parameter_value("cc.holding_max", day)
    assert value_in_periods(periods, dt.date(2024, 10, 18)) == Decimal("143800")
    assert value_in_periods(periods, dt.date(1930, 1, 1)) is None


def test_periods_of_several_keys_come_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        found = parameter_periods_of(["cc.holding_max", "vat.rate_ordinary", "no.such_key"])
    assert found["cc.holding_max"] == parameter_periods("cc.holding_max")
    assert found["vat.rate_ordinary"] == parameter_periods("vat.rate_ordinary")
    assert "no.such_key" not in found


def test_missing_parameter_raises():
    with pytest.raises(ParameterMissingError):
        parameter_value("r381.volunteer_expense_day_max", dt.date(2019, 1, 1))


def test_every_domain_rule_number_is_seeded():
    keys = set(Parameter.objects.values_list("key", flat=True))
    for key in (
        "r381.volunteer_max_share",
        "r381.disadvantaged_min_share",
        "r381.consortium_social_coop_min_share",
        "cc.voting_min_days",
        "cc.proxy_max_per_delegate",
        "is.pay_ratio_max",
        "net.human_scale_max_members",
    ):
        assert key in keys


def test_a_day_before_the_first_value_names_the_first_day():
    # given the holding cap, on record since the Civil Code of 1942
    # when it is asked for a day before
    with pytest.raises(ParameterMissingError) as caught:
        parameter_value("cc.holding_max", dt.date(1930, 5, 1))
    # then the error says in the user's words which days coopnet knows
    message = caught.value.user_message()
    assert "cc.holding_max" in message
    assert "01/05/1930" in message
    assert "21/04/1942" in message


@pytest.mark.parametrize(
    ("key", "on", "euro"),
    [
        # c.c. 1942 art. 2521: a share at least 100 lire, an azione at most 1,000 lire
        ("cc.share_min_value", dt.date(1943, 1, 1), "0.05"),
        ("cc.share_max_value", dt.date(1943, 1, 1), "0.52"),
        # D.L.C.P.S. 1577/1947 art. 24: 500 lire, 10,000 lire, holding 250,000 lire
        ("cc.share_min_value", dt.date(1975, 3, 1), "0.26"),
        ("cc.share_max_value", dt.date(1975, 3, 1), "5.16"),
        ("cc.holding_max", dt.date(1975, 3, 1), "129.11"),
        # L. 59/1992 art. 3: 50,000 lire, 1,000,000 lire, holding 80 million lire
        ("cc.share_min_value", dt.date(1992, 2, 22), "25.82"),
        ("cc.share_max_value", dt.date(2003, 12, 31), "516.46"),
        ("cc.holding_max", dt.date(1995, 6, 1), "41316.55"),
        ("cc.holding_max", dt.date(2003, 12, 31), "50000"),
        # the reform of 2003 (D.Lgs. 6/2003), in force from 2004
        ("cc.share_min_value", dt.date(2004, 1, 1), "25"),
        # old art. 2527 c.c.: 30 days to oppose an exclusion; old art. 2526: 3 months' notice
        ("cc.exclusion_opposition_days", dt.date(1990, 1, 1), "30"),
        ("cc.withdrawal_notice_months", dt.date(1990, 1, 1), "3"),
    ],
)
def test_share_rules_go_back_to_the_civil_code_of_1942_in_euro(key, on, euro):
    assert parameter_value(key, on) == Decimal(euro)
