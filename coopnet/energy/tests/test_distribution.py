"""Distribution by the community's rules, stored: versions, the R-CER-6 cap, the true-up,
the GSE statement and the reconciliation. Settlements are written as stored results so that
every figure is round; the DST day of conftest checks the wiring on a real run."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from coopnet.core.models import AuditEntry
from coopnet.energy import selectors, services
from coopnet.energy.distribution import Figures
from coopnet.energy.models import (
    Distribution,
    DistributionKind,
    DistributionRule,
    GseStatement,
    Settlement,
)

from .conftest import DAY, PERSON, PLANT, SME, TOWN

YEAR = 2026


def settlement(org, first, last, premium, valorisation, injected, *, sme_kwh="3.000", final=True):
    """A stored run as the settlement writes it (the figures the pages show): the SME and
    the person share 4 kWh of the ``injected`` by the town's plant (a 20% grant: R-CER-6
    threshold 45%, so 10 kWh give no excess, 4 kWh 55% of the premium)."""
    person_kwh = Decimal("4.000") - Decimal(sme_kwh)
    config = {"code": "CP-NORD", "shared_kwh": "4.000", "injected_kwh": injected}
    plant = {"pod": PLANT, "configuration": "CP-NORD", "shared_kwh": "4.000", "f_factor": "0"}
    result = {
        "configurations": [{**config, "withdrawn_kwh": "4.000"}],
        "plants": [{**plant, "tip_eur": premium}],
        "missing": [],
        "input_hash": "0" * 64,
        "premium_eur": premium,
        "valorisation_eur": valorisation,
        "social_excess_eur": "0",
        "members": [
            {"tax_code": PERSON, "shared_kwh": str(person_kwh), "eur": "0", "premium_eur": "0"},
            {"tax_code": SME, "shared_kwh": sme_kwh, "eur": "0", "premium_eur": "0"},
        ],
    }
    return Settlement.objects.create(
        organization=org,
        first_day=first,
        last_day=last,
        input_hash="0" * 64,
        parameters={"valorisation_eur_mwh": "11.22"},
        result=result,
        final=final,
    )


def rule(org, day=dt.date(YEAR, 1, 1), quotas=("20", "70", "10")):
    owners, consumers, fund = (Decimal(q) for q in quotas)
    return services.rule_create(
        organization=org,
        actor=None,
        valid_from=day,
        owners_pct=owners,
        consumers_pct=consumers,
        fund_pct=fund,
        fund_purpose="Famiglie vulnerabili",
    )


def amounts(distribution):
    return {
        (r.member.tax_code if r.member else "fondo"): r
        for r in selectors.distribution_rows(distribution)
    }


def distribute(org, run):
    return services.distribution_create(organization=org, actor=None, settlement=run)


def test_quotas_must_add_up_to_100_and_the_error_names_the_field(registered):
    with pytest.raises(ValidationError) as refused:
        rule(registered, quotas=("20", "70", "5"))
    assert refused.value.message_dict == {
        "fund_pct": ["Le quote (titolari, consumatori, fondo) sommano a 95%: devono fare 100%."]
    }
    with pytest.raises(ValidationError) as negative:
        rule(registered, quotas=("-10", "100", "10"))
    assert list(negative.value.message_dict) == ["owners_pct"]
    assert not DistributionRule.objects.exists()


def test_a_version_is_never_changed_nor_backdated_over_a_distributed_period(registered):
    first = rule(registered)
    assert AuditEntry.objects.filter(action="energy.rule.create").count() == 1
    with pytest.raises(ValidationError, match="non si modifica"):
        first.save()
    with pytest.raises(ValidationError) as twice:
        rule(registered)
    assert "valid_from" in twice.value.message_dict
    distribute(
        registered,
        settlement(registered, dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 31), "9.00", "1.00", "10.000"),
    )
    with pytest.raises(ValidationError) as backdated:
        rule(registered, dt.date(YEAR, 1, 15))
    assert backdated.value.message_dict["valid_from"] == [
        "Il periodo fino al 31/01/2026 è già stato distribuito: la nuova versione deve partire "
        "dopo."
    ]
    assert rule(registered, dt.date(YEAR, 2, 1)).valid_from == dt.date(YEAR, 2, 1)


def test_the_yearly_distribution_caps_the_business_and_trues_up_the_months(registered):
    rule(registered)
    january = distribute(
        registered,
        settlement(registered, dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 31), "9.00", "1.00", "10.000"),
    )
    february_run = settlement(
        registered, dt.date(YEAR, 2, 1), dt.date(YEAR, 2, 28), "1.00", "1.00", "10.000"
    )
    distribute(registered, february_run)  # superseded by the later run of February
    february = distribute(
        registered,
        settlement(
            registered, dt.date(YEAR, 2, 1), dt.date(YEAR, 2, 28), "18.00", "2.00", "10.000"
        ),
    )
    # January, 10.00 €: town 20% = 2.00; consumers 7.00 by 3000 and 1000 Wh: SME 5.25,
    # person 1.75; fund 1.00. February, 20.00 €: 4.00, 10.50, 3.50, 2.00
    assert january.kind == DistributionKind.MONTHLY
    assert {k: r.eur for k, r in amounts(january).items()} == {
        TOWN: Decimal("2.00"),
        SME: Decimal("5.25"),
        PERSON: Decimal("1.75"),
        "fondo": Decimal("1.00"),
    }
    assert amounts(february)[SME].eur == Decimal("10.50")
    # the year, 100.00 €: 4 of 4 kWh shared, 100% - 45% = 55% of the 90.00 € premium (49.50)
    # above the threshold: the SME would get 70% x 3/4 = 52.50 > 100 - 49.50 = 50.50, so 2.00
    # go to the fund (10.00 + 2.00)
    year = distribute(
        registered,
        settlement(
            registered, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), "90.00", "10.00", "4.000"
        ),
    )
    assert (year.kind, year.reasons) == (DistributionKind.YEARLY, ["business_cap:CP-NORD"])
    assert (year.excess_eur, year.limit_eur, year.business_eur, year.cut_eur) == (
        Decimal("49.50"),
        Decimal("50.50"),
        Decimal("50.50"),
        Decimal("2.00"),
    )
    rows = amounts(year)
    assert (rows[SME].consumers_eur, rows[SME].cut_eur, rows[SME].eur) == (
        Decimal("52.50"),
        Decimal("2.00"),
        Decimal("50.50"),
    )
    assert rows[SME].business
    assert not rows[PERSON].business
    assert (rows[TOWN].owners_eur, rows[PERSON].eur) == (Decimal("20.00"), Decimal("17.50"))
    assert rows["fondo"].eur == year.fund_eur == Decimal("12.00")
    # the true-up: the year minus January and the latest February
    assert {k: (r.provisional_eur, r.balance_eur) for k, r in rows.items()} == {
        SME: (Decimal("15.75"), Decimal("34.75")),
        PERSON: (Decimal("5.25"), Decimal("12.25")),
        TOWN: (Decimal("6.00"), Decimal("14.00")),
        "fondo": (Decimal("3.00"), Decimal("9.00")),
    }
    assert list(rows)[-1] == "fondo"
    assert AuditEntry.objects.filter(action="energy.distribution.create").count() == 4


def test_the_same_settlement_is_distributed_once(registered):
    rule(registered)
    run = settlement(registered, dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 31), "1", "0", "10.000")
    assert distribute(registered, run) == distribute(registered, run)
    assert Distribution.objects.count() == 1
    assert AuditEntry.objects.filter(action="energy.distribution.create").count() == 1


@pytest.mark.parametrize(
    ("final", "with_rule", "message"),
    [
        (False, True, "La ripartizione è provvisoria (mancano dati): non si distribuisce."),
        (True, False, "Nessuna versione delle regole è in vigore il 01/03/2026."),
    ],
)
def test_refused_distributions_say_why(registered, final, with_rule, message):
    if with_rule:
        rule(registered)
    run = settlement(
        registered, dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 31), "1", "0", "10.000", final=final
    )
    with pytest.raises(ValidationError) as refused:
        distribute(registered, run)
    assert refused.value.message_dict == {"settlement": [message]}


def test_a_rule_change_inside_the_period_is_refused(registered):
    rule(registered)
    rule(registered, dt.date(YEAR, 7, 1))
    run = settlement(registered, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), "1", "0", "10.000")
    with pytest.raises(ValidationError, match="01/07/2026"):
        distribute(registered, run)


def test_a_real_settlement_distributed_by_hand(registered, meters_file, prices_file):
    services.prices_import(organization=registered, actor=None, path=prices_file)
    services.readings_import(organization=registered, actor=None, path=meters_file)
    run = services.settlement_run(organization=registered, actor=None, first_day=DAY, last_day=DAY)
    rule(registered)
    rows = {k: r.eur for k, r in amounts(distribute(registered, run)).items()}
    # 0.44 + 0.04 = 0.48 €: town 20% = 0.096; consumers 0.336 by 2333 and 1667 Wh: SME
    # 0.195972, person 0.140028; fund 0.048. Businesses (0.195972) under 0.48 - 0.09: the
    # group rounds to 0.20 (remainder .005972 beats .004028); the others' 0.28 gives the
    # last cent to the fund (.008 beats the town's .006 and the person's .000028)
    assert rows == {
        TOWN: Decimal("0.09"),
        SME: Decimal("0.20"),
        PERSON: Decimal("0.14"),
        "fondo": Decimal("0.05"),
    }


GSE_HEADER = "mese;configurazione;energia_condivisa_kwh;tip_eur;valorizzazione_eur\n"


def test_the_gse_statement_is_imported_once(registered, write):
    path = write(
        "gse.csv",
        GSE_HEADER + "03/2026;CP-NORD;4,000;0,45;0,04\n2026-04;CP-NORD;5;1;0,06\n",
        bom=True,
    )
    first = services.gse_import(organization=registered, actor=None, path=path)
    assert first.saved
    assert first.counts["righe del rendiconto GSE"]["created"] == 2
    again = services.gse_import(organization=registered, actor=None, path=path)
    assert again.counts["righe del rendiconto GSE"] == {"created": 0, "updated": 0, "unchanged": 2}
    changed = write(
        "gse2.csv",
        "mese,configurazione,energia_condivisa_kwh,tip_eur,"
        "valorizzazione_eur\n03/2026,CP-NORD,4,0.44,0.04\n",
    )
    report = services.gse_import(organization=registered, actor=None, path=changed)
    assert report.counts["righe del rendiconto GSE"]["updated"] == 1
    assert GseStatement.objects.get(month=dt.date(YEAR, 3, 1)).tip_eur == Decimal("0.44")
    assert AuditEntry.objects.filter(action="energy.gse.import").count() == 3


def test_a_bad_gse_statement_stores_nothing_and_says_where(registered, write):
    path = write(
        "gse.csv",
        GSE_HEADER
        + "\n".join(
            [
                "03/2026;CP-NORD;4;0,45;0,04",
                "13/2026;CP-NORD;4;0,45;0,04",
                "04/2026;CP-SUD;4;0,45;0,04",
                "05/2026;CP-NORD;-4;0,45;0,04",
                "06/2026;CP-NORD;4;0,451;0,04",
                "03/2026;CP-NORD;4;0,45;0,04",
            ]
        )
        + "\n",
    )
    report = services.gse_import(organization=registered, actor=None, path=path)
    assert [str(p) for p in report.errors] == [
        "gse.csv, riga 3: mese «13/2026» non è un mese plausibile mm/aaaa",
        "gse.csv, riga 4: configurazione «CP-SUD» sconosciuta",
        "gse.csv, riga 5: energia_condivisa_kwh «-4» è negativo",
        "gse.csv, riga 6: tip_eur «0,451»: al massimo 2 decimali",
        "gse.csv, riga 7: CP-NORD del 03/2026 è già alla riga 2",
    ]
    assert not report.saved
    assert not GseStatement.objects.exists()
    header = write("h.csv", "mese;configurazione;kwh\n")
    refused = services.gse_import(organization=registered, actor=None, path=header)
    assert "l'intestazione deve essere" in str(refused.errors[0])


def test_the_reconciliation_shows_every_difference(registered, write):
    settlement(registered, dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 31), "9.99", "0.04", "10.000")
    settlement(registered, dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 31), "0.44", "0.04", "10.000")
    settlement(registered, dt.date(YEAR, 5, 1), dt.date(YEAR, 5, 31), "1.00", "0.04", "10.000")
    settlement(registered, dt.date(YEAR, 5, 1), dt.date(YEAR, 5, 2), "7.00", "0.04", "10.000")
    path = write("gse.csv", GSE_HEADER + "03/2026;CP-NORD;4;0,45;0,04\n04/2026;CP-NORD;1;0,1;0\n")
    services.gse_import(organization=registered, actor=None, path=path)
    lines = selectors.reconciliation(registered)
    # March: the later run (0.44 of premium; 4 kWh x 11.22 €/MWh = 0.04488 -> 0.04) against
    # the GSE's 0.45; April only in the GSE; May (a whole month) not in the GSE
    assert [(line.month.month, line.status) for line in lines] == [
        (3, "different"),
        (4, "no_coopnet"),
        (5, "no_gse"),
    ]
    assert lines[0].differences == {
        "shared_kwh": Decimal(0),
        "tip_eur": Decimal("0.01"),
        "valorisation_eur": Decimal(0),
    }
    assert lines[2].coopnet == Figures(Decimal("4.000"), Decimal("1.00"), Decimal("0.04"))


def test_the_command_imports_the_gse_statement(registered, write):
    path = write("gse.csv", GSE_HEADER + "03/2026;CP-NORD;4;0,45;0,04\n")
    out = io.StringIO()
    call_command("energy_import", "--org", registered.slug, "--gse", str(path), stdout=out)
    assert "righe del rendiconto GSE: nuove 1" in out.getvalue()
    bad = write("bad.csv", GSE_HEADER + "03/2026;CP-NORD;x;0,45;0,04\n")
    with pytest.raises(CommandError, match="1 errori"):
        call_command("energy_import", "--org", registered.slug, "--gse", str(bad), stdout=out)
    assert GseStatement.objects.count() == 1


@pytest.mark.parametrize(
    ("drop", "said"),
    [
        ("configurations", "non contiene «configurations»"),
        ("premium_eur", "non contiene «premium_eur»"),
    ],
)
def test_a_stored_run_without_a_part_is_refused_naming_the_run(registered, drop, said):
    rule(registered)
    run = settlement(registered, dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 31), "9.00", "1.00", "10")
    Settlement.objects.filter(pk=run.pk).update(
        result={k: v for k, v in run.result.items() if k != drop}
    )
    run.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        distribute(registered, run)
    [message] = refused.value.message_dict["settlement"]
    assert message.startswith(f"La ripartizione n. {run.pk} (dal 01/01/2026 al 31/01/2026)")
    assert said in message
    assert not Distribution.objects.exists()


def test_a_stored_run_with_an_unreadable_part_is_refused(registered):
    rule(registered)
    run = settlement(registered, dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 31), "9.00", "1.00", "10")
    broken = {**run.result, "configurations": [{"code": "CP-NORD", "shared_kwh": "4.000"}]}
    Settlement.objects.filter(pk=run.pk).update(result=broken)
    run.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        distribute(registered, run)
    [message] = refused.value.message_dict["settlement"]
    assert "risultato incompleto o illeggibile (manca «injected_kwh»)" in message
    assert not Distribution.objects.exists()
