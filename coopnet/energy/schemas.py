"""The settlement as the API and `energy_settle --json` give it (issue 13 §8): energy in kWh
and euros as decimal strings, exact; the stored result plus the run's identity."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ValidationError as SchemaError

from .models import Settlement


class ConfigurationOut(Schema):
    code: str = Field(description="Codice della configurazione (una per cabina primaria).")
    injected_kwh: str = Field(description="Energia immessa dagli impianti incentivati, kWh.")
    withdrawn_kwh: str = Field(description="Energia prelevata dai punti dei membri, kWh.")
    shared_kwh: str = Field(
        description="Energia condivisa, somma oraria di min(immessa; prelevata)."
    )
    social_threshold_pct: str = Field(description="Soglia R-CER-6: 55, o 45 con contributo.")
    social_excess_pct: str = Field(description="Punti percentuali oltre la soglia.")


class PlantOut(Schema):
    pod: str
    configuration: str
    incentivised: bool = Field(description="Falso: preesistente o contributo oltre il 40%.")
    shared_kwh: str
    shared_exempt_kwh: str = Field(description="Parte condivisa con punti esenti da F.")
    tip_eur: str = Field(description="Tariffa premio dell'impianto, euro.")
    f_factor: str = Field(description="F = 0,50 x contributo% / 40 (R-CER-5).")


class MemberOut(Schema):
    tax_code: str
    business: bool = Field(description="Impresa: limitata dalla regola R-CER-6.")
    shared_kwh: str
    configurations: dict[str, str] = Field(
        default_factory=dict, description="Energia condivisa in ciascuna configurazione, kWh."
    )
    eur: str = Field(description="Premio e valorizzazione della sua energia condivisa, euro.")
    premium_eur: str = Field(description="Di cui tariffa premio, euro.")


class GapOut(Schema):
    kind: str = Field(description="prelievo, immissione o prezzo.")
    key: str = Field(description="POD o zona di mercato.")
    from_: str = Field(alias="from", description="Inizio della prima ora mancante (UTC).")
    to: str = Field(description="Inizio dell'ultima ora mancante (UTC).")
    hours: int


class SettlementOut(Schema):
    id: int
    first_day: str
    last_day: str
    created_at: str
    final: bool = Field(description="Falso quando mancano ore di letture o prezzi.")
    input_hash: str = Field(description="SHA-256 di dati e parametri usati.")
    configurations: list[ConfigurationOut]
    plants: list[PlantOut]
    valorisation_eur: str
    premium_eur: str
    social_excess_eur: str = Field(description="Premio oltre la soglia R-CER-6.")
    members: list[MemberOut]
    missing: list[GapOut]
    warnings: list[str] = Field(description="Regole incerte usate ([U], [S]).")


def settlement_document(settlement: Settlement) -> dict[str, Any]:
    """The stored run as one JSON object: its identity, then the result as computed."""
    return {
        "id": settlement.pk,
        "first_day": settlement.first_day.isoformat(),
        "last_day": settlement.last_day.isoformat(),
        "created_at": settlement.created_at.isoformat(),
        **settlement.result,
    }


def checked_document(settlement: Settlement) -> dict[str, Any]:
    """``settlement_document``, refused (a ValidationError naming the run and the parts) when
    the stored result lacks what the schema documents: a run stored by an older coopnet or
    written by hand answers 422 with the reason, never 500."""
    document = settlement_document(settlement)
    try:
        SettlementOut.model_validate(document)
    except SchemaError as error:
        parts = sorted({str(e["loc"][0]) for e in error.errors() if e["loc"]})
        raise ValidationError(
            {
                "settlement": _(
                    "La ripartizione n. %(pk)s (dal %(first)s al %(last)s) registrata non ha la "
                    "forma documentata (%(parts)s): calcola di nuovo la ripartizione del periodo."
                )
                % {
                    "pk": settlement.pk,
                    "first": f"{settlement.first_day:%d/%m/%Y}",
                    "last": f"{settlement.last_day:%d/%m/%Y}",
                    "parts": ", ".join(f"«{p}»" for p in parts),
                }
            }
        ) from error
    return document
