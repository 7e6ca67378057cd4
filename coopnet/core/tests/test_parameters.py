import datetime as dt
from decimal import Decimal

import pytest

from coopnet.core.models import Parameter, Region
from coopnet.core.parameters import ParameterMissingError, parameter_value

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
