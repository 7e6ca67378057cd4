"""Importing exchanges from a CSV file: all or nothing, each refused line named."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coopnet.community import selectors, services
from coopnet.community.models import Account, Transfer
from coopnet.core.models import AuditEntry

HEADER = "data;riceve;aiuta;minuti;categoria;nota\n"


def _import(org, text, *, encoding="utf-8"):
    return services.transfers_import(actor=None, organization=org, content=text.encode(encoding))


def _balance(account):
    return Account.objects.get(pk=account.pk).balance


def test_a_file_with_bom_and_commas_is_imported(org, accounts):
    anna, bruno, carla = accounts
    text = (
        "\ufeffdata,riceve,aiuta,minuti,categoria\n"
        f"01/03/2026,{anna.pk},{bruno.pk},60,Spesa e commissioni\n"
        f"2026-03-02,{anna.person.codice_fiscale},{carla.pk},30,cura del verde\n"
    )
    written = _import(org, text)
    assert len(written) == 2
    assert (_balance(anna), _balance(bruno), _balance(carla)) == (-90, 60, 30)
    assert AuditEntry.objects.filter(action="community.transfer.import").count() == 1
    # the same file again writes nothing new
    assert _import(org, text) == written
    assert Transfer.objects.count() == 2
    assert selectors.ledger_check(org).ok


def test_a_refused_line_refuses_the_file_and_names_each_reason(org, accounts):
    anna, bruno, _carla = accounts
    text = HEADER + "\n".join(
        [
            f"01/03/2026;{anna.pk};{bruno.pk};60;Spesa e commissioni;ok",
            f"31/02/2026;{anna.pk};{bruno.pk};60;Spesa e commissioni;",
            f"01/03/2026;{anna.pk};{anna.pk};60;Spesa e commissioni;",
            f"01/03/2026;{anna.pk};999999;60;Spesa e commissioni;",
            f"01/03/2026;{anna.pk};{bruno.pk};0;Spesa e commissioni;",
            f"01/03/2026;{anna.pk};{bruno.pk};30;Giardinaggio;",
            f"01/03/2026;{anna.pk};{bruno.pk};600;Spesa e commissioni;",
        ]
    )
    with pytest.raises(ValidationError) as refused:
        _import(org, text)
    reasons = refused.value.message_dict["file"]
    assert [r.split(":")[0] for r in reasons] == [
        "Riga 3",
        "Riga 4",
        "Riga 5",
        "Riga 6",
        "Riga 7",
        "Riga 8",
    ]
    assert "data «31/02/2026» non valida" in reasons[0]
    assert "se stesso" in reasons[1]
    assert "nessun conto «999999»" in reasons[2]
    assert "maggiore di zero" in reasons[3]
    assert "categoria «Giardinaggio» sconosciuta" in reasons[4]
    assert "sotto il minimo" in reasons[5]  # 60 of line 2 plus 600 go below -600
    assert not Transfer.objects.exists()
    assert (_balance(anna), _balance(bruno)) == (0, 0)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "non contiene scambi"),
        (b"data;chi;minuti\n01/03/2026;1;60\n", "Mancano le colonne: riceve, aiuta, categoria"),
        (HEADER.encode(), "non contiene scambi"),
    ],
)
def test_a_file_that_is_not_a_list_of_exchanges_is_refused(org, accounts, content, reason):
    with pytest.raises(ValidationError) as refused:
        services.transfers_import(actor=None, organization=org, content=content)
    assert reason in refused.value.message_dict["file"][0]
