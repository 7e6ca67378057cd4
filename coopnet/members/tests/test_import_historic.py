"""A libro soci that goes back decades: rules of their day, or a clear reason per line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coopnet.members import services
from coopnet.members.models import Membership, MembershipStatus

from .factories import applicant
from .factories import member as member_factory
from .test_import import errors_by_line, member, run, write_csv

# A register kept since 1975; lira amounts converted to euro (50,000 lire = 25.82 euro).
HISTORIC_ROWS = [
    member("Antichi", "Aldo", data_domanda="10/02/1975", data_ammissione="12/03/1975",
           numero_libro_soci="1", azioni_sottoscritte="2", valore_nominale="2,58",
           importo_versato="5,16", data_uscita="31/12/1990", causa_uscita="recesso"),
    member("Bassi", "Bruna", data_domanda="02/04/1990", data_ammissione="20/04/1990",
           numero_libro_soci="2", azioni_sottoscritte="1", valore_nominale="25,82",
           importo_versato="25,82", data_uscita="15/06/1995", causa_uscita="esclusione"),
    member("Conti", "Carlo", data_domanda="01/09/2003", data_ammissione="15/09/2003",
           numero_libro_soci="3", azioni_sottoscritte="4", valore_nominale="25,82",
           importo_versato="103,28"),
]  # fmt: skip


def test_a_register_going_back_to_1975_imports_with_the_rules_of_its_time(org, tmp_path):
    # given admissions in 1975 (lire converted to euro), 1990 and 2003, with old exits
    path = write_csv(tmp_path / "storico.csv", HISTORIC_ROWS)
    # when it is checked and imported
    check = run(org, path, dry_run=True)
    report = run(org, path)
    # then no row fails and every member is on the register with their capital in euro
    assert check.errors == []
    assert report.errors == []
    assert report.saved
    by_surname = {m.person.surname: m for m in Membership.objects.select_related("person")}
    assert by_surname["Antichi"].status == MembershipStatus.WITHDRAWN
    # R-CC-2532 as the old art. 2526 said it: notice by 30/09, relation ends with the year
    assert by_surname["Antichi"].mutual_relation_ends_on == dt.date(1991, 12, 31)
    # the old art. 2527: 30 days to oppose an exclusion (60 only since 2004)
    assert by_surname["Bassi"].opposition_deadline == dt.date(1995, 7, 15)
    assert by_surname["Conti"].share_account.subscribed == Decimal("103.28")


def test_a_share_below_the_minimum_of_its_day_is_refused_with_that_minimum(org, tmp_path):
    # given a 1995 admission with 10,000-lire shares, under the 50,000 lire of L. 59/1992
    row = member("Piccoli", "Pia", data_domanda="01/03/1995", data_ammissione="01/04/1995",
                 azioni_sottoscritte="2", valore_nominale="5,16", importo_versato="")  # fmt: skip
    # when it is checked
    report = run(org, write_csv(tmp_path / "soci.csv", [row]), dry_run=True)
    # then the line says which minimum applied
    assert "inferiore al minimo di 25,82 €" in errors_by_line(report)[2]


def test_rows_before_the_rules_on_record_get_a_reason_not_a_crash(org, tmp_path):
    # given an admission in 1930 (before the Civil Code of 1942) and a volunteer member in
    # 1985 (volunteer members exist since L. 381/1991)
    rows = [
        member("Vecchi", "Vito", data_domanda="01/01/1930", data_ammissione="02/02/1930"),
        member("Volontari", "Vera", categoria="volontario", data_domanda="01/01/1985",
               data_ammissione="01/02/1985", azioni_sottoscritte="1", valore_nominale="0,26",
               importo_versato=""),
    ]  # fmt: skip
    # when the file is checked
    report = run(org, write_csv(tmp_path / "soci.csv", rows), dry_run=True)
    # then each line names the value coopnet lacks and since when it knows it
    errors = errors_by_line(report)
    assert "cc.share_min_value" in errors[2]
    assert "02/02/1930" in errors[2]
    assert "21/04/1942" in errors[2]
    assert "R-381-2a" in errors[3]
    assert "18/12/1991" in errors[3]


def test_a_subscription_dated_1990_follows_the_rules_of_1990(org):
    # given a member admitted in 1988 and the statute's 25-euro share
    membership = member_factory(
        org, applied_on=dt.date(1988, 4, 1), admitted_on=dt.date(1988, 5, 1)
    )
    # when a subscription dated 1990 is recorded above the 250,000-lire cap of that time
    with pytest.raises(ValidationError) as caught:
        services.shares_subscribe(
            actor=None, membership=membership, shares=6, date=dt.date(1990, 3, 1)
        )
    # then it is refused with the cap of 1990, not a server error
    assert "129,11 €" in str(caught.value)
    assert "01/03/1990" in str(caught.value)
    # and within the cap it is recorded
    line = services.shares_subscribe(
        actor=None, membership=membership, shares=5, date=dt.date(1990, 3, 1)
    )
    assert line.subscribed_delta == Decimal("125.00")


def test_a_subscription_before_1942_is_a_form_error(org):
    membership = member_factory(
        org, applied_on=dt.date(1920, 4, 1), admitted_on=dt.date(1920, 5, 1)
    )
    with pytest.raises(ValidationError) as caught:
        services.shares_subscribe(
            actor=None, membership=membership, shares=1, date=dt.date(1930, 3, 1)
        )
    assert "share_nominal_value" in caught.value.message_dict


def test_a_volunteer_admitted_before_law_381_is_a_form_error(org):
    # volunteer members exist since L. 381/1991: an admission in 1985 names that, not a 500
    membership = applicant(org, category="volontario", applied_on=dt.date(1985, 1, 10))
    with pytest.raises(ValidationError) as caught:
        services.membership_admit(
            actor=None, membership=membership, admitted_on=dt.date(1985, 2, 1), decision_ref="CdA"
        )
    assert "18/12/1991" in caught.value.message_dict["category"][0]
