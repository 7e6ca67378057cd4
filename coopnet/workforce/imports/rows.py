"""Parsing one row of the import file, with every error in it named by its column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale

from coopnet.members.imports import parse_date, parse_decimal

from ..models import Branch, ContractType, DisadvantageCategory
from .columns import SENSITIVE_COLUMNS


class RowError(Exception):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass
class ParsedRow:
    line: int
    codice_fiscale: str
    surname: str
    given_name: str
    employment: dict[str, Any]
    status: dict[str, Any] | None
    has_sensitive: bool


def parse_row(line: int, raw: dict[str, Any]) -> ParsedRow:
    errors: list[tuple[str, str]] = []

    def text(column: str) -> str:
        value = raw.get(column, "")
        if isinstance(value, Decimal):
            return format(value, "f")
        return str(value or "").strip()

    def date(column: str, *, required: bool) -> dt.date | None:
        try:
            value = parse_date(raw.get(column))
        except ValueError:
            errors.append((column, _("data non valida: scrivila come gg/mm/aaaa.")))
            return None
        if value is None and required:
            errors.append((column, _("la data è obbligatoria.")))
        return value

    def number(column: str, *, required: bool) -> Decimal | None:
        try:
            value = parse_decimal(raw.get(column))
        except ValueError:
            errors.append((column, _("numero non valido.")))
            return None
        if value is None and required:
            errors.append((column, _("il valore è obbligatorio.")))
        return value

    cf = codicefiscale.compact(text("codice_fiscale"))
    try:
        codicefiscale.validate(cf)
        if len(cf) != 16:
            raise StdnumError
    except StdnumError:
        errors.append(("codice_fiscale", _("codice fiscale di persona fisica non valido.")))
    surname, given_name = text("cognome"), text("nome")
    if not surname:
        errors.append(("cognome", _("il cognome è obbligatorio.")))
    if not given_name:
        errors.append(("nome", _("il nome è obbligatorio.")))
    contract = text("tipo_contratto").lower()
    if contract not in ContractType.values:
        errors.append(
            (
                "tipo_contratto",
                _("tipo di contratto sconosciuto: usa uno di %(v)s.")
                % {"v": ", ".join(ContractType.values)},
            )
        )
    branch = text("ramo").upper()
    if branch and branch not in Branch.values:
        errors.append(("ramo", _("il ramo è A, B o vuoto.")))
    employment = {
        "contract_type": contract,
        "branch": branch,
        "weekly_hours": number("ore_settimanali", required=True),
        "start_date": date("data_inizio", required=True),
        "end_date": date("data_fine", required=False),
        "gross_annual_pay": number("retribuzione_annua_lorda", required=False),
    }
    flag = text("svantaggiato").lower()
    sensitive_values = [text(c) for c in SENSITIVE_COLUMNS[1:]]
    has_sensitive = flag in ("si", "sì") or any(sensitive_values)
    status = None
    if flag in ("si", "sì"):
        category = text("categoria_svantaggio").lower()
        if category not in DisadvantageCategory.values:
            errors.append(
                (
                    "categoria_svantaggio",
                    _("categoria mancante o sconosciuta: usa uno dei codici di R-381-4a."),
                )
            )
        if not text("ente_certificatore"):
            errors.append(("ente_certificatore", _("indica l'ente che certifica (R-381-4d).")))
        status = {
            "category": category,
            "certifying_body": text("ente_certificatore"),
            "valid_from": date("valido_dal", required=True),
            "valid_to": date("valido_al", required=False),
        }
    elif flag in ("no", ""):
        if any(sensitive_values):
            errors.append(
                (
                    "svantaggiato",
                    _("i dati di svantaggio sono compilati ma svantaggiato non è «si»."),
                )
            )
    else:
        errors.append(("svantaggiato", _("scrivi «si» o «no».")))
    if errors:
        raise RowError(errors)
    return ParsedRow(line, cf, surname, given_name, employment, status, has_sensitive)
